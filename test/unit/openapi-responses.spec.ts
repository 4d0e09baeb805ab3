import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../apps/api/src/openapi';

/**
 * Clients and fuzzers check answers against the OpenAPI document, so every operation declares the
 * schema of its success answer and of its errors (the one error body).
 */
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Op {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** `METHOD path` of each operation without a 2xx answer that has a schema, or without an error body. */
export function responseSchemaGaps(doc: Pick<OpenAPIObject, 'paths'>): string[] {
  const gaps: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = (item as Record<string, Op | undefined>)[m];
      if (!op) continue;
      const responses = Object.entries(op.responses ?? {});
      // 204 No Content has no body to describe
      const ok = responses.some(
        ([code, r]) =>
          code === '204' || (/^2\d\d$/.test(code) && Object.values(r.content ?? {}).some((c) => c.schema)),
      );
      if (!ok) gaps.push(`${m.toUpperCase()} ${path}: no 2xx response schema`);
      const err = responses.some(
        ([code, r]) =>
          (code === 'default' || /^[45]\d\d$/.test(code)) &&
          JSON.stringify(r.content ?? {}).includes('#/components/schemas/ErrorBodyDto'),
      );
      if (!err) gaps.push(`${m.toUpperCase()} ${path}: no error body schema`);
    }
  }
  return gaps;
}

let doc: OpenAPIObject;
beforeAll(async () => {
  doc = await buildOpenApiDocument();
}, 60_000);

test('every operation in the OpenAPI document declares its success and error response schemas', () => {
  const operations = Object.values(doc.paths).flatMap((item) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m]),
  );
  expect(operations.length).toBeGreaterThan(60);
  expect(responseSchemaGaps(doc)).toEqual([]);
});

test('the check catches an operation whose success answer has no schema', () => {
  const broken = JSON.parse(JSON.stringify(doc)) as OpenAPIObject;
  const op = broken.paths['/api/policy']!.get!;
  op.responses = { ...op.responses, '200': { description: 'untyped' } };
  expect(responseSchemaGaps(doc)).not.toContain('GET /api/policy: no 2xx response schema');
  expect(responseSchemaGaps(broken)).toContain('GET /api/policy: no 2xx response schema');
});
