import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImportRefused, importModel } from '../flows/importModel';
import { createTerraformParser } from '../hcl/treeSitter';
import { loadOci } from '../oci/load';
import { Workspace } from '../workspace/workspace';
import type { OciCommandIo } from './models';
import { connectionFromFlags, OCI_OPTIONS, OCI_OPTIONS_USAGE, parseCommandArgs } from './ociOptions';
import { terminalPassphrasePrompt } from './terminalPrompt';

export const IMPORT_USAGE = `Usage: oci-genai-tf import MODEL_OCID [--dir MODULE_DIR] [OCI options]

Prints the HCL that adopts a live custom model into Terraform: an oci_generative_ai_model resource with the
arguments the model has (OCIDs the module already names written as references) and an import block.

  --dir MODULE_DIR        the module the HCL is for: its variables and resources become references, and the
                          resource name is one it does not use yet (default: the current folder)
${OCI_OPTIONS_USAGE}

Exit codes: 0 printed, 1 refused (a base model, a FAILED or deleted model) or an OCI failure (the reason on
stderr, nothing on stdout), 2 a usage error.
`;

/** `oci-genai-tf import`: answers the exit code. */
export async function importCommand(args: string[], io: OciCommandIo): Promise<number> {
  const parsed = parseCommandArgs(args, { ...OCI_OPTIONS, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 'import', IMPORT_USAGE, io.stderr);
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(IMPORT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`oci-genai-tf import: ${positionals.length ? 'one model OCID only' : 'the model OCID is missing'}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const dir = path.resolve(io.cwd, values.dir ?? '.');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    io.stderr(`oci-genai-tf import: ${values.dir} is not a folder\n`);
    return 2;
  }
  const oci = loadOci();
  const workspace = new Workspace(await createTerraformParser());
  try {
    const connection = connectionFromFlags(oci, values, terminalPassphrasePrompt(io.stdin, io.stderrStream), io.env);
    const imported = await importModel({
      oci,
      connection,
      modelId: positionals[0]!,
      module: workspace.modules.contextForDir(dir),
      registry: workspace.registry,
      env: io.env,
    });
    io.stdout(imported.hcl);
    return 0;
  } catch (error) {
    if (error instanceof ImportRefused || error instanceof oci.OciFailure) {
      io.stderr(`oci-genai-tf import: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    workspace.dispose();
  }
}
