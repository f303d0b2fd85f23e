import type { KeyObject } from 'node:crypto';
import { keyFingerprint, publicKeyFromPem } from './credentials';
import { SessionTokenIssuer } from './sessionTokens';
import type { KeyLookup } from './signature';

/**
 * Who may call the emulator: API keys registered under their keyId (`tenancy/user/fingerprint`), and holders of
 * session tokens the emulator issued (`ST$<token>`, whose key travels inside the token).
 */
export class Principals {
  private readonly apiKeys = new Map<string, KeyObject>();
  private readonly sessions = new SessionTokenIssuer();

  constructor(
    private readonly tenancyId: string,
    private readonly userId: string,
  ) {}

  /** The fingerprint in the keyId must be the key's own, as it is for keys uploaded to OCI. */
  registerApiKey(keyId: string, publicKeyPem: string): void {
    const parts = keyId.split('/');
    if (parts.length !== 3 || parts.some((part) => part === '')) throw new Error(`An API keyId is tenancy/user/fingerprint; got ${keyId}.`);
    const fingerprint = keyFingerprint(publicKeyPem);
    if (parts[2] !== fingerprint) throw new Error(`The keyId's fingerprint ${parts[2]} is not the key's fingerprint ${fingerprint}.`);
    this.apiKeys.set(keyId, publicKeyFromPem(publicKeyPem));
  }

  issueSessionToken(publicKeyPem: string, nowMs: number, options: { expiresInSeconds?: number; tenancy?: string } = {}): string {
    return this.sessions.issue(publicKeyPem, {
      tenant: options.tenancy ?? this.tenancyId,
      sub: this.userId,
      nowSeconds: Math.floor(nowMs / 1000),
      expiresInSeconds: options.expiresInSeconds ?? 3600,
    });
  }

  readonly lookup: KeyLookup = (keyId, nowMs) => {
    if (keyId.startsWith('ST$')) {
      const check = this.sessions.verify(keyId.slice(3), Math.floor(nowMs / 1000));
      return check.ok ? { publicKey: check.publicKey } : { reason: check.reason };
    }
    const key = this.apiKeys.get(keyId);
    return key ? { publicKey: key } : { reason: 'no API key is registered under this keyId' };
  };
}
