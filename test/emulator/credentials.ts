import { createHash, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

/** OpenSSL's own message ("DECODER routines::unsupported") does not say what was wrong. */
export function publicKeyFromPem(publicKeyPem: string): KeyObject {
  try {
    return createPublicKey(publicKeyPem);
  } catch {
    throw new Error('publicKeyPem is not a PEM public key (-----BEGIN PUBLIC KEY-----).');
  }
}

/** OCI's API key fingerprint: MD5 of the DER public key, as colon-separated hex pairs. */
export function keyFingerprint(publicKeyPem: string): string {
  const der = publicKeyFromPem(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('md5').update(der).digest('hex').match(/../g)!.join(':');
}

/** The keyId an API-key request is signed with. */
export function apiKeyId(tenancyId: string, userId: string, fingerprint: string): string {
  return `${tenancyId}/${userId}/${fingerprint}`;
}

export interface RsaKeyPair {
  /** PKCS#8 PEM; encrypted PKCS#8 (PBES2, aes-256-cbc) when a passphrase was given. */
  privateKeyPem: string;
  publicKeyPem: string;
  fingerprint: string;
}

const generateRsa = promisify(generateKeyPair);

/** A 2048-bit RSA key pair, the size OCI asks for. */
export async function generateApiKey(passphrase?: string): Promise<RsaKeyPair> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: passphrase
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }
      : { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, fingerprint: keyFingerprint(publicKey) };
}

/** An OCI CLI config file: one `[PROFILE]` section per entry, keys in the order given. */
export function renderOciConfig(profiles: Record<string, Record<string, string>>): string {
  return Object.entries(profiles)
    .map(([name, entries]) => [`[${name}]`, ...Object.entries(entries).map(([key, value]) => `${key}=${value}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}
