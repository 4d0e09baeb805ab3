// OpenAPI document (JSON on stdin) → TypeScript (stdout), with openapi-typescript. Plain ESM on
// purpose: openapi-typescript loads ES-only dependencies that Jest's CommonJS runtime cannot, so
// scripts/openapi.ts (and the unit test through it) runs this in a child Node process.
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import ts from 'typescript';

const BLOB = ts.factory.createTypeReferenceNode('Blob');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const ast = await openapiTS(JSON.parse(input), {
  // a free-form object (`Record<string, unknown>` in a DTO) is documented without properties
  emptyObjectsUnknown: true,
  // binary bodies (multipart uploads) are Blobs (a File) in the browser
  transform: (schema) => (schema.format === 'binary' ? BLOB : undefined),
});
process.stdout.write(
  `${COMMENT_HEADER.trimEnd()}\n// Generated from apps/web/openapi.json by \`npm run api:types\` (scripts/openapi.ts).\n\n${astToString(ast)}`,
);
