import { ConfigError, loadConfig } from '../../libs/config/env';

const base = { DATABASE_URL: 'postgres://x/y', TEMPORAL_ADDRESS: 'localhost:7233' };

describe('configuration is validated at boot', () => {
  test('defaults fill what is not set', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'bangfu',
    });
  });
  test('a missing DATABASE_URL fails with the variable named', () => {
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'x' })).toThrow(/DATABASE_URL/);
  });
  test('a bad PORT or NODE_ENV fails', () => {
    expect(() => loadConfig({ ...base, PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });
  test('production refuses the development JWT secret and PII keys', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/PII_ENCRYPTION_KEY/);
    const prod = {
      ...base,
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      PII_HASH_KEY: Buffer.alloc(32, 9).toString('base64'),
      TEMPORAL_CODEC_KEYS: `prod-1:${Buffer.alloc(32, 5).toString('base64')}`,
    };
    const strong = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
    expect(loadConfig({ ...prod, JWT_SECRET: strong }).NODE_ENV).toBe('production');
  });
  test('production refuses a JWT secret below 32 random bytes', () => {
    const prod = {
      ...base,
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      PII_HASH_KEY: Buffer.alloc(32, 9).toString('base64'),
      TEMPORAL_CODEC_KEYS: `prod-1:${Buffer.alloc(32, 5).toString('base64')}`,
    };
    // 16+ characters used to be enough
    expect(() => loadConfig({ ...prod, JWT_SECRET: 'a-real-secret-of-enough-length' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ ...prod, JWT_SECRET: Buffer.alloc(24, 3).toString('base64') })).toThrow(
      /at least 32 random bytes/,
    );
    expect(() => loadConfig({ ...prod, JWT_SECRET: 'a'.repeat(64) })).toThrow(/random/);
    const hex = Array.from({ length: 32 }, (_, i) => ((i * 53 + 7) % 256).toString(16).padStart(2, '0')).join(
      '',
    );
    expect(loadConfig({ ...prod, JWT_SECRET: hex }).JWT_SECRET).toBe(hex);
    // development keeps its dev-only default
    expect(loadConfig(base).JWT_EXPIRES_IN).toBe('15m');
  });
});
