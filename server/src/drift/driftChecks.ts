import * as path from 'node:path';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import type { Parser } from 'web-tree-sitter';
import type { LiveCatalog, LiveModelDetails, Lookup } from '../cloud/liveData';
import { ModuleEvaluator } from '../convert/evaluate';
import { chunkSyntax } from '../features/chunkAnalysis';
import { makeDiagnostic } from '../features/rules';
import { CreateRecords } from '../flows/createRecords';
import { moduleReferences } from '../flows/importModel';
import type { Chunk, HclDocument } from '../hcl/chunkedDocument';
import { shiftRange } from '../hcl/lineIndex';
import { fileKindOf, uriToPath, type ModuleContext } from '../workspace/moduleIndex';
import type { Workspace } from '../workspace/workspace';
import { compareBlock } from './compareBlock';
import type { ModelComparison } from './compareModel';
import { CreatingPoller } from './creatingPoller';
import type { DriftFinding } from './driftFindings';
import { reportFields, type DriftReport } from './driftReport';
import { goneMessage, isComparable, isGone, liveStatusOf, type LiveStatus } from './liveStatus';

const MODEL = 'oci_generative_ai_model';
/**
 * After an open or an edit, the comparison waits this long for typing to pause (and a large file's first analysis
 * to end): it evaluates the whole module, which typing should not pay for.
 */
const QUIET_MS = 300;
/** On open and save, live answers older than this are fetched again: the person may have changed the model meanwhile. */
const REFRESH_OLDER_THAN_MS = 60_000;

/** A known model block, as last compared: in its chunk's coordinates, so that it moves with the lines above it. */
interface BlockResult {
  address: string;
  modelId: string;
  header: Range;
  /** The live answer it was compared with: another answer makes it stale. */
  answer: Lookup<LiveModelDetails>;
  comparison: ModelComparison | undefined;
  findings: DriftFinding[];
  /** Why there is no comparison, when the live status does not say it. */
  note?: string;
}

/** A model block the module knows an OCID for. */
interface KnownBlock {
  address: string;
  modelId: string;
  chunk: Chunk;
  /** From the block type to its last label, in the chunk. */
  header: Range;
  /** Where the block starts in the chunk: what finds its syntax. */
  start: Position;
}

/** A known model block of an open document, for its code lenses: what OCI says now, and the last comparison. */
export interface ModelBlockStatus {
  address: string;
  modelId: string;
  /** The block's header line in the document. */
  line: number;
  live: LiveStatus;
  comparison: ModelComparison | undefined;
}

export interface DriftChecksInput {
  workspace: Workspace;
  parser: Parser;
  env: NodeJS.ProcessEnv;
  /** The live catalog when the editor may call OCI; undefined keeps everything silent. */
  catalog: () => LiveCatalog | undefined;
  /** Comparisons of these documents changed on their own (after typing paused): publish them, refresh the lenses. */
  changed: (uris: string[]) => void;
}

/**
 * The comparison of each open document's known model blocks (those an `import` block or the local state gives an
 * OCID) with their live models. Compared on open, on save, on demand, once typing pauses after an edit, and when
 * a live answer changes; between those the results are served from the cache, so that diagnostics and lenses
 * never wait on the module's evaluation or the network.
 */
export class DriftChecks {
  private readonly results = new WeakMap<Chunk, BlockResult[]>();
  private readonly scheduled = new Map<string, { timer: NodeJS.Timeout; refreshLive: boolean }>();
  private readonly settled = new Set<string>();
  private readonly poller: CreatingPoller;

  constructor(private readonly input: DriftChecksInput) {
    this.poller = new CreatingPoller((modelId) => this.input.catalog()?.refreshModelDetails(modelId, 0));
  }

  /** A document opened: its module is compared soon (after its first analysis), live answers refreshed. */
  opened(uri: string): void {
    this.schedule(uri, true);
  }

  /** An edit: the module's open documents are compared again once typing pauses. */
  edited(uri: string): void {
    this.schedule(uri, false);
  }

  /** A save: the module's open documents are compared now, live answers refreshed; answers the documents compared. */
  saved(uri: string): string[] {
    const catalog = this.input.catalog();
    if (!catalog || !this.input.workspace.get(uri)) return [];
    const documents = this.moduleDocuments(uri);
    this.refreshOld(documents, catalog);
    this.compare(documents, catalog);
    return documents.map((document) => document.uri);
  }

  private schedule(uri: string, refreshLive: boolean): void {
    if (!this.input.workspace.get(uri) || !this.input.catalog()) return;
    const key = this.input.workspace.modules.dirOf(uri) ?? uri;
    const earlier = this.scheduled.get(key);
    clearTimeout(earlier?.timer);
    const refresh = refreshLive || earlier?.refreshLive === true;
    const timer = setTimeout(() => {
      this.scheduled.delete(key);
      const catalog = this.input.catalog();
      if (!catalog || !this.input.workspace.get(uri)) return;
      const documents = this.moduleDocuments(uri);
      if (refresh) this.refreshOld(documents, catalog);
      this.compare(documents, catalog);
      this.input.changed(documents.map((document) => document.uri));
    }, QUIET_MS);
    timer.unref();
    this.scheduled.set(key, { timer, refreshLive: refresh });
  }

