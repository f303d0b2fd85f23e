import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { ModuleEvaluator } from '../convert/evaluate';
import { CreateRecords } from '../flows/createRecords';
import { applyChange, createdMark, creatingMark, failedImportChange, markChange, writeImportChange, type TextChange } from '../flows/importBlockText';
import { planCreate } from '../flows/planCreate';
import { runCreate } from '../flows/runCreate';
import { createTerraformParser } from '../hcl/treeSitter';
import { loadOci } from '../oci/load';
import { Workspace } from '../workspace/workspace';
import type { OciCommandIo } from './models';
import { connectionFromFlags, OCI_OPTIONS, OCI_OPTIONS_USAGE, parseCommandArgs } from './ociOptions';
import { terminalPassphrasePrompt } from './terminalPrompt';

export const CREATE_USAGE = `Usage: oci-genai-tf create FILE ADDRESS [--var-file F]... [--yes] [--no-wait] [--write] [OCI options]

Creates in OCI the model an oci_generative_ai_model block of FILE describes (ADDRESS is
oci_generative_ai_model.NAME), as Terraform would send it, and follows its training to the end.

  --var-file F            variable values, after the module's own (terraform.tfvars, *.auto.tfvars, TF_VAR_...)
  --yes                   create without asking; needed when there is no terminal to ask on
  --no-wait               print the new model's OCID and its work request's, and return
  --write                 write the import block that adopts the model into FILE, next to the resource
${OCI_OPTIONS_USAGE}

What would be sent is printed on stderr before anything is. Progress goes to stderr, the new OCID to stdout.
A retry token kept in .oci-genai-tf/ of the module makes running it again after a failure or Ctrl+C safe: the
same model is found again, never a second one.

Exit codes: 0 created, 1 refused (errors in the block, values only Terraform knows, declined) or failed (the
reason on stderr), 2 a usage error, or no terminal to confirm on without --yes.
`;

/** `oci-genai-tf create`: answers the exit code. */
export async function createCommand(args: string[], io: OciCommandIo): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      ...OCI_OPTIONS,
      'var-file': { type: 'string', multiple: true },
      yes: { type: 'boolean' },
      'no-wait': { type: 'boolean' },
      write: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'create',
    CREATE_USAGE,
    io.stderr,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(CREATE_USAGE);
    return 0;
  }
  const [fileArg, address, ...extra] = positionals;
  if (!fileArg || !address || extra.length) {
    io.stderr(`oci-genai-tf create: FILE and ADDRESS are needed, and nothing else\n\n${CREATE_USAGE}`);
    return 2;
  }
  const file = path.resolve(io.cwd, fileArg);
  const varFiles = (values['var-file'] ?? []).map((varFile) => path.resolve(io.cwd, varFile));
  for (const given of [file, ...varFiles]) {
    if (!fs.existsSync(given)) {
      io.stderr(`oci-genai-tf create: ${path.relative(io.cwd, given)}: no such file\n`);
      return 2;
    }
  }
  if (!values.yes && !io.stdin.isTTY) {
    io.stderr('oci-genai-tf create: there is no terminal to confirm on: check what would be sent, then run again with --yes\n');
    return 2;
  }
  const fail = (message: string): number => {
    io.stderr(`oci-genai-tf create: ${message}\n`);
    return 1;
  };

  const parser = await createTerraformParser();
  const workspace = new Workspace(parser);
  const uri = pathToFileURL(file).href;
  workspace.open(uri, 'terraform', 1, fs.readFileSync(file, 'utf8'));
  const dir = path.dirname(file);
  const module = workspace.modules.contextForDir(dir);
  const evaluator = new ModuleEvaluator(dir, module, parser, workspace.openDocuments(), { env: io.env, varFiles });
  try {
    const plan = planCreate({
      evaluator,
      registry: workspace.registry,
      address,
      knownIds: module.knownIds,
      diagnostics: (planned) => (planned === file ? workspace.diagnostics(uri) : []),
      answers: {},
    });
    if (plan.kind === 'refused') return fail(plan.reason);
    if (plan.kind === 'incomplete') {
      const listed = plan.unknown.map((u) => `  ${u.path}: ${u.reason}`).join('\n');
      return fail(`only Terraform knows these values of ${address}; give them through variables (--var-file) or write them literally:\n${listed}`);
    }
    if (plan.file !== file) return fail(`${address} is in ${path.relative(io.cwd, plan.file)}, not in ${fileArg}`);

    const oci = loadOci();
    const connection = connectionFromFlags(oci, values, terminalPassphrasePrompt(io.stdin, io.stderrStream), io.env);
    io.stderr(`This CreateModelDetails goes to ${connection.endpointFor()} with profile [${connection.profile.name}]:\n${JSON.stringify(plan.details, null, 2)}\n`);
    if (!values.yes && !(await confirm(io, `Create ${address} in ${connection.region}? [y/N] `))) return fail('nothing was created');

    const stop = new AbortController();
    const stopWaiting = (): void => stop.abort();
    process.once('SIGINT', stopWaiting);
    let lastProgress = '';
    try {
      const outcome = await runCreate({
        oci,
        connection,
        records: new CreateRecords(dir),
        address,
        details: plan.details,
        signal: stop.signal,
        noWait: values['no-wait'] === true,
        events: {
          modelKnown: async (modelId, workRequestId) => {
            io.stderr(`${address} is being created: model ${modelId}, work request ${workRequestId}\n`);
            if (values.write) editFile(file, (text) => writeImportChange(text, plan.endLine, address, modelId, creatingMark(workRequestId)));
          },
          progress: (percent, status) => {
            const line = `${status}${percent === undefined ? '' : ` ${Math.round(percent)}%`}`;
            if (line !== lastProgress) io.stderr(`  ${line}\n`);
            lastProgress = line;
          },
        },
      });
      if (outcome.status === 'detached') {
        io.stdout(`${outcome.modelId}\n${outcome.workRequestId}\n`);
        if (!values['no-wait']) io.stderr('Stopped waiting; the model goes on being created in OCI. Run the same command again to follow it.\n');
        return 0;
      }
      if (outcome.status === 'failed') {
        if (values.write) editFile(file, (text) => failedImportChange(text, address, outcome.modelId, outcome.errors.join('; ')));
        return fail(`the model's training failed (work request ${outcome.workRequestId}):\n${outcome.errors.map((e) => `  ${e}`).join('\n')}`);
      }
      if (values.write) editFile(file, (text) => markChange(text, address, createdMark(new Date())));
      io.stdout(`${outcome.modelId}\n`);
      return 0;
    } finally {
      process.removeListener('SIGINT', stopWaiting);
    }
  } catch (error) {
    if (error instanceof loadOci().OciFailure) return fail(error.message);
    throw error;
  } finally {
    evaluator.dispose();
    workspace.dispose();
  }
}

function confirm(io: OciCommandIo, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input: io.stdin, output: io.stderrStream });
    lines.question(question, (answer) => {
      lines.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
    lines.on('SIGINT', () => {
      lines.close();
      resolve(false);
    });
  });
}

/** The whole file written anew beside it and renamed over it: never half a file. */
function editFile(file: string, change: (text: string) => TextChange | undefined): void {
  const text = fs.readFileSync(file, 'utf8');
  const edit = change(text);
  if (!edit) return;
  const temporary = `${file}.oci-genai-tf.tmp`;
  fs.writeFileSync(temporary, applyChange(text, edit));
  fs.renameSync(temporary, file);
}
