import { Injectable } from '@nestjs/common';
import { registry } from './metrics.registry';

@Injectable()
export class MetricsService {
  readonly contentType = registry.contentType;

  /** The Prometheus exposition of every metric (process defaults and HTTP durations). */
  metrics(): Promise<string> {
    return registry.metrics();
  }
}
