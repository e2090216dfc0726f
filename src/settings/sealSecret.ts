import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** How a stored secret is kept: as it is, or sealed with AES-256-GCM. */
export type SealKind = 'none' | 'aes-256-gcm';

/**
 * Seal a secret for storage: AES-256-GCM under `key` (PACKREG_SECRET_KEY) as
 * `base64url(iv).base64url(tag).base64url(ciphertext)`, or the secret as it is when no key is
 * configured. The reseller code is bound in as associated data, so a sealed secret copied onto
 * another reseller's row does not open.
 */
export function sealSecret(secret: string, key: Buffer | null, resellerCode: string): { stored: string; kind: SealKind } {
  if (!key) return { stored: secret, kind: 'none' };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(resellerCode, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { stored: [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.'), kind: 'aes-256-gcm' };
}

/** The secret back; null when it is sealed and the key is missing or not the one it was sealed with. */
export function openSecret(stored: string, kind: SealKind, key: Buffer | null, resellerCode: string): string | null {
  if (kind === 'none') return stored;
  if (!key) return null;
  const [iv, tag, body] = stored.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(resellerCode, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
