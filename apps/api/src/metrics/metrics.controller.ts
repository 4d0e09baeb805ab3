import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { Public } from '../auth/auth.decorators';
import { AppException, ErrorCode } from '../common/errors';
import { MetricsService } from './metrics.service';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * GET /metrics on the API port: with METRICS_TOKEN set, only for `Authorization: Bearer <token>`;
 * with METRICS_PORT set, not here at all (main.ts serves it on that port); with neither, open in
 * development and test, refused in production.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metricsService: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async metrics(@Req() req: Request, @Res() res: Response): Promise<void> {
    const c = this.config;
    if (c.METRICS_PORT) throw AppException.notFound('route', 'path', '/metrics');
    if (c.METRICS_TOKEN) {
      const [scheme, token] = (req.headers.authorization ?? '').split(' ');
      if (scheme !== 'Bearer' || !token || !sameSecret(token, c.METRICS_TOKEN)) {
        throw new AppException(
          HttpStatus.UNAUTHORIZED,
          ErrorCode.Unauthenticated,
          'Metrics need the metrics token',
          [
            {
              field: 'Authorization',
              rule: 'metrics_token',
              message: 'send Authorization: Bearer <METRICS_TOKEN>',
            },
          ],
        );
      }
    } else if (c.NODE_ENV === 'production') {
      throw AppException.forbidden('Metrics are closed: set METRICS_TOKEN or METRICS_PORT', 'metrics_closed');
    }
    res.setHeader('Content-Type', this.metricsService.contentType);
    res.send(await this.metricsService.metrics());
  }
}
