import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildOpenApiDocument } from '../apps/api/src/openapi';

/**
 * The console's API types, generated from the API itself (`npm run api:types`):
 * `apps/web/openapi.json` (the OpenAPI document, keys of paths and schemas sorted) and
 * `apps/web/src/api/schema.d.ts` (openapi-typescript). Both are committed; `--check` (and the unit
 * test test/unit/openapi-types.spec.ts) fails when they are stale. No database or Temporal needed.
 */
const root = path.resolve(
  __dirname,
  '..',
  ...(path.basename(path.dirname(__dirname)) === 'dist' ? ['..'] : []),
);
export const OPENAPI_JSON = path.join(root, 'apps', 'web', 'openapi.json');
export const SCHEMA_TS = path.join(root, 'apps', 'web', 'src', 'api', 'schema.d.ts');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function sortKeys(o: Record<string, Json> | undefined): Record<string, Json> | undefined {
  if (!o) return o;
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The document as committed: paths and component schemas in name order (the module order does not matter). */
export async function openApiJson(): Promise<string> {
  const doc = JSON.parse(JSON.stringify(await buildOpenApiDocument())) as {
    paths: Record<string, Json>;
    components?: { schemas?: Record<string, Json> };
  };
  doc.paths = sortKeys(doc.paths)!;
  if (doc.components?.schemas) doc.components.schemas = sortKeys(doc.components.schemas);
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** TypeScript for the document (`paths`, `components`, `operations`), by scripts/openapi-types.mjs. */
export function schemaTypes(json: string): string {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'openapi-types.mjs')], {
    cwd: root,
    input: json,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`openapi-typescript failed (exit ${r.status ?? r.signal}): ${r.stderr}`);
  return r.stdout;
}

export async function generate(): Promise<{ json: string; types: string }> {
  const json = await openApiJson();
  return { json, types: schemaTypes(json) };
}

function read(p: string): string | null {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const { json, types } = await generate();
  const stale = [
    [OPENAPI_JSON, json],
    [SCHEMA_TS, types],
  ].filter(([p, text]) => read(p!) !== text);
  for (const [p, text] of stale) {
    if (check) process.stderr.write(`stale: ${path.relative(root, p!)} (run npm run api:types)\n`);
    else writeFileSync(p!, text!);
  }
  if (check && stale.length) process.exit(1);
  if (!check)
    process.stdout.write(
      stale.length
        ? `wrote ${stale.map(([p]) => path.relative(root, p!)).join(', ')}\n`
        : 'API types up to date\n',
    );
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