  /** Live answers older than a minute are fetched again: the model may have been changed meanwhile. */
  private refreshOld(documents: readonly HclDocument[], catalog: LiveCatalog): void {
    for (const document of documents) for (const { modelId } of this.knownBlocks(document)) catalog.refreshModelDetails(modelId, REFRESH_OLDER_THAN_MS);
  }

  /**
   * Live answers came in: compares again the blocks whose answer changed, or that were never compared; answers
   * whether any was (their lenses change).
   */
  liveDataChanged(): boolean {
    const catalog = this.input.catalog();
    if (!catalog) return false;
    const stale = [...this.input.workspace.openDocuments()].filter((document) => this.isStale(document, catalog));
    this.compare(stale, catalog);
    return stale.length > 0;
  }

  /** Asks OCI again about the models of a document (or of every open document), for a person who asked. */
  refresh(uri?: string): void {
    const catalog = this.input.catalog();
    if (!catalog) return;
    const documents = uri ? [this.input.workspace.get(uri)].filter((d): d is HclDocument => d !== undefined) : [...this.input.workspace.openDocuments()];
    for (const document of documents) for (const { modelId } of this.knownBlocks(document)) catalog.refreshModelDetails(modelId, 0);
  }

  diagnostics(uri: string): Diagnostic[] {
    const document = this.input.workspace.get(uri);
    if (!document || !this.input.catalog()) return [];
    const found: Diagnostic[] = [];
    for (const chunk of document.chunks) {
      for (const result of this.results.get(chunk) ?? []) {
        const status = liveStatusOf(result.answer);
        if (isGone(status)) found.push(makeDiagnostic('model-gone', shiftRange(result.header, chunk.startLine), goneMessage(result.modelId, status)));
        for (const finding of result.findings) {
          const edit = finding.edit && { range: shiftRange(finding.edit.range, chunk.startLine), newText: finding.edit.newText };
          const takeLive = edit && { title: takeLiveTitle(finding), edit };
          found.push(makeDiagnostic('drift', shiftRange(finding.range, chunk.startLine), finding.message, takeLive && { takeLive }));
        }
      }
    }
    return found;
  }

  /** The known model blocks of a document with their live status, for the code lenses. */
  statuses(uri: string): ModelBlockStatus[] {
    const document = this.input.workspace.get(uri);
    const catalog = this.input.catalog();
    if (!document || !catalog) return [];
    return this.knownBlocks(document).map(({ address, modelId, chunk, header }) => {
      const result = this.results.get(chunk)?.find((r) => r.address === address);
      return { address, modelId, line: chunk.startLine + header.start.line, live: liveStatusOf(catalog.modelDetails(modelId)), comparison: result?.comparison };
    });
  }

  /** The whole comparison of the document's known model blocks (or the one at `address`), compared now. */
  reports(uri: string, address?: string): DriftReport[] {
    const document = this.input.workspace.get(uri);
    const catalog = this.input.catalog();
    if (!document || !catalog) return [];
    this.compare([document], catalog);
    const reports: DriftReport[] = [];
    for (const chunk of document.chunks) {
      for (const result of this.results.get(chunk) ?? []) {
        if (address && result.address !== address) continue;
        reports.push({
          address: result.address,
          modelId: result.modelId,
          uri,
          line: chunk.startLine + result.header.start.line,
          live: liveStatusOf(result.answer),
          ...(result.comparison && { fields: reportFields(result.comparison) }),
          notCompared: result.comparison?.notCompared ?? [],
          ...(result.note && { note: result.note }),
        });
      }
    }
    return reports;
  }

  /** Whether some known model block of the document still waits for its live answer. */
  pending(uri: string): boolean {
    return this.statuses(uri).some((status) => status.live.lookup === 'pending');
  }

