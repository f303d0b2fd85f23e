import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModuleEvaluator } from '../convert/evaluate';
import type { ApiModel } from '../convert/modelToHcl';
import type { Value } from '../convert/values';
import { compareBlock } from '../drift/compareBlock';
import type { DriftEffect, FieldStatus, NotCompared } from '../drift/compareModel';
import { shownValue } from '../drift/driftFindings';
import { goneMessage, isGone, liveStatusOf, type LiveStatus } from '../drift/liveStatus';
import { moduleReferences } from '../flows/importModel';
import { createTerraformParser } from '../hcl/treeSitter';
import { loadOci } from '../oci/load';
import { Workspace } from '../workspace/workspace';
import type { OciCommandIo } from './models';
import { connectionFromFlags, OCI_OPTIONS, OCI_OPTIONS_USAGE, parseCommandArgs } from './ociOptions';
import { terminalPassphrasePrompt } from './terminalPrompt';

export const DRIFT_USAGE = `Usage: oci-genai-tf drift [PATH] [--format text|json] [--var-file F]... [OCI options]

Compares each oci_generative_ai_model block whose model is known (an import block, or the module's
terraform.tfstate, read only) with the live model, field by field as terraform plan judges them, without
running Terraform. Values only Terraform knows (a variable without a value, another resource's attribute) are
not compared, and lifecycle.ignore_changes is respected.

  PATH                    a module folder, or one of its .tf files (default: the current folder)
  --format text           one line per difference: file:line: field: file value -> live value (replaces|updates)
                          (the default); a summary on stderr
  --format json           every compared model with all its fields, what was not compared, and why
  --var-file F            variable values, after the module's own (terraform.tfvars, *.auto.tfvars, TF_VAR_...)
${OCI_OPTIONS_USAGE}

Exit codes: 0 in sync, 1 drift (a field differs, or a model the module names is gone), 2 a usage error or a
failure: OCI's reason on stderr, or a block that could not be compared (a syntax error).
`;

const MODEL = 'oci_generative_ai_model';
const READ_BOUND_MS = 30_000;
/** The address of one model: `count` and `for_each` instances (`name[0]`) are not compared. */
const ONE_MODEL = new RegExp(`^${MODEL}\\.[A-Za-z_][\\w-]*$`);

interface ModelDrift {
  file: string;
  /** 1-based, of the block's header. */
  line: number;
  address: string;
  modelId: string;
  live: LiveStatus;
  inSync: boolean;
  /** Values as JSON; null: not set. */
  differences: { field: string; line: number; file: Value | null; live: Value | null; effect: DriftEffect }[];
  fields: { field: string; file: Value | null; live: Value | null; status: FieldStatus }[];
  notCompared: NotCompared[];
  note?: string;
}

/** `oci-genai-tf drift`: answers the exit code. */
export async function driftCommand(args: string[], io: OciCommandIo): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { ...OCI_OPTIONS, format: { type: 'string', default: 'text' }, 'var-file': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    'drift',
    DRIFT_USAGE,
    io.stderr,
  );
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(DRIFT_USAGE);
    return 0;
  }
  const usage = (message: string): number => {
    io.stderr(`oci-genai-tf drift: ${message}\n\n${DRIFT_USAGE}`);
    return 2;
  };
  if (values.format !== 'text' && values.format !== 'json') return usage(`--format takes text or json, not "${values.format}"`);
  if (positionals.length > 1) return usage('one PATH only');
  const target = path.resolve(io.cwd, positionals[0] ?? '.');
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat || (!stat.isDirectory() && !target.endsWith('.tf'))) return usage(`${positionals[0] ?? '.'} is not a folder or a .tf file`);
  const varFiles = (values['var-file'] ?? []).map((varFile) => path.resolve(io.cwd, varFile));
  const missing = varFiles.find((varFile) => !fs.existsSync(varFile));
  if (missing) return usage(`${path.relative(io.cwd, missing)}: no such file`);
  const dir = stat.isDirectory() ? target : path.dirname(target);

  const parser = await createTerraformParser();
  const workspace = new Workspace(parser);
  const oci = loadOci();
  try {
    const module = workspace.modules.contextForDir(dir);
    const known = [...module.knownIds].filter(([address]) => ONE_MODEL.test(address));
    const repeated = [...module.knownIds.keys()].filter((address) => address.startsWith(`${MODEL}.`) && address.includes('['));
    const connection = connectionFromFlags(oci, values, terminalPassphrasePrompt(io.stdin, io.stderrStream), io.env);
    // Every model is read first, then the module is evaluated in one go: an evaluation must not span awaits.
    const live = new Map<string, ApiModel | 'absent'>();
    for (const [, modelId] of known) {
      try {
        live.set(modelId, (await oci.getModel(connection, modelId, oci.within(READ_BOUND_MS))) as unknown as ApiModel);
      } catch (error) {
        if (!(error instanceof oci.OciFailure) || error.kind !== 'not-found') throw error;
        live.set(modelId, 'absent');
      }
    }
    const results = compareModule(dir, target, stat.isDirectory(), known, live, workspace, parser, io, varFiles);
    const relative = (file: string): string => path.relative(io.cwd, file).split(path.sep).join('/') || path.basename(file);
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify(results.map((result) => ({ ...result, file: relative(result.file) })), null, 2)}\n`);
    } else {
      for (const result of results) {
        const at = `${relative(result.file)}:${result.line}`;
        if (isGone(result.live)) io.stdout(`${at}: ${result.address}: ${goneMessage(result.modelId, result.live)}\n`);
        for (const difference of result.differences) {
          const [file, live] = [shownValue(difference.file ?? undefined), shownValue(difference.live ?? undefined)];
          io.stdout(`${relative(result.file)}:${difference.line}: ${difference.field}: ${file} -> ${live} (${difference.effect === 'replace' ? 'replaces' : 'updates'})\n`);
        }
        if (result.note) io.stderr(`${at}: ${result.address}: not compared: ${result.note}\n`);
      }
      io.stderr(`${summary(results, repeated.length)}\n`);
    }
    // A block that could not be compared (a syntax error) is not vouched for.
    if (results.some((result) => result.note)) return 2;
    return results.some((result) => !result.inSync) ? 1 : 0;
  } catch (error) {
    if (error instanceof oci.OciFailure) {
      io.stderr(`oci-genai-tf drift: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    workspace.dispose();
  }
}

