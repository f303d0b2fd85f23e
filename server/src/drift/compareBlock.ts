import type { ModuleEvaluator } from '../convert/evaluate';
import type { ApiModel } from '../convert/modelToHcl';
import { modelResourceSchema } from '../convert/settable';
import type { SyntaxReader } from '../hcl/readSyntax';
import type { Block } from '../hcl/syntax';
import type { SchemaRegistry } from '../schema/registry';
import { compareModel, type ModelComparison } from './compareModel';
import { driftFindings, type DriftFinding } from './driftFindings';
import { readModelBlock } from './modelBlock';

export type BlockDrift = { comparison: ModelComparison; findings: DriftFinding[] } | { note: string };

/**
 * A model block of the module against its live model, as the editor and the CLI compare it: findings in the
 * coordinates of the block's syntax. A block with a syntax error is not compared: its values may not be what was
 * meant.
 */
export function compareBlock(
  block: Block,
  reader: SyntaxReader,
  evaluator: ModuleEvaluator,
  live: ApiModel,
  registry: SchemaRegistry,
  references: ReadonlyMap<string, string>,
): BlockDrift {
  if (block.damaged) return { note: 'The block has a syntax error: fix it to compare it with OCI.' };
  try {
    const { file, places } = readModelBlock(block, reader, evaluator);
    const comparison = compareModel(file, live, modelResourceSchema(registry));
    return { comparison, findings: driftFindings(comparison, places, references) };
  } catch (error) {
    return { note: `The live model could not be compared: ${error instanceof Error ? error.message : String(error)}` };
  }
}
