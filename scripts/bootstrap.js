#!/usr/bin/env node
/* eslint-disable */
// First step of `npm start`, `npm test` and `npm run build` on a fresh clone: installs the npm
// dependencies when they are missing or stale, builds the web console when its sources changed
// (also with --deps-only, unless --no-web), then (unless --deps-only) compiles TypeScript
// incrementally, regenerates the console's API types when the API changed (building the console
// after that), and rebuilds the workflow bundle when workflow code changed. Plain JavaScript on
// purpose: it runs before anything is installed.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const depsOnly = process.argv.includes('--deps-only');
const say = (m) => process.stdout.write(`[bangfu] ${m}\n`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    say(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function newestUnder(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(p) : mtime(p));
  }
  return newest;
}

// 1. dependencies
const marker = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (
  !fs.existsSync(marker) ||
  mtime(lock) > mtime(marker) ||
  mtime(path.join(root, 'package.json')) > mtime(marker)
) {
  // `npm ci`, as the Dockerfile does: exactly the committed lock file, which it never rewrites (a
  // fresh clone stays clean; .ci/run checks it). The lock file is complete, with every platform's
  // optional binaries (test/unit/lockfile.spec.ts); when package.json and it disagree, npm ci
  // refuses: run `npm install <pkg>@<version>` and commit both files.
  say('installing npm dependencies (npm ci, from package-lock.json)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// 2. the web console (apps/web → dist/web, served by the API at /), when its sources, the lock file
// or the build config are newer than the last build. Runs for `npm test` too (--deps-only): the
// browser tests drive the built console. It is type-checked first, against the API types generated
// from the OpenAPI document (apps/web/src/api/schema.d.ts, step 3b).
function buildWeb() {
  const webIndex = path.join(root, 'dist', 'web', 'index.html');
  const webSources = Math.max(newestUnder(path.join(root, 'apps', 'web')), mtime(lock));
  if (process.argv.includes('--no-web') || mtime(webIndex) >= webSources) return;
  say('type-checking the web console against the generated API types…');
  run(process.execPath, [
    path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    path.join(root, 'apps', 'web', 'tsconfig.json'),
    '--noEmit',
  ]);
  say('building the web console (vite)…');
  run(process.execPath, [
    path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    path.join(root, 'apps', 'web', 'vite.config.mts'),
    '--logLevel',
    'warn',
  ]);
}
if (depsOnly) {
  buildWeb();
  process.exit(0);
}

// 3. TypeScript → dist/ (incremental: a second run only checks what changed)
say('compiling TypeScript…');
run(process.execPath, [
  path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  '-p',
  'tsconfig.build.json',
]);

// 3b. the console's API types (npm run api:types) when the API changed since they were generated:
// apps/web/openapi.json and apps/web/src/api/schema.d.ts are rewritten only when they differ (both
// are committed; test/unit/openapi-types.spec.ts fails when they are stale). Then the console.
const apiTypes = path.join(root, 'apps', 'web', 'src', 'api', 'schema.d.ts');
const apiJson = path.join(root, 'apps', 'web', 'openapi.json');
const apiSources = Math.max(...['apps/api/src', 'libs/domain'].map((d) => newestUnder(path.join(root, d))));
if (Math.min(mtime(apiTypes), mtime(apiJson)) < apiSources) {
  say('generating the console API types from the OpenAPI document…');
  run(process.execPath, [path.join(root, 'dist', 'scripts', 'openapi.js')]);
  const now = new Date();
  for (const f of [apiTypes, apiJson]) fs.utimesSync(f, now, now);
}
buildWeb();

// 4. workflow bundle, when workflow code (or what it imports) is newer than the bundle
const bundle = path.join(root, 'dist', 'workflow-bundle.js');
const sources = Math.max(
  ...['workflows', 'libs/domain', 'libs/temporal', 'activities'].map((d) => newestUnder(path.join(root, d))),
);
if (mtime(bundle) < sources) {
  say('bundling workflow code…');
  run(process.execPath, [path.join(root, 'dist', 'scripts', 'build-workflow-bundle.js')]);
}
