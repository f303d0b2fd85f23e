import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// The reader alone: the package's index would load the whole SDK, which the server loads only when it calls OCI.
import { ConfigFileReader } from 'oci-common/lib/config-file-reader';

/** Where the connection settings come from; each is optional, and the OCI CLI's defaults fill the gaps. */
export interface ConnectionSettings {
  configFile?: string | undefined;
  profile?: string | undefined;
  region?: string | undefined;
  /** The Generative AI endpoint to call instead of the region's. */
  endpoint?: string | undefined;
  /** The Object Storage endpoint to call instead of the region's. */
  objectStorageEndpoint?: string | undefined;
}

/** A profile of an OCI CLI config file, with what signing needs; no secret is read yet. */
export interface Profile {
  configFile: string;
  name: string;
  tenancy: string;
  /** Absent for session-token profiles, which `oci session authenticate` writes without a user. */
  user: string | undefined;
  fingerprint: string;
  keyFile: string;
  /** From the config; when the key is encrypted and this is absent, the passphrase must be asked for. */
  passphrase: string | undefined;
  sessionTokenFile: string | undefined;
  region: string;
}

/** A problem with the user's OCI configuration, worded to say what to fix. */
export class OciConfigError extends Error {
  override readonly name = 'OciConfigError';
}

function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') || file.startsWith('~\\') ? path.join(os.homedir(), file.slice(1)) : file;
}

/** The config file and profile as the OCI CLI picks them: setting or flag, then environment, then defaults. */
export function resolveConfigLocation(settings: ConnectionSettings, env: NodeJS.ProcessEnv): { configFile: string; profile: string } {
  const configFile = settings.configFile || env['OCI_CONFIG_FILE'] || path.join(os.homedir(), '.oci', 'config');
  const profile = settings.profile || env['OCI_CLI_PROFILE'] || 'DEFAULT';
  return { configFile: expandHome(configFile), profile };
}

/**
 * Reads a profile. A key the profile lacks is taken from `[DEFAULT]`, as the OCI CLI does; a relative `key_file`
 * is relative to the config file's folder.
 */
export function loadProfile(settings: ConnectionSettings, env: NodeJS.ProcessEnv = process.env): Profile {
  const { configFile, profile: name } = resolveConfigLocation(settings, env);
  let text: string;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new OciConfigError(
      missing
        ? `No OCI config file at ${configFile}: create one with \`oci setup config\`, or name yours in the config file setting (--config-file, OCI_CONFIG_FILE).`
        : `The OCI config file ${configFile} cannot be read: ${(error as Error).message}.`,
    );
  }
  let config: ReturnType<typeof ConfigFileReader.parse>;
  try {
    config = quietly(() => ConfigFileReader.parse(text, name));
  } catch (error) {
    throw new OciConfigError(describeParseError(error, configFile, name, text));
  }
  const value = (key: string): string | undefined => config.get(key)?.trim() || undefined;
  const required = (key: string, hint: string): string => {
    const found = value(key);
    if (!found) throw new OciConfigError(`Profile [${name}] of ${configFile} has no \`${key}\`: ${hint}`);
    return found;
  };
  const sessionTokenFile = value('security_token_file');
  const region = settings.region || value('region') || env['OCI_REGION'];
  if (!region) {
    throw new OciConfigError(`Profile [${name}] of ${configFile} has no \`region\`: add one (for example region = us-chicago-1), or set the region setting (--region).`);
  }
  const relativeToConfig = (file: string): string => path.resolve(path.dirname(configFile), expandHome(file));
  return {
    configFile,
    name,
    tenancy: required('tenancy', 'add the OCID of your tenancy.'),
    user: sessionTokenFile ? value('user') : required('user', 'add the OCID of your user, or sign in with `oci session authenticate`.'),
    fingerprint: required('fingerprint', 'add the fingerprint of the API key you uploaded to OCI.'),
    keyFile: relativeToConfig(required('key_file', 'add the path of the private key of your API key.')),
    passphrase: value('pass_phrase'),
    sessionTokenFile: sessionTokenFile && relativeToConfig(sessionTokenFile),
    region,
  };
}

/** The profiles a config file names, each with its region (or DEFAULT's), for the profile picker. */
export function profileRegions(configFile: string): { name: string; region: string | undefined }[] {
  let text: string;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    return [];
  }
  return profileNamesIn(text).map((name) => {
    try {
      return { name, region: quietly(() => ConfigFileReader.parse(text, name)).get('region')?.trim() || undefined };
    } catch {
      return { name, region: undefined };
    }
  });
}

function profileNamesIn(text: string): string[] {
  return [...text.matchAll(/^\s*\[([^\]\n]+)\]\s*$/gm)].map((match) => match[1]!.trim());
}

/** The SDK's messages can quote a config line; lines may hold secrets, so ours never do. */
function describeParseError(error: unknown, configFile: string, profile: string, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('No profile named')) {
    const names = profileNamesIn(text);
    return `${configFile} has no profile [${profile}]${names.length ? `; it has ${names.map((n) => `[${n}]`).join(', ')}` : ''}. Choose one with the profile setting (--profile, OCI_CLI_PROFILE).`;
  }
  if (message.includes('without specifying a profile')) return `${configFile} has settings before its first [PROFILE] line.`;
  if (message.includes('empty profile name')) return `${configFile} has an empty profile name "[]".`;
  return `${configFile} has a line that is neither a [PROFILE] header nor key = value.`;
}

/** The SDK prints notes to the console while reading a config; they are noise in a CLI and a language server. */
function quietly<T>(read: () => T): T {
  const info = console.info;
  console.info = () => undefined;
  try {
    return read();
  } finally {
    console.info = info;
  }
}
