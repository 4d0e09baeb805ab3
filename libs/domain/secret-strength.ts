/**
 * Signing-secret strength (密钥强度): production refuses a JWT secret that is not at least 32
 * random bytes, given as hex (64+ characters) or base64/base64url (43+ characters), e.g.
 * `openssl rand -base64 32`. Pure: no I/O.
 */
export const MIN_SECRET_BYTES = 32;

function decode(secret: string): Uint8Array | null {
  if (/^[0-9a-fA-F]+$/.test(secret) && secret.length % 2 === 0) {
    const out = new Uint8Array(secret.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(secret.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) {
    const b64 = secret.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const bytes: number[] = [];
    let buf = 0;
    let bits = 0;
    for (const ch of b64) {
      buf = (buf << 6) | chars.indexOf(ch);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes.push((buf >> bits) & 0xff);
      }
    }
    return Uint8Array.from(bytes);
  }
  return null;
}

/** Why a secret is too weak for production, or null when it is acceptable. */
export function weakSecretReason(secret: string): string | null {
  const bytes = decode(secret);
  if (!bytes) return `must be ${MIN_SECRET_BYTES} random bytes as hex or base64 (openssl rand -base64 32)`;
  if (bytes.length < MIN_SECRET_BYTES)
    return `must be at least ${MIN_SECRET_BYTES} random bytes (got ${bytes.length}; openssl rand -base64 32)`;
  // random 32 bytes have ~28 distinct values; a repeated or patterned string has few
  if (new Set(bytes).size < 16)
    return 'does not look random (too few distinct bytes; openssl rand -base64 32)';
  return null;
}
