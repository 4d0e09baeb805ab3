import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';

/**
 * Liveness and readiness, separately: `live` says the process answers (restart it if not);
 * `ready` says it can serve requests, with PostgreSQL and Temporal reachable (send it traffic only
 * then). `/health` is `ready` under its old name.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'RETRY_AFTER_SECONDS'>,
  ) {}

  @Public()
  @Get('live')
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string' } },
      additionalProperties: true,
    },
  })
  @ApiOperation({ summary: 'Liveness: 200 while the process answers (no dependency is checked)' })
  live(@Res() res: Response): void {
    res.status(200).json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string' } },
      additionalProperties: true,
    },
  })
  @ApiOperation({
    summary: 'Readiness: 200 when PostgreSQL and Temporal both answer, 503 with Retry-After otherwise',
  })
  async ready(@Res() res: Response): Promise<void> {
    const report = await this.health.check();
    if (report.status !== 'ok') res.setHeader('Retry-After', String(this.config.RETRY_AFTER_SECONDS));
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  }

  @Public()
  @Get()
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string' } },
      additionalProperties: true,
    },
  })
  @ApiOperation({ summary: 'Readiness (same as /health/ready): 200 when both are up, 503 otherwise' })
  async check(@Res() res: Response): Promise<void> {
    await this.ready(res);
  }
}
