import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createModelDetails } from '../convert/createModelDetails';
import type { ModuleEvaluator, UnknownArgument } from '../convert/evaluate';
import type { BlockValue, Value } from '../convert/values';
import { META_ARGUMENTS, META_BLOCKS } from '../features/schemaPath';
import type { SchemaRegistry } from '../schema/registry';

const MODEL = 'oci_generative_ai_model';

/** What a create would send, or what stands in the way. */
export type CreatePlan =
  | { kind: 'refused'; reason: string }
  /** Values only Terraform knows: the caller asks for them (VS Code) or names them (CLI). */
  | { kind: 'incomplete'; unknown: UnknownArgument[]; file: string; compartmentId: string | undefined }
  /** `endLine`: the block's last line in `file`, where the import block goes after it. */
  | { kind: 'ready'; details: object; file: string; endLine: number };

export interface PlanInput {
  evaluator: ModuleEvaluator;
  registry: SchemaRegistry;
  /** `oci_generative_ai_model.<name>`. */
  address: string;
  /** The module's known ids, by address: an object with one exists already. */
  knownIds: ReadonlyMap<string, string>;
  /** The diagnostics of the file that holds the block. */
  diagnostics: (file: string) => Diagnostic[];
  /** Values given for unknown arguments, by path (`fine_tune_details.dedicated_ai_cluster_id`). */
  answers: Readonly<Record<string, Value>>;
}

/**
 * The CreateModelDetails a block describes, checked before anything is sent: the block exists and is one model
 * (no count or for_each), no object exists at its address yet, it has no errors, and every value is known.
 */
export function planCreate(input: PlanInput): CreatePlan {
  const [type, name, ...rest] = input.address.split('.');
  if (type !== MODEL || !name || rest.length) return { kind: 'refused', reason: `"${input.address}" is not the address of an ${MODEL} resource (${MODEL}.<name>).` };
  const found = input.evaluator.findResource(type, name);
  if (!found) return { kind: 'refused', reason: `The module has no ${input.address}.` };
  const existing = input.knownIds.get(input.address);
  if (existing) return { kind: 'refused', reason: `${input.address} exists already: the module knows it as ${existing} (an import block or the local state).` };
  const { block, reader, file, startLine } = found;
  const firstLine = startLine + block.range.start.line;
  const endLine = startLine + block.range.end.line;
  const repeated = block.body.items.find((item) => item.kind === 'attribute' && (item.name === 'count' || item.name === 'for_each'));
  if (repeated?.kind === 'attribute') {
    return { kind: 'refused', reason: `${input.address} has ${repeated.name}, so it stands for several models: create them with Terraform.` };
  }
  const errors = input
    .diagnostics(file)
    .filter((d) => (d.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error && d.range.start.line >= firstLine && d.range.end.line <= endLine);
  if (errors.length) {
    return { kind: 'refused', reason: `${input.address} has ${errors.length} error${errors.length === 1 ? '' : 's'} to fix first; line ${errors[0]!.range.start.line + 1}: ${errors[0]!.message}` };
  }
  const evaluated = input.evaluator.evaluateBlock(block, reader);
  const value = withoutTerraformOnly(evaluated.value);
  const unknown = evaluated.unknown.filter((u) => !isTerraformOnly(u.path) && !(u.path in input.answers));
  for (const [path, answer] of Object.entries(input.answers)) setPath(value, path, answer);
  if (unknown.length) {
    const compartment = value.arguments['compartment_id'];
    return { kind: 'incomplete', unknown, file, compartmentId: typeof compartment === 'string' ? compartment : undefined };
  }
  try {
    return { kind: 'ready', details: createModelDetails(value, input.registry), file, endLine };
  } catch (error) {
    return { kind: 'refused', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Meta-arguments and blocks are Terraform's, not the model's: `depends_on`, `lifecycle`, `timeouts`... */
function isTerraformOnly(path: string): boolean {
  const first = path.split('.')[0]!;
  return first in META_ARGUMENTS || first in META_BLOCKS || first === 'timeouts';
}

function withoutTerraformOnly(value: BlockValue): BlockValue {
  return {
    arguments: Object.fromEntries(Object.entries(value.arguments).filter(([name]) => !isTerraformOnly(name))),
    blocks: Object.fromEntries(Object.entries(value.blocks).filter(([name]) => !isTerraformOnly(name))),
  };
}

function setPath(value: BlockValue, path: string, answer: Value): void {
  const steps = path.split('.');
  let block = value;
  for (const step of steps.slice(0, -1)) block = block.blocks[step] ??= { arguments: {}, blocks: {} };
  block.arguments[steps[steps.length - 1]!] = answer;
}