function compareModule(
  dir: string,
  target: string,
  wholeModule: boolean,
  known: [string, string][],
  live: ReadonlyMap<string, ApiModel | 'absent'>,
  workspace: Workspace,
  parser: Awaited<ReturnType<typeof createTerraformParser>>,
  io: OciCommandIo,
  varFiles: string[],
): ModelDrift[] {
  const module = workspace.modules.contextForDir(dir);
  const evaluator = new ModuleEvaluator(dir, module, parser, [], { env: io.env, varFiles });
  try {
    const results: ModelDrift[] = [];
    for (const [address, modelId] of known) {
      const found = evaluator.findResource(MODEL, address.slice(MODEL.length + 1));
      if (!found || (!wholeModule && found.file !== target)) continue;
      const model = live.get(modelId)!;
      const status: LiveStatus = model === 'absent' ? { lookup: 'absent' } : liveStatusOf({ state: 'known', value: { model } });
      const result: ModelDrift = {
        file: found.file,
        line: found.startLine + found.block.range.start.line + 1,
        address,
        modelId,
        live: status,
        inSync: !isGone(status),
        differences: [],
        fields: [],
        notCompared: [],
      };
      results.push(result);
      if (model === 'absent' || isGone(status)) continue;
      const drift = compareBlock(found.block, found.reader, evaluator, model, workspace.registry, moduleReferences(module, io.env));
      if ('note' in drift) {
        result.note = drift.note;
        continue;
      }
      result.fields = drift.comparison.fields.map((field) => ({ field: field.path, file: field.file ?? null, live: field.live ?? null, status: field.status }));
      result.notCompared = drift.comparison.notCompared;
      result.differences = drift.findings.map((finding) => {
        const field = drift.comparison.fields.find((f) => f.path === finding.path)!;
        return { field: finding.path, line: found.startLine + finding.range.start.line + 1, file: field.file ?? null, live: field.live ?? null, effect: finding.effect };
      });
      result.inSync = result.differences.length === 0;
    }
    return results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  } finally {
    evaluator.dispose();
  }
}

function summary(results: ModelDrift[], repeated: number): string {
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  if (!results.length) {
    return `No ${MODEL} block here has a known model (an import block or terraform.tfstate naming it): nothing to compare.${repeated ? ` Blocks with count or for_each are not compared.` : ''}`;
  }
  const gone = results.filter((result) => isGone(result.live)).length;
  const drifted = results.filter((result) => !result.inSync && !isGone(result.live)).length;
  const differences = results.reduce((sum, result) => sum + result.differences.length, 0);
  const unknown = results.reduce((sum, result) => sum + result.notCompared.length, 0);
  const parts = [`${plural(results.length, 'model')} compared: ${results.length - gone - drifted} in sync`];
  if (drifted) parts.push(`${drifted} with ${plural(differences, 'difference')}`);
  if (gone) parts.push(`${gone} gone`);
  let line = parts.join(', ');
  if (unknown) line += `; ${plural(unknown, 'value')} not compared (only Terraform knows them, or ignore_changes names them: --format json says which)`;
  if (repeated) line += '; blocks with count or for_each are not compared';
  return `${line}.`;
}
