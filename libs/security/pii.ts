/**
 * Sensitive personal data (national ID numbers, health details): encryption at rest, keyed hashes for
 * lookup and de-duplication, mainland resident ID validation and masking for display.
 *
 * Not workflow code: uses node:crypto. Keep plaintext out of workflow histories and logs — pass ciphertext
 * or a masked value instead.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { normaliseNationalId } from '../domain/national-id';

export interface PiiKeys {
  /** AES-256-GCM key, exactly 32 bytes (env PII_ENCRYPTION_KEY, base64). */
  encryptionKey: Buffer;
  /** HMAC-SHA256 key, at least 16 bytes (env PII_HASH_KEY, base64). */
  hashKey: Buffer;
}

/** Kinds of value that get a keyed hash; any other lowercase identifier is accepted too. */
export type PiiHashKind = 'national_id' | (string & Record<never, never>);

const FORMAT_VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const ENCRYPTION_KEY_BYTES = 32;
const MIN_HASH_KEY_BYTES = 16;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
const KIND_RE = /^[a-z][a-z0-9_]*$/;

function decodeBase64Key(value: string, envVar: string): Buffer {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed || !BASE64_RE.test(trimmed) || trimmed.replace(/=+$/, '').length % 4 === 1) {
    throw new Error(`${envVar} must be a base64-encoded key`);
  }
  return Buffer.from(trimmed, 'base64');
}

export class PiiCipher {
  readonly #encryptionKey: Buffer;
  readonly #hashKey: Buffer;

  constructor(keys: PiiKeys) {
    if (!Buffer.isBuffer(keys.encryptionKey) || keys.encryptionKey.length !== ENCRYPTION_KEY_BYTES) {
      throw new Error(
        `PII_ENCRYPTION_KEY must be exactly ${ENCRYPTION_KEY_BYTES} bytes (got ${keys.encryptionKey?.length ?? 0})`,
      );
    }
    if (!Buffer.isBuffer(keys.hashKey) || keys.hashKey.length < MIN_HASH_KEY_BYTES) {
      throw new Error(
        `PII_HASH_KEY must be at least ${MIN_HASH_KEY_BYTES} bytes (got ${keys.hashKey?.length ?? 0})`,
      );
    }
    // private copies: later changes to the caller's buffers do not affect this cipher
    this.#encryptionKey = Buffer.from(keys.encryptionKey);
    this.#hashKey = Buffer.from(keys.hashKey);
  }

  /** Builds a cipher from the base64 env values PII_ENCRYPTION_KEY and PII_HASH_KEY. */
  static fromBase64(encKeyB64: string, hashKeyB64: string): PiiCipher {
    const encryptionKey = decodeBase64Key(encKeyB64, 'PII_ENCRYPTION_KEY');
    if (encryptionKey.length !== ENCRYPTION_KEY_BYTES) {
      throw new Error(
        `PII_ENCRYPTION_KEY must decode to exactly ${ENCRYPTION_KEY_BYTES} bytes (got ${encryptionKey.length})`,
      );
    }
    const hashKey = decodeBase64Key(hashKeyB64, 'PII_HASH_KEY');
    if (hashKey.length < MIN_HASH_KEY_BYTES) {
      throw new Error(
        `PII_HASH_KEY must decode to at least ${MIN_HASH_KEY_BYTES} bytes (got ${hashKey.length})`,
      );
    }
    return new PiiCipher({ encryptionKey, hashKey });
  }

  /**
   * AES-256-GCM with a random 12-byte IV. Output: version 0x01 ‖ iv (12) ‖ tag (16) ‖ ciphertext.
   * The version byte is also authenticated (as additional data).
   */
  encrypt(plaintext: string): Buffer {
    if (typeof plaintext !== 'string') throw new TypeError('plaintext must be a string');
    return this.encryptBytes(Buffer.from(plaintext, 'utf8'));
  }

  /** {@link encrypt} for binary data (scanned documents): same format, any bytes. */
  encryptBytes(plaintext: Buffer): Buffer {
    if (!Buffer.isBuffer(plaintext)) throw new TypeError('plaintext must be a Buffer');
    const version = Buffer.from([FORMAT_VERSION]);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#encryptionKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(version);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([version, iv, cipher.getAuthTag(), ciphertext]);
  }

  /** Reverses {@link encrypt}; throws if the version is unknown or the data was altered or the key is wrong. */
  decrypt(blob: Buffer): string {
    return this.decryptBytes(blob).toString('utf8');
  }

  /** Reverses {@link encryptBytes} (and {@link encrypt}): the plaintext bytes. */
  decryptBytes(blob: Buffer): Buffer {
    if (!Buffer.isBuffer(blob) || blob.length < HEADER_BYTES) {
      throw new Error('encrypted PII is too short or not a Buffer');
    }
    if (blob[0] !== FORMAT_VERSION) {
      throw new Error(`unsupported encrypted PII format version ${blob[0]}`);
    }
    const iv = blob.subarray(1, 1 + IV_BYTES);
    const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#encryptionKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(blob.subarray(0, 1));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]);
    } catch {
      throw new Error('encrypted PII failed authentication (tampered data or wrong key)');
    }
  }

  /**
   * Keyed hash for lookup and de-duplication: hex HMAC-SHA256 of `${kind}:${normalised value}`. National IDs
   * are normalised with {@link normaliseNationalId}; other kinds are Unicode-NFC normalised and trimmed.
   * `kind` is a lowercase identifier (letters, digits, underscore), so it cannot collide with the value.
   */
  hash(kind: PiiHashKind, value: string): string {
    if (!KIND_RE.test(kind))
      throw new Error(`hash kind must be a lowercase identifier, got ${JSON.stringify(kind)}`);
    if (typeof value !== 'string') throw new TypeError('value must be a string');
    const normalised = kind === 'national_id' ? normaliseNationalId(value) : value.normalize('NFC').trim();
    return createHmac('sha256', this.#hashKey).update(`${kind}:${normalised}`, 'utf8').digest('hex');
  }
}

// The resident ID rule (GB 11643: format, birth date, check digit) is a domain rule: libs/domain/national-id.ts.
export {
  nationalIdCheckChar,
  normaliseNationalId,
  validateNationalId,
  type NationalIdCheck,
} from '../domain/national-id';

/**
 * Display mask: the first 4 and last 4 characters of the normalised number, '*' for the rest
 * ("3701**********123X"). Values of 8 characters or fewer are masked completely.
 */
export function maskNationalId(s: string): string {
  const chars = Array.from(normaliseNationalId(s));
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** Display mask for a personal name: first character, then '*' per remaining character (张三丰 → 张**). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(chars.length - 1);
}
