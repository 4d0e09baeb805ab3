import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../../../libs/config/env';

/** Express "trust proxy" from TRUST_PROXY: a hop count, true/false, or a list of addresses. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * Browser-facing hardening (see docs/security.md): helmet's headers with a CSP the console works
 * under (scripts from this origin only; antd's runtime styles need inline styles), no
 * X-Powered-By, HSTS on requests that came over TLS, CORS closed unless CORS_ORIGINS names origins.
 */
export function applySecurityHeaders(app: INestApplication, config: AppConfig): void {
  const http = app.getHttpAdapter().getInstance() as {
    disable(name: string): void;
    set(name: string, value: unknown): void;
  };
  http.disable('x-powered-by');
  http.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          scriptSrcAttr: ["'none'"],
        },
      },
      hsts: false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (config.HSTS_MAX_AGE > 0) {
    const value = `max-age=${config.HSTS_MAX_AGE}; includeSubDomains`;
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.secure) res.setHeader('Strict-Transport-Security', value);
      next();
    });
  }
  const origins = (config.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (origins.length) {
    app.enableCors({
      origin: origins,
      credentials: false,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Content-Disposition', 'Retry-After'],
      maxAge: 600,
    });
  }
}
