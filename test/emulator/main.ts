/**
 * npm run emulator -- [--port N] [--seed FILE] [--work-request-seconds N] [--state-dir DIR] [--json] [--verbose]
 *
 * Starts the emulator on 127.0.0.1, writes an OCI CLI config whose DEFAULT profile holds an API key the emulator
 * knows, prints where everything is, and runs until Ctrl+C. With --state-dir the key is kept and reused on the next
 * start; without it everything lives in a temporary folder removed on exit.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { apiKeyId, generateApiKey, keyFingerprint, renderOciConfig, type RsaKeyPair } from './credentials';
import { startEmulator, type RecordedRequest } from './emulator';

const USAGE = `Usage: npm run emulator -- [options]
  --port N                  listen on this port of 127.0.0.1 (default: a free one)
  --seed FILE               start from this seed instead of test/emulator/seed.json
  --work-request-seconds N  how long a fine-tuning or delete work request takes (default 5)
  --state-dir DIR           keep the key and config here (reused next time) instead of a temporary folder
  --json                    print one line of JSON { url, configFile, profile, compartmentId, tenancyId, region, namespace }
  --verbose                 print one line per API request on stderr
  --help`;

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCommandLine>;
  try {
    args = parseCommandLine();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }

  const emulator = await startEmulator({
    seed: args.seed,
    port: args.port,
    workRequestMs: args.workRequestSeconds === undefined ? undefined : args.workRequestSeconds * 1000,
    onRequest: args.verbose ? (request) => console.error(describe(request)) : undefined,
  });
  const dir = args.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'oci-genai-emulator-'));
  fs.mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'oci_api_key.pem');
  const key = args.stateDir && fs.existsSync(keyFile) ? readKey(keyFile) : await writeNewKey(dir, keyFile);
  emulator.registerApiKey(apiKeyId(emulator.tenancyId, emulator.userId, key.fingerprint), key.publicKeyPem);
  const configFile = path.join(dir, 'config');
  const config = { user: emulator.userId, fingerprint: key.fingerprint, key_file: keyFile, tenancy: emulator.tenancyId, region: emulator.region };
  fs.writeFileSync(configFile, renderOciConfig({ DEFAULT: config }), { mode: 0o600 });

  const profile = 'DEFAULT';
  if (args.json) {
    console.log(
      JSON.stringify({
        url: emulator.url,
        configFile,
        profile,
        compartmentId: emulator.compartmentId,
        tenancyId: emulator.tenancyId,
        region: emulator.region,
        namespace: emulator.namespace,
      }),
    );
  } else {
    console.log(
      [
        `OCI Generative AI (API 20231130) and Object Storage (20160918) emulator listening on ${emulator.url}`,
        `  OCI config:   ${configFile} (profile ${profile})`,
        `  region:       ${emulator.region}`,
        `  compartment:  ${emulator.compartmentId}`,
        `  tenancy:      ${emulator.tenancyId}`,
        `  namespace:    ${emulator.namespace} (Object Storage)`,
        `With the SDK: client.endpoint = "${emulator.url}", for both services. Ctrl+C stops it.`,
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await emulator.close();
    if (!args.stateDir) fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function parseCommandLine(): { port?: number; seed?: string; workRequestSeconds?: number; stateDir?: string; json: boolean; verbose: boolean; help: boolean } {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'work-request-seconds': { type: 'string' },
      'state-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const number = (name: string, text: string | undefined, valid: (n: number) => boolean): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !valid(value)) throw new Error(`--${name} ${text} is not valid.`);
    return value;
  };
  return {
    port: number('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535),
    seed: values.seed,
    workRequestSeconds: number('work-request-seconds', values['work-request-seconds'], (n) => Number.isFinite(n) && n >= 0),
    stateDir: values['state-dir'] && path.resolve(values['state-dir']),
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}

async function writeNewKey(dir: string, keyFile: string): Promise<RsaKeyPair> {
  const key = await generateApiKey();
  fs.writeFileSync(keyFile, key.privateKeyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'oci_api_key_public.pem'), key.publicKeyPem);
  return key;
}

function readKey(keyFile: string): RsaKeyPair {
  const privateKeyPem = fs.readFileSync(keyFile, 'utf8');
  const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  return { privateKeyPem, publicKeyPem, fingerprint: keyFingerprint(publicKeyPem) };
}

function describe(request: RecordedRequest): string {
  const outcome = request.status === undefined ? 'dropped' : String(request.status);
  const query = new URLSearchParams(Object.entries(request.query).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => [key, v]))).toString();
  return [
    request.time,
    outcome,
    request.method,
    request.path + (query ? `?${query}` : ''),
    request.operation ?? '(no such operation)',
    request.authFailure ? `not authenticated: ${request.authFailure}` : '',
    request.fault ? `fault: ${request.fault}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
