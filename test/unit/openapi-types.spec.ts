import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generate, OPENAPI_JSON, SCHEMA_TS } from '../../scripts/openapi';

// The console compiles against apps/web/src/api/schema.d.ts, generated from the API's OpenAPI
// document (apps/web/openapi.json). Both are committed: when an API DTO or route changes, run
// `npm run api:types` and commit the result. No database or Temporal: Nest's preview mode.
describe('console API types', () => {
  let generated: { json: string; types: string };
  beforeAll(async () => {
    generated = await generate();
  });

  /** null when fresh, else where the committed file first differs (and what to run). */
  function staleness(file: string, fresh: string): string | null {
    let old: string;
    try {
      old = readFileSync(file, 'utf8');
    } catch {
      old = '';
    }
    if (old === fresh) return null;
    const a = old.split('\n');
    const b = fresh.split('\n');
    const i = b.findIndex((line, n) => a[n] !== line);
    const at = i === -1 ? a.length : i;
    return [
      `${path.relative(process.cwd(), file)} is stale: run \`npm run api:types\` and commit the result.`,
      `first difference at line ${at + 1}:`,
      `  committed: ${a[at] ?? '(end of file)'}`,
      `  generated: ${b[at] ?? '(end of file)'}`,
    ].join('\n');
  }

  it('apps/web/openapi.json is the document the API builds', () => {
    expect(staleness(OPENAPI_JSON, generated.json)).toBeNull();
  });

  it('apps/web/src/api/schema.d.ts is what openapi-typescript makes of it', () => {
    expect(staleness(SCHEMA_TS, generated.types)).toBeNull();
  });

  it('documents the responses the console reads', () => {
    const doc = JSON.parse(generated.json) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    const reads: Array<[string, string]> = [
      ['/api/auth/login', 'post'],
      ['/api/workers', 'get'],
      ['/api/workers/{id}', 'get'],
      ['/api/workers/{id}/national-id', 'get'],
      ['/api/households/{id}', 'get'],
      ['/api/programs', 'get'],
      ['/api/files', 'get'],
      ['/api/files', 'post'],
      ['/api/files/{id}', 'get'],
      ['/api/files/{id}/attachments', 'get'],
      ['/api/files/{id}/attachments', 'post'],
      ['/api/cases', 'get'],
      ['/api/cases', 'post'],
      ['/api/cases/{id}', 'get'],
      ['/api/cases/{id}/attachments', 'get'],
      ['/api/cases/{id}/attachments', 'post'],
      ['/api/tasks', 'get'],
      ['/api/tasks/{id}', 'get'],
      ['/api/early-warnings', 'get'],
      ['/api/early-warnings/{id}', 'get'],
      ['/api/loans', 'get'],
      ['/api/loans/{id}', 'get'],
      ['/api/finance/aging', 'get'],
      ['/api/finance/statements/{workerId}', 'get'],
      ['/api/finance/balances', 'get'],
      ['/api/finance/budget-vs-actual', 'get'],
      ['/api/repayment-imports', 'post'],
      ['/api/repayment-imports/{id}', 'get'],
      ['/api/reassessments', 'get'],
      ['/api/reassessments', 'post'],
      ['/api/reassessments/{id}', 'get'],
    ];
    const untyped = reads.filter(([p, m]) => {
      const responses = doc.paths[p]?.[m]?.responses ?? {};
      return !Object.entries(responses).some(([code, r]) => /^2/.test(code) && r.content);
    });
    expect(untyped).toEqual([]);
  });
});
