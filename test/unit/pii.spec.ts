import { randomBytes } from 'node:crypto';
import {
  PiiCipher,
  maskName,
  maskNationalId,
  nationalIdCheckChar,
  normaliseNationalId,
  validateNationalId,
} from '../../libs/security/pii';

const encryptionKey = Buffer.alloc(32, 7);
const hashKey = Buffer.from('unit-test-hash-key-0123456789');
const cipher = new PiiCipher({ encryptionKey, hashKey });

/** ISO 7064 MOD 11-2 written from the definition (weights 2^(17-i) mod 11), independent of the code under test. */
function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
const withCheck = (first17: string) => first17 + checkChar(first17);

describe('PII encryption (AES-256-GCM)', () => {
  test('round trip, including Chinese text and the empty string', () => {
    for (const text of ['11010519491231002X', '患者：张三丰，诊断：肺癌晚期（化疗中）', '', '😀 emoji']) {
      expect(cipher.decrypt(cipher.encrypt(text))).toBe(text);
    }
  });
  test('binary round trip (scanned documents): any bytes, same format as text, tampering detected', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) % 256));
    const blob = cipher.encryptBytes(bytes);
    expect(blob[0]).toBe(0x01);
    expect(blob.length).toBe(1 + 12 + 16 + bytes.length);
    expect(blob.includes(bytes.subarray(0, 64))).toBe(false);
    expect(cipher.decryptBytes(blob).equals(bytes)).toBe(true);
    expect(cipher.decryptBytes(cipher.encrypt('文字')).toString('utf8')).toBe('文字');
    expect(cipher.decryptBytes(cipher.encryptBytes(Buffer.alloc(0))).length).toBe(0);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => cipher.decryptBytes(tampered)).toThrow(/authentication/);
    expect(() => cipher.encryptBytes('text' as unknown as Buffer)).toThrow(TypeError);
  });

  test('layout: version 0x01, 12-byte IV, 16-byte tag, then ciphertext', () => {
    const blob = cipher.encrypt('abc');
    expect(blob[0]).toBe(0x01);
    expect(blob.length).toBe(1 + 12 + 16 + 3);
  });
  test('the same plaintext encrypts differently each time (random IV)', () => {
    const a = cipher.encrypt('同一个秘密');
    const b = cipher.encrypt('同一个秘密');
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(1, 13).equals(b.subarray(1, 13))).toBe(false);
    expect(cipher.decrypt(a)).toBe(cipher.decrypt(b));
  });
  test('any flipped byte is detected', () => {
    const blob = cipher.encrypt('诊断：尿毒症');
    for (let i = 1; i < blob.length; i++) {
      const tampered = Buffer.from(blob);
      tampered[i] ^= 0x01;
      expect(() => cipher.decrypt(tampered)).toThrow(/failed authentication/);
    }
  });
  test('unknown version, short blobs and a wrong key are refused', () => {
    const blob = cipher.encrypt('x');
    const v2 = Buffer.from(blob);
    v2[0] = 0x02;
    expect(() => cipher.decrypt(v2)).toThrow(/version/);
    expect(() => cipher.decrypt(blob.subarray(0, 20))).toThrow(/too short/);
    const other = new PiiCipher({ encryptionKey: Buffer.alloc(32, 8), hashKey });
    expect(() => other.decrypt(blob)).toThrow(/failed authentication/);
  });
  test('keys are copied: mutating the caller buffer changes nothing', () => {
    const key = randomBytes(32);
    const c = new PiiCipher({ encryptionKey: key, hashKey });
    const blob = c.encrypt('secret');
    key.fill(0);
    expect(c.decrypt(blob)).toBe('secret');
  });
});

describe('keyed hash', () => {
  test('deterministic, hex SHA-256 length', () => {
    const h = cipher.hash('national_id', '11010519491231002X');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.hash('national_id', '11010519491231002X')).toBe(h);
  });
  test('national IDs are normalised: lower-case x, spaces, full-width characters', () => {
    const h = cipher.hash('national_id', '11010519491231002X');
    expect(cipher.hash('national_id', '11010519491231002x')).toBe(h);
    expect(cipher.hash('national_id', ' 110105 19491231 002x ')).toBe(h);
    expect(cipher.hash('national_id', '１１０１０５１９４９１２３１００２Ｘ')).toBe(h);
  });
  test('differs by kind and by key', () => {
    const h = cipher.hash('national_id', '11010519491231002X');
    expect(cipher.hash('phone', '11010519491231002X')).not.toBe(h);
    const other = new PiiCipher({ encryptionKey, hashKey: Buffer.from('another-hash-key-0123456789') });
    expect(other.hash('national_id', '11010519491231002X')).not.toBe(h);
  });
  test('kind must be a plain identifier (no separator injection)', () => {
    expect(() => cipher.hash('national_id:x', '1')).toThrow(/kind/);
    expect(() => cipher.hash('', '1')).toThrow(/kind/);
  });
});

