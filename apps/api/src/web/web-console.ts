import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import express from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../../../libs/infra/paths';

/** Paths the console's SPA fallback never answers: they belong to the API and its tooling. */
const RESERVED = /^\/(api|docs|docs-json|health|metrics)(\/|$)/;

/** Where the built console lives (`scripts/bootstrap.js` builds apps/web into dist/web). */
export function webConsoleDir(): string {
  return path.resolve(process.env.WEB_CONSOLE_DIR ?? path.join(projectRoot(), 'dist', 'web'));
}

/**
 * Serves the web console at `/`: its static files, and index.html for any other GET that asks for
 * HTML (client-side routes such as /inbox or /tasks/:id), never for /api, /docs, /health or
 * /metrics. Without a build (dist/web/index.html missing) the API runs on and says so once.
 */
export function mountWebConsole(app: INestApplication): void {
  const dir = webConsoleDir();
  const index = path.join(dir, 'index.html');
  const log = new Logger('WebConsole');
  if (!fs.existsSync(index)) {
    log.warn(`no web console build at ${dir}: run "npm run build" to serve it at /`);
    return;
  }
  const http = app.getHttpAdapter().getInstance() as express.Express;
  // hashed asset names: cache for a year; index.html: always revalidate
  http.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
  );
  http.use(express.static(dir, { index: false, maxAge: 0 }));
  http.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path)) return next();
    if (path.extname(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
