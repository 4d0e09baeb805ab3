import { defaultPayloadConverter } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../libs/config/env';
import {
  DEV_CODEC_KEYS,
  ENCODING,
  EncryptionCodec,
  METADATA_KEY_ID,
  parseCodecKeys,
} from '../../libs/security/payload-codec';

const key = () => randomBytes(32).toString('base64');
const text = (b?: Uint8Array | null) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

describe('EncryptionCodec (AES-256-GCM Temporal payloads)', () => {
  const k1 = key();
  const k2 = key();
  const payload = defaultPayloadConverter.toPayload({ reason: '妻子脑梗住院 SENTINEL-42' })!;

  it('encrypts: no plaintext in the payload, the key id in its metadata, and it decodes back', async () => {
    const codec = new EncryptionCodec(parseCodecKeys(`k1:${k1}`));
    const [enc] = await codec.encode([payload]);
    expect(text(enc!.metadata!.encoding)).toBe(ENCODING);
    expect(text(enc!.metadata![METADATA_KEY_ID])).toBe('k1');
    expect(Buffer.from(enc!.data!).includes(Buffer.from('SENTINEL-42'))).toBe(false);
    expect(Buffer.from(enc!.data!).includes(Buffer.from('妻子'))).toBe(false);
    const [dec] = await codec.decode([enc!]);
    expect(defaultPayloadConverter.fromPayload(dec!)).toEqual({ reason: '妻子脑梗住院 SENTINEL-42' });
  });

  it('rotation: several keys decode, one encodes; an unknown key id is an error', async () => {
    const old = new EncryptionCodec(parseCodecKeys(`k1:${k1}`));
    const rotated = new EncryptionCodec(parseCodecKeys(`k1:${k1},k2:${k2}`, 'k2'));
    const [fromOld] = await old.encode([payload]);
    const [fromNew] = await rotated.encode([payload]);
    expect(text(fromNew!.metadata![METADATA_KEY_ID])).toBe('k2');
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([fromOld!]))[0]!)).toEqual(
      defaultPayloadConverter.fromPayload(payload),
    );
    await expect(old.decode([fromNew!])).rejects.toThrow(/unknown key id 'k2'/);
  });

  it('passes through payloads it did not encode (histories recorded before the codec)', async () => {
    const codec = new EncryptionCodec(parseCodecKeys(`k1:${k1}`));
    expect(await codec.decode([payload])).toEqual([payload]);
  });

  it('refuses a tampered payload (GCM tag) and one whose key id was swapped (authenticated)', async () => {
    const codec = new EncryptionCodec(parseCodecKeys(`k1:${k1},k2:${k1}`));
    const [enc] = await codec.encode([payload]);
    const flipped = Buffer.from(enc!.data!);
    flipped[20] ^= 1;
    await expect(codec.decode([{ ...enc!, data: flipped }])).rejects.toThrow();
    const swapped = { ...enc!, metadata: { ...enc!.metadata, [METADATA_KEY_ID]: Buffer.from('k2') } };
    await expect(codec.decode([swapped])).rejects.toThrow();
  });

  it('keys: 32 bytes each, known encode id; the development key is refused in production', () => {
    expect(() => parseCodecKeys('k1:' + randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseCodecKeys(`k1:${k1}`, 'k9')).toThrow(/not in TEMPORAL_CODEC_KEYS/);
    expect(() => parseCodecKeys('')).toThrow(/no key/);
    const base = { DATABASE_URL: 'postgres://x', TEMPORAL_ADDRESS: 'x:1' };
    expect(loadConfig(base).TEMPORAL_CODEC_KEYS).toBe(DEV_CODEC_KEYS);
    const prod = {
      ...base,
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('base64'),
      PII_ENCRYPTION_KEY: key(),
      PII_HASH_KEY: key(),
    };
    expect(() => loadConfig(prod)).toThrow(/TEMPORAL_CODEC_KEYS: must be set in production/);
    expect(loadConfig({ ...prod, TEMPORAL_CODEC_KEYS: `prod-1:${k1}` }).TEMPORAL_CODEC_KEYS).toBe(
      `prod-1:${k1}`,
    );
  });
});