describe('national ID validation (GB 11643-1999)', () => {
  test('the well-known example and computed numbers are valid', () => {
    expect(validateNationalId('11010519491231002X')).toEqual({ ok: true, normalised: '11010519491231002X' });
    expect(validateNationalId('11010519491231002x')).toEqual({ ok: true, normalised: '11010519491231002X' });
    for (const first17 of [
      '37010219800229123',
      '44030420001231456',
      '51010719000101001',
      '65010221000101999',
    ]) {
      const id = withCheck(first17);
      expect(nationalIdCheckChar(first17)).toBe(id[17]);
      expect(validateNationalId(id)).toEqual({ ok: true, normalised: id });
    }
  });
  test('format: 17 digits then a digit or X', () => {
    for (const bad of [
      '',
      '1101051949123100',
      '11010519491231002XX',
      '1101051949123100A2',
      '11010519491231002Y',
    ]) {
      expect(validateNationalId(bad)).toMatchObject({ ok: false, rule: 'format' });
    }
  });
  test('birth_date: a real calendar date between 1900 and 2100', () => {
    for (const first17 of [
      '11010518991231002',
      '11010521010101002',
      '11010519490230002',
      '11010519491301002',
    ]) {
      expect(validateNationalId(withCheck(first17))).toMatchObject({ ok: false, rule: 'birth_date' });
    }
    // 1900 was not a leap year, 2000 was
    expect(validateNationalId(withCheck('11010519000229002'))).toMatchObject({ rule: 'birth_date' });
    expect(validateNationalId(withCheck('11010520000229002')).ok).toBe(true);
  });
  test('checksum: a mistyped digit is caught', () => {
    expect(validateNationalId('110105194912310021')).toMatchObject({ ok: false, rule: 'checksum' });
    expect(validateNationalId('11010519491231003X')).toMatchObject({ ok: false, rule: 'checksum' });
    const failure = validateNationalId('110105194912310021');
    expect(failure.ok === false && failure.message).toMatch(/check digit/);
  });
  test('normalisation', () => {
    expect(normaliseNationalId(' 110105 1949 1231 002x\n')).toBe('11010519491231002X');
  });
});

describe('masking', () => {
  test('national ID keeps the first 4 and the last 4 characters', () => {
    expect(maskNationalId('370102198001011234'.slice(0, 14) + '123X')).toBe('3701**********123X');
    expect(maskNationalId('11010519491231002x')).toBe('1101**********002X');
    expect(maskNationalId('1234')).toBe('****');
  });
  test('name keeps the first character', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('王')).toBe('王');
    expect(maskName('')).toBe('');
    expect(maskName('𠀾小明')).toBe('𠀾**');
  });
});

describe('PiiCipher.fromBase64', () => {
  const enc = Buffer.alloc(32, 1).toString('base64');
  const hash = Buffer.alloc(16, 2).toString('base64');
  test('valid keys work', () => {
    const c = PiiCipher.fromBase64(enc, hash);
    expect(c.decrypt(c.encrypt('ok'))).toBe('ok');
  });
  test('errors name the environment variable', () => {
    expect(() => PiiCipher.fromBase64(Buffer.alloc(16).toString('base64'), hash)).toThrow(
      /PII_ENCRYPTION_KEY.*32 bytes/,
    );
    expect(() => PiiCipher.fromBase64('not base64!', hash)).toThrow(/PII_ENCRYPTION_KEY/);
    expect(() => PiiCipher.fromBase64('', hash)).toThrow(/PII_ENCRYPTION_KEY/);
    expect(() => PiiCipher.fromBase64(enc, Buffer.alloc(15).toString('base64'))).toThrow(
      /PII_HASH_KEY.*16 bytes/,
    );
    expect(() => PiiCipher.fromBase64(enc, '')).toThrow(/PII_HASH_KEY/);
  });
  test('the constructor checks key lengths too', () => {
    expect(() => new PiiCipher({ encryptionKey: Buffer.alloc(31), hashKey })).toThrow(/PII_ENCRYPTION_KEY/);
    expect(() => new PiiCipher({ encryptionKey, hashKey: Buffer.alloc(8) })).toThrow(/PII_HASH_KEY/);
  });
});
