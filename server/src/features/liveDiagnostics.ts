import type { Diagnostic } from 'vscode-languageserver-types';
import type { LiveCatalog } from '../cloud/liveData';
import type { HclDocument } from '../hcl/chunkedDocument';
import { shiftRange } from '../hcl/lineIndex';
import { fileKindOf } from '../workspace/moduleIndex';
import type { ChunkAnalyzer } from './chunkAnalysis';
import { makeDiagnostic } from './rules';
import type { OcidUse } from './validateSchemaBlock';

/**
 * What the tenancy says of the literal OCIDs of a model's fine-tuning: a base model that cannot be fine-tuned,
 * a cluster that is not for fine-tuning. Only from what the catalog already knows; an OCID not looked up yet is
 * looked up in the background, and the document is checked again when the answer comes.
 */
export function liveDiagnostics(document: HclDocument, analyzer: ChunkAnalyzer, catalog: LiveCatalog): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const chunk of document.chunks) {
    for (const use of analyzer.analyze(chunk, fileKindOf(document.uri)).ocids) {
      const diagnostic = checkOcid(use, catalog);
      if (diagnostic) found.push({ ...diagnostic, range: shiftRange(diagnostic.range, chunk.startLine) });
    }
  }
  return found;
}

function checkOcid(use: OcidUse, catalog: LiveCatalog): Diagnostic | undefined {
  if (use.block === 'oci_generative_ai_model' && use.attribute === 'base_model_id') {
    const found = catalog.model(use.ocid);
    if (found.state !== 'known') return undefined;
    const model = found.value;
    const name = model.displayName ?? use.ocid;
    if (!model.capabilities.includes('FINE_TUNE')) {
      return makeDiagnostic(
        'base-model-not-fine-tunable',
        use.range,
        `${name} cannot be fine-tuned: its capabilities are ${model.capabilities.join(', ') || 'none'}, without FINE_TUNE. Completion offers the base models that can.`,
      );
    }
    return undefined;
  }
  if (use.block === 'fine_tune_details' && use.attribute === 'dedicated_ai_cluster_id') {
    const found = catalog.cluster(use.ocid);
    if (found.state !== 'known' || found.value.type === 'FINE_TUNING') return undefined;
    const name = found.value.displayName ?? use.ocid;
    return makeDiagnostic('cluster-not-fine-tuning', use.range, `${name} is a ${found.value.type} cluster: fine-tuning runs on a FINE_TUNING dedicated AI cluster.`);
  }
  return undefined;
}
