import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { OciConnection } from '../oci/connection';
import type { PassphrasePrompt } from '../oci/credentials';
import type { OciModule } from '../oci/load';

/** The flags every command that calls OCI takes, for `util.parseArgs`. */
export const OCI_OPTIONS = {
  'config-file': { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'object-storage-endpoint': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const OCI_OPTIONS_USAGE = `  --config-file PATH      the OCI CLI config (default: OCI_CONFIG_FILE, else ~/.oci/config)
  --profile NAME          its profile (default: OCI_CLI_PROFILE, else DEFAULT)
  --region REGION         instead of the profile's region
  --endpoint URL          instead of the region's Generative AI endpoint (https; http only to 127.0.0.1, ::1, localhost)
  --object-storage-endpoint URL
                          instead of the region's Object Storage endpoint (the same rule)`;

interface OciFlagValues {
  'config-file'?: string | undefined;
  profile?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  'object-storage-endpoint'?: string | undefined;
}

/** The connection the flags describe; a broken config fails as an OciFailure, worded for the terminal. */
export function connectionFromFlags(oci: OciModule, values: OciFlagValues, askPassphrase: PassphrasePrompt | undefined, env: NodeJS.ProcessEnv): OciConnection {
  try {
    return new oci.OciConnection(
      {
        configFile: values['config-file'],
        profile: values.profile,
        region: values.region,
        endpoint: values.endpoint,
        objectStorageEndpoint: values['object-storage-endpoint'],
      },
      askPassphrase,
      env,
    );
  } catch (error) {
    if (error instanceof oci.OciConfigError) throw new oci.OciFailure('config', error.message);
    throw error;
  }
}

/**
 * Parses a command's arguments with `util.parseArgs`; on a usage error prints it with the usage and answers
 * undefined (the caller exits 2).
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  command: string,
  usage: string,
  stderr: (text: string) => void,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>> | undefined {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    stderr(`oci-genai-tf ${command}: ${(error as Error).message}\n\n${usage}`);
    return undefined;
  }
}
