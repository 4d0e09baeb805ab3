import { EnvSchema } from '../config/env';
import { PiiCipher } from './pii';

/** The cipher for sensitive personal data, from PII_ENCRYPTION_KEY / PII_HASH_KEY (dev defaults otherwise). */
export function piiCipherFromEnv(env: Record<string, string | undefined> = process.env): PiiCipher {
  const defaults = new EnvSchema();
  return PiiCipher.fromBase64(
    env.PII_ENCRYPTION_KEY || defaults.PII_ENCRYPTION_KEY,
    env.PII_HASH_KEY || defaults.PII_HASH_KEY,
  );
}
