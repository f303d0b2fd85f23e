import { createPrivateKey, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import { SimpleAuthenticationDetailsProvider, type AuthenticationDetailsProvider } from 'oci-common';
import { OciConfigError, type Profile } from './profile';

/**
 * Asks the person for the passphrase of an encrypted key the config gives none for: `failedBefore` says the last
 * answer did not decrypt it. Answers undefined when the person declines or nobody can be asked.
 */
export type PassphrasePrompt = (request: { profile: Profile; failedBefore: boolean }) => Promise<string | undefined>;

const PASSPHRASE_ATTEMPTS = 3;

/**
 * What signs requests for a profile: the API key's id, or `ST$<token>` for a session-token profile. The key is
 * decrypted here, once, and handed to the SDK unencrypted and in memory only, so the SDK's own key parsing never
 * meets a passphrase.
 */
export async function signingIdentity(profile: Profile, askPassphrase?: PassphrasePrompt): Promise<AuthenticationDetailsProvider> {
  const sessionToken = profile.sessionTokenFile ? readSessionToken(profile) : undefined;
  const key = await privateKey(profile, askPassphrase);
  const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (sessionToken) return new SessionTokenIdentity(profile, pem, sessionToken);
  return new SimpleAuthenticationDetailsProvider(profile.tenancy, profile.user ?? '', profile.fingerprint, pem, null);
}

class SessionTokenIdentity extends SimpleAuthenticationDetailsProvider {
  constructor(
    profile: Profile,
    pem: string,
    private readonly token: string,
  ) {
    super(profile.tenancy, '', profile.fingerprint, pem, null);
  }

  override async getKeyId(): Promise<string> {
    return `ST$${this.token}`;
  }
}

async function privateKey(profile: Profile, askPassphrase: PassphrasePrompt | undefined): Promise<KeyObject> {
  let pem: string;
  try {
    pem = fs.readFileSync(profile.keyFile, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new OciConfigError(
      `The key_file of profile [${profile.name}] ${missing ? 'does not exist' : 'cannot be read'}: ${profile.keyFile}.${missing ? ' Fix the path in the config file.' : ''}`,
    );
  }
  if (!isEncrypted(pem)) return parseKey(profile, pem, undefined, 'config');
  if (profile.passphrase !== undefined) return parseKey(profile, pem, profile.passphrase, 'config');
  if (!askPassphrase) {
    throw new OciConfigError(
      `The key of profile [${profile.name}] (${profile.keyFile}) is encrypted and the config has no pass_phrase: add pass_phrase to the profile, or run where you can be asked for it.`,
    );
  }
  for (let attempt = 0; attempt < PASSPHRASE_ATTEMPTS; attempt++) {
    const passphrase = await askPassphrase({ profile, failedBefore: attempt > 0 });
    if (passphrase === undefined) {
      throw new OciConfigError(`The key of profile [${profile.name}] is encrypted, and no passphrase was given.`);
    }
    try {
      return parseKey(profile, pem, passphrase, 'prompt');
    } catch (error) {
      if (!(error instanceof WrongPassphrase)) throw error;
    }
  }
  throw new OciConfigError(`The passphrase did not decrypt the key of profile [${profile.name}] (${profile.keyFile}), ${PASSPHRASE_ATTEMPTS} times.`);
}

class WrongPassphrase extends OciConfigError {}

function isEncrypted(pem: string): boolean {
  return pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /^Proc-Type:\s*4,ENCRYPTED/m.test(pem);
}

function parseKey(profile: Profile, pem: string, passphrase: string | undefined, source: 'config' | 'prompt'): KeyObject {
  try {
    return createPrivateKey(passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase });
  } catch {
    if (passphrase === undefined) {
      throw new OciConfigError(`The key_file of profile [${profile.name}] (${profile.keyFile}) is not a PEM private key.`);
    }
    if (source === 'prompt') throw new WrongPassphrase('wrong passphrase');
    throw new OciConfigError(`The pass_phrase of profile [${profile.name}] does not decrypt its key (${profile.keyFile}): correct it in the config file.`);
  }
}

/** The token `oci session authenticate` wrote, refused before any request when it has expired. */
function readSessionToken(profile: Profile): string {
  let token: string;
  try {
    token = fs.readFileSync(profile.sessionTokenFile!, 'utf8').trim();
  } catch {
    throw new OciConfigError(
      `The security_token_file of profile [${profile.name}] cannot be read (${profile.sessionTokenFile}): sign in again with \`oci session authenticate --profile-name ${profile.name}\`.`,
    );
  }
  const expiresAt = tokenExpiry(token);
  if (expiresAt !== undefined && expiresAt <= Date.now()) {
    throw new OciConfigError(
      `The session token of profile [${profile.name}] expired at ${new Date(expiresAt).toISOString()}: run \`oci session refresh --profile ${profile.name}\` (or \`oci session authenticate\` once it can no longer be refreshed).`,
    );
  }
  return token;
}

/** The `exp` claim of a JWT, in milliseconds; undefined when the token does not say. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
