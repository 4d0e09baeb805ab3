import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

/**
 * Environment variables bangfu reads. Validated at boot (fail fast with a clear message).
 * The launcher (`npm start`) and the test setup fill DATABASE_URL and TEMPORAL_ADDRESS from the
 * embedded PostgreSQL and the local Temporal dev server when they are not set.
 */
// Development-only keys (never valid in production): they only protect demo data.
const DEV_PII_ENCRYPTION_KEY = Buffer.from('bangfu-dev-only-pii-key-32-bytes').toString('base64');
const DEV_PII_HASH_KEY = Buffer.from('bangfu-dev-only-pii-hash-key').toString('base64');

export class EnvSchema {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  @MinLength(1)
  DATABASE_URL!: string;

  @IsString()
  @MinLength(1)
  TEMPORAL_ADDRESS!: string;

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  TEMPORAL_TASK_QUEUE = 'bangfu';

  @Transform(({ value }) => (value === undefined ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(16)
  JWT_SECRET = 'bangfu-dev-only-jwt-secret-change-me';

  @IsString()
  JWT_EXPIRES_IN = '8h';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** AES-256-GCM key for sensitive personal data at rest: 32 bytes, base64. Dev-only default. */
  @IsString()
  PII_ENCRYPTION_KEY = DEV_PII_ENCRYPTION_KEY;

  /** HMAC key for keyed hashes of national ID numbers (lookup, de-duplication): base64. Dev-only default. */
  @IsString()
  PII_HASH_KEY = DEV_PII_HASH_KEY;

  /** SMTP server for e-mail notifications (e.g. smtp://user:pass@host:587); unset = log channel only. */
  @IsOptional()
  @IsString()
  SMTP_URL?: string;

  @IsString()
  SMTP_FROM = 'bangfu@localhost';

  /** SMS gateway: notifications are POSTed here as JSON {to, text}; unset = log channel only. */
  @IsOptional()
  @IsString()
  SMS_GATEWAY_URL?: string;

  /** How often the worker's notification relay looks for due messages (ms). */
  @Transform(({ value }) => (value === undefined ? 5000 : Number(value)))
  @IsInt()
  @Min(100)
  NOTIFY_POLL_MS = 5000;

  /**
   * Worker start-up: start the `loan:<id>` workflow of every active/overdue loan that has none
   * (e.g. the seeded demo loans). `auto` = on, except under NODE_ENV=test (suites share one
   * Temporal server and clone the same demo loans, so only the suite that tests it turns it on).
   */
  @IsIn(['auto', 'on', 'off'])
  LOAN_ADOPTION: 'auto' | 'on' | 'off' = 'auto';

  // --- operations: timeouts and the retry hint of 503 answers (ops) ---
  /** PostgreSQL statement_timeout for every pooled connection (ms); the client gives up 5 s later. */
  @Transform(({ value }) => (value === undefined ? 30_000 : Number(value)))
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 30_000;

  /** How long taking a PostgreSQL connection from the pool (or opening one) may take (ms). */
  @Transform(({ value }) => (value === undefined ? 5_000 : Number(value)))
  @IsInt()
  @Min(100)
  DB_CONNECT_TIMEOUT_MS = 5_000;

  /** Deadline of every Temporal client call from the API (ms), retries included. */
  @Transform(({ value }) => (value === undefined ? 10_000 : Number(value)))
  @IsInt()
  @Min(100)
  TEMPORAL_RPC_TIMEOUT_MS = 10_000;

  /** Deadline of the Temporal calls that wait on a worker (Workflow Updates) from the API (ms). */
  @Transform(({ value }) => (value === undefined ? 70_000 : Number(value)))
  @IsInt()
  @Min(1_000)
  TEMPORAL_LONG_POLL_TIMEOUT_MS = 70_000;

  /** `Retry-After` (seconds) of a 503 answered while PostgreSQL or Temporal is unreachable. */
  @Transform(({ value }) => (value === undefined ? 5 : Number(value)))
  @IsInt()
  @Min(1)
  RETRY_AFTER_SECONDS = 5;

  /** Prebuilt workflow bundle (npm run build writes dist/workflow-bundle.js). */
  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE_PATH?: string;
}

export type AppConfig = Readonly<EnvSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(EnvSchema, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(e.value)})`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.NODE_ENV === 'production') {
    const dev = new EnvSchema();
    const unset = (['JWT_SECRET', 'PII_ENCRYPTION_KEY', 'PII_HASH_KEY'] as const).filter(
      (k) => config[k] === dev[k],
    );
    if (unset.length) {
      throw new ConfigError(
        `Invalid configuration:\n${unset.map((k) => `  ${k}: must be set in production`).join('\n')}`,
      );
    }
  }
  return Object.freeze(config);
}
