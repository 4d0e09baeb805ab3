import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG } from '../../../libs/config/config.module';
import type { AppConfig } from '../../../libs/config/env';
import { AppModule } from './app.module';
import { applyCodecCors } from './codec/codec-cors';
import { applyBodyLimits } from './common/body-limits';
import { AppException, validationDetails } from './common/errors';
import { HttpErrorFilter } from './common/http-error.filter';
import { setCursorSecret } from './common/pagination';
import { loadConfig } from '../../../libs/config/env';
import { applyGlobalPrefix, createOpenApiDocument } from './openapi';
import { applySecurityHeaders } from './security-headers';
import { mountWebConsole } from './web/web-console';

/** Builds the API app with every convention applied (prefix, validation, errors, OpenAPI). */
export async function createApiApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  applySecurityHeaders(app, app.get<AppConfig>(APP_CONFIG));
  applyBodyLimits(app);
  const config = loadConfig(process.env);
  setCursorSecret(config.JWT_SECRET);
  applyCodecCors(app, config.TEMPORAL_UI_ORIGIN);
  applyGlobalPrefix(app);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => AppException.validation(validationDetails(errors)),
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter(app.get<AppConfig>(APP_CONFIG).RETRY_AFTER_SECONDS));
  app.enableShutdownHooks();
  // the same document as apps/web/openapi.json (scripts/openapi.ts), which the console's types come from
  const doc = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  mountWebConsole(app);
  return app;
}
