import { createHmac, createPublicKey, randomBytes, timingSafeEqual, type JsonWebKey, type KeyObject } from 'node:crypto';
import { publicKeyFromPem } from './credentials';

/**
 * Session tokens as `oci session authenticate` obtains them: a JWT naming the tenancy and user, carrying the
 * session's public key (`jwk`), valid until `exp`. Requests are signed with the session's private key and
 * `keyId="ST$<token>"`. The emulator signs its tokens with HS256 and a secret of its own, so only tokens it
 * issued verify.
 */
export interface SessionTokenClaims {
  sub: string;
  tenant: string;
  iat: number;
  exp: number;
  iss: string;
  ptype: 'user';
  jwk: JsonWebKey & { kty: 'RSA'; n: string; e: string };
}

export type TokenCheck = { ok: true; claims: SessionTokenClaims; publicKey: KeyObject } | { ok: false; reason: string };

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class SessionTokenIssuer {
  private readonly secret = randomBytes(32);

  issue(publicKeyPem: string, claims: { tenant: string; sub: string; nowSeconds: number; expiresInSeconds: number }): string {
    const { kty, n, e } = publicKeyFromPem(publicKeyPem).export({ format: 'jwk' });
    if (kty !== 'RSA' || !n || !e) throw new Error('A session key must be an RSA public key.');
    const exp = claims.nowSeconds + claims.expiresInSeconds;
    const payload: SessionTokenClaims = {
      sub: claims.sub,
      tenant: claims.tenant,
      // An already-expired token still looks like one that was once valid for an hour.
      iat: Math.min(claims.nowSeconds, exp - 3600),
      exp,
      iss: 'authService.oracle.com',
      ptype: 'user',
      jwk: { kty: 'RSA', n, e },
    };
    const unsigned = `${HEADER}.${base64url(JSON.stringify(payload))}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  verify(token: string, nowSeconds: number): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'the session token is not a JWT' };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, reason: 'the session token was not issued by this emulator' };
    }
    let claims: SessionTokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'the session token payload is not JSON' };
    }
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return { ok: false, reason: 'the session token has expired' };
    try {
      return { ok: true, claims, publicKey: createPublicKey({ key: claims.jwk, format: 'jwk' }) };
    } catch {
      return { ok: false, reason: 'the session token carries no usable public key' };
    }
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.secret).update(unsigned).digest('base64url');
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
