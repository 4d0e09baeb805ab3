import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ErrorBodyDto } from './common/dto/error.response';

/** Routes served outside the `/api` prefix (probes and scraping). */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'codec/decode', method: RequestMethod.POST },
      { path: 'codec/encode', method: RequestMethod.POST },
    ],
  });
}

/** The OpenAPI document's header (title, description, version, bearer auth): one place for all users. */
export function openApiConfig(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('bangfu 帮扶 API')
    .setDescription(
      'Trade-union hardship assistance: cases, approvals, tasks. Money in integer fen (fields ending Fen).',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
}

/** Every operation's error answers (4xx, 5xx) have the one error body; declared once, here. */
export function withErrorResponses(doc: OpenAPIObject): OpenAPIObject {
  const errorBody = {
    description: 'An error: `{statusCode, code, message, details: [{field, rule, message}]}`',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
  };
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const op = item[method];
      if (op) op.responses = { ...op.responses, default: op.responses?.default ?? errorBody };
    }
  }
  return doc;
}

/** The API's OpenAPI document for a running (or preview) app; `ErrorBodyDto` is every error's body. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return withErrorResponses(
    SwaggerModule.createDocument(app, openApiConfig(), { extraModels: [ErrorBodyDto] }),
  );
}

/**
 * The OpenAPI document without a database, Temporal or configuration: Nest's preview mode builds the
 * module graph (routes, DTO metadata) but instantiates no provider.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  try {
    applyGlobalPrefix(app);
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
