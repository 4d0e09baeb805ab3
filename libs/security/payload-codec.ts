/**
 * Encrypted Temporal payloads: every workflow and activity argument, result, signal, update and
 * memo leaves the client or the worker as AES-256-GCM ciphertext, so histories (the Temporal
 * server's database, the UI, exported histories) hold no personal data in clear.
 *
 * Format: the original Payload (protobuf) encrypted whole; metadata `encoding: binary/encrypted`
 * and `encryption-key-id: <id>`; data = iv (12) ‖ ciphertext ‖ tag (16), with the key id as
 * additional authenticated data.
 *
 * Key rotation: TEMPORAL_CODEC_KEYS holds every key still needed to read (`id:base64,id2:base64`);
 * TEMPORAL_CODEC_KEY_ID names the one new payloads are written with (default: the first). To
 * rotate, add the new key, make it the encode key, and keep the old one listed as long as a history
 * written with it may be read (running workflows, retention). A payload without the encrypted
 * encoding (a history from before the codec) passes through unchanged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCODING = 'binary/encrypted';
export const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Development-only codec key (refused in production by loadConfig). */
export const DEV_CODEC_KEYS = `dev-1:${Buffer.from('bangfu-dev-only-codec-key-32byte').toString('base64')}`;

export interface CodecKeys {
  /** Key id → 32-byte key: every key accepted for decoding. */
  keys: ReadonlyMap<string, Buffer>;
  /** The id of the key new payloads are encrypted with. */
  encodeKeyId: string;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/** Parses `id:base64,id2:base64` (and the encode key id, default the first). */
export function parseCodecKeys(spec: string, encodeKeyId?: string): CodecKeys {
  const keys = new Map<string, Buffer>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const i = part.indexOf(':');
    const id = i > 0 ? part.slice(0, i).trim() : '';
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
      throw new Error(
        'TEMPORAL_CODEC_KEYS: each entry is <key id>:<base64 key> (id: letters, digits, . _ -)',
      );
    }
    const key = Buffer.from(part.slice(i + 1).trim(), 'base64');
    if (key.length !== KEY_BYTES) {
      throw new Error(`TEMPORAL_CODEC_KEYS: key ${id} must decode to ${KEY_BYTES} bytes (got ${key.length})`);
    }
    if (keys.has(id)) throw new Error(`TEMPORAL_CODEC_KEYS: key id ${id} appears twice`);
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('TEMPORAL_CODEC_KEYS: no key');
  const encodeId = encodeKeyId || keys.keys().next().value!;
  if (!keys.has(encodeId)) throw new Error(`TEMPORAL_CODEC_KEY_ID ${encodeId} is not in TEMPORAL_CODEC_KEYS`);
  return { keys, encodeKeyId: encodeId };
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: CodecKeys) {}

  static fromConfig(c: { TEMPORAL_CODEC_KEYS: string; TEMPORAL_CODEC_KEY_ID?: string }): EncryptionCodec {
    return new EncryptionCodec(parseCodecKeys(c.TEMPORAL_CODEC_KEYS, c.TEMPORAL_CODEC_KEY_ID));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encodeOne(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decodeOne(p));
  }

  encodeOne(payload: Payload): Payload {
    const id = this.keys.encodeKeyId;
    const key = this.keys.keys.get(id)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id, 'utf8'));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCODING), [METADATA_KEY_ID]: utf8(id) },
      data: new Uint8Array(data),
    };
  }

  decodeOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING) return payload; // not ours: as is
    const id = text(payload.metadata?.[METADATA_KEY_ID]) ?? '';
    const key = this.keys.keys.get(id);
    if (!key)
      throw new Error(`payload encrypted with unknown key id '${id}' (add it to TEMPORAL_CODEC_KEYS)`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(id, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return temporal.api.common.v1.Payload.decode(plain) as Payload;
  }
}

/** The data converter every bangfu client and worker uses (API, worker, schedules, tests). */
export function bangfuDataConverter(c: {
  TEMPORAL_CODEC_KEYS: string;
  TEMPORAL_CODEC_KEY_ID?: string;
}): DataConverter {
  return { payloadCodecs: [EncryptionCodec.fromConfig(c)] };
}

/** The same, from environment variables (test support, scripts): the development key when unset. */
export function dataConverterFromEnv(env: Record<string, string | undefined> = process.env): DataConverter {
  return bangfuDataConverter({
    TEMPORAL_CODEC_KEYS: env.TEMPORAL_CODEC_KEYS || DEV_CODEC_KEYS,
    TEMPORAL_CODEC_KEY_ID: env.TEMPORAL_CODEC_KEY_ID || undefined,
  });
}
