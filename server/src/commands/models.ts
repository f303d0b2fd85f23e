import { parseArgs } from 'node:util';
import type { models as sdk } from 'oci-generativeai';
import { loadOci } from '../oci/load';
import type { CommandIo } from './lint';
import { connectionFromFlags, OCI_OPTIONS, OCI_OPTIONS_USAGE } from './ociOptions';
import { terminalPassphrasePrompt } from './terminalPrompt';

export const MODELS_USAGE = `Usage: oci-genai-tf models list --compartment OCID [--format table|json] [OCI options]

Lists every model of a compartment, all pages: the region's base models and the compartment's custom models.

  --compartment OCID      the compartment (required)
  --format table          display name, vendor, version, type, state, capabilities, OCID (the default)
  --format json           an array of the SDK's ModelSummary objects
${OCI_OPTIONS_USAGE}

Exit codes: 0 listed, 1 an OCI or network failure (the reason on stderr), 2 a usage error.
`;

/** Listing every page of a large compartment over a slow link takes a while; a dead one fails much sooner. */
const LIST_BOUND_MS = 60_000;

export interface OciCommandIo extends CommandIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stderrStream: NodeJS.WriteStream;
}

/** `oci-genai-tf models ...`: answers the exit code. */
export async function models(args: string[], io: OciCommandIo): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h') {
    (subcommand ? io.stdout : io.stderr)(MODELS_USAGE);
    return subcommand ? 0 : 2;
  }
  if (subcommand !== 'list') {
    io.stderr(`oci-genai-tf models: unknown subcommand "${subcommand}"\n\n${MODELS_USAGE}`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { ...OCI_OPTIONS, compartment: { type: 'string' }, format: { type: 'string', default: 'table' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`oci-genai-tf models list: ${(error as Error).message}\n\n${MODELS_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(MODELS_USAGE);
    return 0;
  }
  const usageError = !values.compartment
    ? '--compartment is required'
    : values.format !== 'table' && values.format !== 'json'
      ? `--format takes table or json, not "${values.format}"`
      : undefined;
  if (usageError) {
    io.stderr(`oci-genai-tf models list: ${usageError}\n\n${MODELS_USAGE}`);
    return 2;
  }
  const oci = loadOci();
  try {
    const connection = connectionFromFlags(oci, values, terminalPassphrasePrompt(io.stdin, io.stderrStream), io.env);
    const listed = await oci.listModels(connection, { compartmentId: values.compartment! }, oci.within(LIST_BOUND_MS));
    io.stdout(values.format === 'json' ? `${JSON.stringify(listed, null, 2)}\n` : modelTable(listed));
    return 0;
  } catch (error) {
    if (!(error instanceof oci.OciFailure)) throw error;
    io.stderr(`oci-genai-tf models list: ${error.message}\n`);
    return 1;
  }
}

const COLUMNS: { title: string; value: (model: sdk.ModelSummary) => string }[] = [
  { title: 'DISPLAY NAME', value: (model) => model.displayName ?? '' },
  { title: 'VENDOR', value: (model) => model.vendor ?? '' },
  { title: 'VERSION', value: (model) => model.version ?? '' },
  { title: 'TYPE', value: (model) => model.type },
  { title: 'STATE', value: (model) => model.lifecycleState },
  { title: 'CAPABILITIES', value: (model) => model.capabilities.join(',') },
  { title: 'OCID', value: (model) => model.id },
];

/** Aligned columns; control characters from the service are shown escaped, never sent to the terminal. */
export function modelTable(listed: sdk.ModelSummary[]): string {
  if (!listed.length) return 'No models.\n';
  const rows = [COLUMNS.map((column) => column.title), ...listed.map((model) => COLUMNS.map((column) => printable(column.value(model))))];
  const widths = COLUMNS.map((_, index) => Math.max(...rows.map((row) => row[index]!.length)));
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!))).join('  ')).join('\n') + '\n';
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
