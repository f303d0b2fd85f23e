import type { Diagnostic } from 'vscode-languageserver-types';
import type { ObjectTarget } from '../cloud/objectTarget';
import type { ObjectHead } from '../oci/objectStorage';
import { makeDiagnostic } from './rules';
import type { DatasetBlock } from './trainingDatasets';

/**
 * A warning on each training dataset whose object Object Storage does not have, on the argument naming what is
 * missing (the object, the bucket, or a namespace that is not the tenancy's). Only from answers already known:
 * an object not asked about yet, or one that could not be asked about, gets nothing.
 */
export function datasetDiagnostics(blocks: readonly DatasetBlock[], head: (target: ObjectTarget) => ObjectHead | undefined): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const block of blocks) {
    const answer = block.target && head(block.target);
    if (answer?.state !== 'missing') continue;
    // What is missing (object, bucket, namespace) is also the name of the argument that names it.
    const range = block.valueRanges[answer.missing] ?? block.typeRange;
    const fix = answer.missing === 'object' ? ' "Upload dataset..." above `training_dataset` uploads a local file there.' : '';
    found.push(makeDiagnostic('dataset-not-found', range, `${answer.message}${fix}`));
  }
  return found;
}