  dispose(): void {
    for (const { timer } of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
    this.poller.dispose();
  }

  /** The open configuration documents of the document's module (a document outside a folder: itself). */
  private moduleDocuments(uri: string): HclDocument[] {
    const { workspace } = this.input;
    const dir = workspace.modules.dirOf(uri);
    const all = [...workspace.openDocuments()].filter((d) => fileKindOf(d.uri) === 'configuration');
    return dir ? all.filter((d) => workspace.modules.dirOf(d.uri) === dir) : all.filter((d) => d.uri === uri);
  }

  /** The document's model blocks the module knows an OCID for, read from cached analyses. */
  private knownBlocks(document: HclDocument): KnownBlock[] {
    if (fileKindOf(document.uri) !== 'configuration') return [];
    const module = this.input.workspace.modules.contextFor(document);
    const known: KnownBlock[] = [];
    for (const chunk of document.chunks) {
      for (const item of this.input.workspace.analyzer.analyze(chunk, 'configuration').headers) {
        if (item.kind !== 'block' || item.type !== 'resource' || item.labels[0]?.value !== MODEL || !item.labels[1]) continue;
        const address = `${MODEL}.${item.labels[1].value}`;
        const modelId = module.knownIds.get(address);
        const header = { start: item.typeRange.start, end: item.labels[item.labels.length - 1]!.range.end };
        if (modelId) known.push({ address, modelId, chunk, header, start: item.range.start });
      }
    }
    return known;
  }

  private isStale(document: HclDocument, catalog: LiveCatalog): boolean {
    return this.knownBlocks(document).some(({ address, modelId, chunk }) => {
      const result = this.results.get(chunk)?.find((r) => r.address === address);
      return !result || result.modelId !== modelId || !sameAnswer(result.answer, catalog.modelDetails(modelId));
    });
  }

  /** Compares the documents' known model blocks with what the catalog has; the module is evaluated once per folder. */
  private compare(documents: readonly HclDocument[], catalog: LiveCatalog): void {
    const evaluators = new Map<string, ModuleEvaluator>();
    try {
      for (const document of documents) {
        const file = uriToPath(document.uri);
        const dir = file && path.dirname(file);
        const module = this.input.workspace.modules.contextFor(document);
        const evaluatorOf = (): ModuleEvaluator | undefined => {
          if (!dir) return undefined;
          let evaluator = evaluators.get(dir);
          if (!evaluator) {
            evaluator = new ModuleEvaluator(dir, module, this.input.parser, this.input.workspace.openDocuments(), { env: this.input.env, varFiles: [] });
            evaluators.set(dir, evaluator);
          }
          return evaluator;
        };
        const byChunk = new Map<Chunk, BlockResult[]>();
        for (const known of this.knownBlocks(document)) {
          const answer = catalog.modelDetails(known.modelId);
          if (dir) this.settleCreate(dir, known.address, known.modelId, answer);
          byChunk.set(known.chunk, [...(byChunk.get(known.chunk) ?? []), this.compareBlock(known, answer, module, evaluatorOf)]);
        }
        for (const chunk of document.chunks) {
          const results = byChunk.get(chunk);
          if (results) this.results.set(chunk, results);
          else this.results.delete(chunk);
        }
      }
    } finally {
      for (const evaluator of evaluators.values()) evaluator.dispose();
    }
    this.poller.track(this.creating());
  }

  /** The models being created that the open documents' blocks stand for. */
  private creating(): Set<string> {
    const creating = new Set<string>();
    for (const document of this.input.workspace.openDocuments()) {
      for (const chunk of document.chunks) {
        for (const { answer, modelId } of this.results.get(chunk) ?? []) {
          if (answer.state === 'known' && answer.value.model['lifecycleState'] === 'CREATING') creating.add(modelId);
        }
      }
    }
    return creating;
  }

  private compareBlock(known: KnownBlock, answer: Lookup<LiveModelDetails>, module: ModuleContext, evaluatorOf: () => ModuleEvaluator | undefined): BlockResult {
    const result: BlockResult = { address: known.address, modelId: known.modelId, header: known.header, answer, comparison: undefined, findings: [] };
    if (answer.state !== 'known' || !isComparable(liveStatusOf(answer))) return result;
    const { reader, items } = chunkSyntax(known.chunk);
    const item = items.find((i) => i.kind === 'block' && i.range.start.line === known.start.line && i.range.start.character === known.start.character);
    const evaluator = evaluatorOf();
    if (item?.kind !== 'block' || !evaluator) return { ...result, note: 'The block could not be read.' };
    const drift = compareBlock(reader.block(item), reader, evaluator, answer.value.model, this.input.workspace.registry, moduleReferences(module, this.input.env));
    return 'note' in drift ? { ...result, note: drift.note } : { ...result, ...drift };
  }

  /** A create left running that has ended: its record in `.oci-genai-tf/creates.json` says so (once per model and outcome). */
  private settleCreate(dir: string, address: string, modelId: string, answer: Lookup<LiveModelDetails>): void {
    const state = answer.state === 'known' ? answer.value.model['lifecycleState'] : undefined;
    if (state !== 'ACTIVE' && state !== 'FAILED') return;
    const key = `${dir}\n${address}\n${modelId}\n${state}`;
    if (this.settled.has(key)) return;
    this.settled.add(key);
    const details = answer.state === 'known' ? answer.value.model['lifecycleDetails'] : undefined;
    new CreateRecords(dir).settle(address, modelId, state === 'ACTIVE' ? 'succeeded' : 'failed', state === 'FAILED' && typeof details === 'string' ? [details] : undefined);
  }
}

/** The same answer: the same object the cache holds, or the same failure. */
function sameAnswer(a: Lookup<LiveModelDetails>, b: Lookup<LiveModelDetails>): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'known' && b.state === 'known') return a.value === b.value;
  if ((a.state === 'absent' || a.state === 'unavailable') && (b.state === 'absent' || b.state === 'unavailable')) return a.message === b.message;
  return true;
}

function takeLiveTitle(finding: DriftFinding): string {
  const name = finding.path.slice(finding.path.lastIndexOf('.') + 1);
  if (finding.edit?.newText === '') return `Take the live value: remove \`${name}\` (not set in OCI)`;
  return `Take the live value of \`${name}\`: ${finding.liveShown}`;
}
