import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { DEV_CODEC_KEYS, parseCodecKeys } from '../security/payload-codec';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { weakSecretReason } from '../domain/secret-strength';

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

  /** HMAC secret of access tokens; production needs 32+ random bytes as hex or base64 (openssl rand -base64 32). */
  @IsString()
  @MinLength(16)
  JWT_SECRET = 'bangfu-dev-only-jwt-secret-change-me';

  /** Access-token lifetime (a number and s/m/h): short; the console renews it with its refresh token. */
  @IsString()
  @Matches(/^\d+[smh]$/)
  JWT_EXPIRES_IN = '15m';

  /** A session (its refresh token chain) ends this many hours after login, even if renewed. */
  @Transform(({ value }) => (value === undefined ? 12 : Number(value)))
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  REFRESH_TOKEN_HOURS = 12;

  /** How long (ms) an API process trusts what it read of a user (active, roles, session) before reading it again. */
  @Transform(({ value }) => (value === undefined ? 3000 : Number(value)))
  @IsInt()
  @Min(0)
  @Max(10_000)
  AUTH_CACHE_MS = 3000;

  /**
   * Express "trust proxy": unset = the client address is the socket's; `1` (one proxy), a number of
   * hops, or a list of proxy addresses when a TLS-terminating proxy forwards X-Forwarded-For/-Proto.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Strict-Transport-Security max-age (s), sent on requests that came over TLS (directly or via a trusted proxy); 0 = never. */
  @Transform(({ value }) => (value === undefined ? 15552000 : Number(value)))
  @IsInt()
  @Min(0)
  HSTS_MAX_AGE = 15552000;

  /** Origins allowed to call the API from a browser (comma-separated); unset = none (CORS closed). */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** Bearer token for GET /metrics on the API port (Prometheus `authorization` / `bearer_token`). */
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  /** Serve /metrics on this port only (bind it to an internal interface), not on the API port. */
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** AES-256-GCM key for sensitive personal data at rest: 32 bytes, base64. Dev-only default. */
  @IsString()
  PII_ENCRYPTION_KEY = DEV_PII_ENCRYPTION_KEY;

  /** HMAC key for keyed hashes of national ID numbers (lookup, de-duplication): base64. Dev-only default. */
  @IsString()
  PII_HASH_KEY = DEV_PII_HASH_KEY;

  /**
   * Keys for encrypted Temporal payloads (libs/security/payload-codec.ts): `id:base64(32 bytes)`,
   * comma-separated; every listed key decodes, TEMPORAL_CODEC_KEY_ID (default the first) encodes.
   * Dev-only default.
   */
  @IsString()
  TEMPORAL_CODEC_KEYS = DEV_CODEC_KEYS;

  @IsOptional()
  @IsString()
  TEMPORAL_CODEC_KEY_ID?: string;

  /** Origin of the Temporal UI allowed to call the codec endpoints (/codec/decode, /codec/encode). */
  @IsString()
  TEMPORAL_UI_ORIGIN = 'http://127.0.0.1:8233';

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

  /**
   * Worker start-up: start the `pairing:<id>` workflow of every live pairing that has none (the
   * pairings migrated from households.pairing_leader_id, the seeded demo pairing). Same `auto` rule.
   */
  @IsIn(['auto', 'on', 'off'])
  PAIRING_ADOPTION: 'auto' | 'on' | 'off' = 'auto';

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
  try {
    parseCodecKeys(config.TEMPORAL_CODEC_KEYS, config.TEMPORAL_CODEC_KEY_ID);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  ${(err as Error).message}`);
  }
  if (config.NODE_ENV === 'production') {
    const dev = new EnvSchema();
    const unset = (
      ['JWT_SECRET', 'PII_ENCRYPTION_KEY', 'PII_HASH_KEY', 'TEMPORAL_CODEC_KEYS'] as const
    ).filter((k) => config[k] === dev[k]);
    const problems = unset.map((k) => `  ${k}: must be set in production`);
    const weak = unset.includes('JWT_SECRET') ? null : weakSecretReason(config.JWT_SECRET);
    if (weak) problems.push(`  JWT_SECRET: ${weak}`);
    if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return Object.freeze(config);
}
