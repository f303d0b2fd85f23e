import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { apiKeyId, generateApiKey, renderOciConfig, type RsaKeyPair } from '../emulator/credentials';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/emulator';
import type { ConnectionSettings } from '../../server/src/oci/profile';
import { BUILT_CLI } from './lspClient';

/** The passphrase of the encrypted key behind the ENCRYPTED and NO_PASSPHRASE profiles. */
export const SANDBOX_PASSPHRASE = 'sandbox-key-passphrase';

/**
 * An emulator plus a temporary folder with keys, session tokens and an OCI CLI config whose profiles cover the
 * ways people sign in (all with region = the emulator's region):
 * - DEFAULT: an API key, unencrypted PEM, known to the emulator.
 * - ENCRYPTED: an API key, encrypted PEM, with pass_phrase in the config.
 * - NO_PASSPHRASE: the same encrypted key without pass_phrase (its passphrase is SANDBOX_PASSPHRASE).
 * - SESSION: as `oci session authenticate` writes it: security_token_file, the session key, no user.
 * - EXPIRED_SESSION: the same with a token that has expired.
 * - UNKNOWN_KEY: an API key the emulator has never heard of (401).
 */
export interface OciSandbox {
  emulator: Emulator;
  dir: string;
  configFile: string;
  compartmentId: string;
  /** Connection settings for a profile, with both services' endpoints at the emulator. */
  settings(profile?: string): ConnectionSettings;
  close(): Promise<void>;
}

export async function startOciSandbox(options?: EmulatorOptions): Promise<OciSandbox> {
  const keys = await sandboxKeys();
  const emulator = await startEmulator(options);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-sandbox-'));
  try {
    const write = (name: string, text: string): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text, { mode: 0o600 });
      return file;
    };
    const plainKeyFile = write('api_key.pem', keys.plain.privateKeyPem);
    const encryptedKeyFile = write('encrypted_key.pem', keys.encrypted.privateKeyPem);
    const sessionKeyFile = write('session_key.pem', keys.session.privateKeyPem);
    const unknownKeyFile = write('unknown_key.pem', keys.unknown.privateKeyPem);
    // `oci session authenticate` writes the token without a line break, and the SDK reads the file verbatim.
    const tokenFile = write('session_token', emulator.issueSessionToken(keys.session.publicKeyPem));
    const expiredTokenFile = write('expired_session_token', emulator.issueSessionToken(keys.session.publicKeyPem, { expiresInSeconds: -60 }));

    const { tenancyId, userId, region } = emulator;
    for (const key of [keys.plain, keys.encrypted]) emulator.registerApiKey(apiKeyId(tenancyId, userId, key.fingerprint), key.publicKeyPem);
    const apiKeyProfile = (key: RsaKeyPair, keyFile: string): Record<string, string> => ({
      user: userId,
      fingerprint: key.fingerprint,
      key_file: keyFile,
      tenancy: tenancyId,
      region,
    });
    const sessionProfile = (securityTokenFile: string): Record<string, string> => ({
      fingerprint: keys.session.fingerprint,
      key_file: sessionKeyFile,
      tenancy: tenancyId,
      region,
      security_token_file: securityTokenFile,
    });
    const configFile = write(
      'config',
      renderOciConfig({
        DEFAULT: apiKeyProfile(keys.plain, plainKeyFile),
        ENCRYPTED: { ...apiKeyProfile(keys.encrypted, encryptedKeyFile), pass_phrase: SANDBOX_PASSPHRASE },
        NO_PASSPHRASE: apiKeyProfile(keys.encrypted, encryptedKeyFile),
        SESSION: sessionProfile(tokenFile),
        EXPIRED_SESSION: sessionProfile(expiredTokenFile),
        UNKNOWN_KEY: apiKeyProfile(keys.unknown, unknownKeyFile),
      }),
    );
    return {
      emulator,
      dir,
      configFile,
      compartmentId: emulator.compartmentId,
      settings: (profile = 'DEFAULT') => ({ configFile, profile, endpoint: emulator.url, objectStorageEndpoint: emulator.url }),
      close: async () => {
        await emulator.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

let keysOnce: Promise<{ plain: RsaKeyPair; encrypted: RsaKeyPair; session: RsaKeyPair; unknown: RsaKeyPair }> | undefined;

/** RSA-2048 generation takes about 0.3 s a key, so a test process makes its four once and every sandbox reuses them. */
function sandboxKeys(): NonNullable<typeof keysOnce> {
  keysOnce ??= Promise.all([generateApiKey(), generateApiKey(SANDBOX_PASSPHRASE), generateApiKey(), generateApiKey()]).then(
    ([plain, encrypted, session, unknown]) => ({ plain, encrypted, session, unknown }),
  );
  return keysOnce;
}

/**
 * One sandbox for a test file: started before its tests, closed after them, and set back before each (no faults,
 * no recorded requests, the clock on time). `started` receives it.
 */
export function useOciSandbox(started: (sandbox: OciSandbox) => void, options?: EmulatorOptions): void {
  let sandbox: OciSandbox | undefined;
  before(async () => {
    sandbox = await startOciSandbox(options);
    started(sandbox);
  });
  after(() => sandbox?.close());
  beforeEach(() => {
    sandbox?.emulator.clearFaults();
    sandbox?.emulator.clearRequests();
    sandbox?.emulator.setClockOffset(0);
  });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The built CLI with the sandbox's config and none of this machine's environment but PATH; no terminal, so
 * nothing can be asked. `args` are passed as given: add `--endpoint` where the command calls OCI.
 */
export function sandboxCli(sandbox: OciSandbox, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BUILT_CLI, ...args],
      { cwd: options.cwd, env: { PATH: process.env['PATH'], HOME: sandbox.dir, OCI_CONFIG_FILE: sandbox.configFile, ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}
