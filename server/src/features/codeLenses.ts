import type { CodeLens } from 'vscode-languageserver-types';
import type { HclDocument } from '../hcl/chunkedDocument';
import { SERVER_COMMANDS } from '../protocol';
import type { ModuleContext } from '../workspace/moduleIndex';
import type { ChunkAnalyzer } from './chunkAnalysis';

const MODEL = 'oci_generative_ai_model';

/**
 * "Create in OCI..." above each model block that the module does not know an object for yet (no `import` block,
 * nothing in the local state) and that stands for one model (no count or for_each).
 */
export function createLenses(document: HclDocument, analyzer: ChunkAnalyzer, module: ModuleContext): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const chunk of document.chunks) {
    const analysis = analyzer.analyze(chunk, 'configuration');
    for (const item of analysis.headers) {
      const name = item.kind === 'block' && item.type === 'resource' && item.labels[0]?.value === MODEL ? item.labels[1]?.value : undefined;
      if (!name || item.kind !== 'block') continue;
      const address = `${MODEL}.${name}`;
      const repeated = analysis.declarations.objects.some((o) => o.objectKind === 'resource' && o.type === MODEL && o.name === name && o.hasInstanceKeys);
      if (repeated || module.knownIds.has(address)) continue;
      const line = chunk.startLine + item.range.start.line;
      lenses.push({
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        command: { title: 'Create in OCI...', command: SERVER_COMMANDS.createModel, arguments: [document.uri, address] },
      });
    }
  }
  return lenses;
}
