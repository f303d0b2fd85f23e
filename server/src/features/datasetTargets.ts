import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Parser } from 'web-tree-sitter';
import { ModuleEvaluator, NotStatic } from '../convert/evaluate';
import type { Value } from '../convert/values';
import { HclDocument, type Chunk } from '../hcl/chunkedDocument';
import { traversalsIn } from '../hcl/syntax';
import { findTerraformFiles } from '../lint/findFiles';
import { fileKindOf, uriToPath, type ModuleContext } from '../workspace/moduleIndex';
import type { Workspace } from '../workspace/workspace';
import { trainingDatasets, type DatasetBlock, type EvaluateExpression } from './trainingDatasets';

/** Enough for any real workspace; a folder opened at `/` must not be read whole. */
const MAX_FILES = 5000;

/** A training dataset block whose object is known, somewhere in the workspace. */
export interface WorkspaceDataset extends DatasetBlock {
  target: NonNullable<DatasetBlock['target']>;
  /** The `.tf` file that holds the block. */
  uri: string;
}

/** What the module's values were evaluated from, and the values of the expressions met so far, by their text. */
interface ModuleValues {
  context: ModuleContext;
  sources: string;
  byText: Map<string, Value | NotStatic>;
}

/**
 * The `training_dataset` blocks of open documents with their objects, as far as they are known before Terraform
 * runs: literals cost nothing; `var.*`, `local.*` and templates are evaluated as a create would (the module's
 * `.tfvars`, `TF_VAR_*`, defaults). Diagnostics ask at every publish, so what an expression evaluates to is kept
 * until what values come from changes (a variable or a local declared, a `.tfvars` edited, a file on disk), not
 * at every keystroke in a block.
 */
export class DatasetTargets {
  private readonly values = new Map<string, ModuleValues>();
  private readonly chunkIds = new WeakMap<Chunk, number>();
  private nextChunkId = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly parser: Parser,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The training datasets of an open document. */
  of(uri: string): DatasetBlock[] {
    const document = this.workspace.get(uri);
    if (!document) return [];
    const context = this.workspace.modules.contextFor(document);
    const dir = this.workspace.modules.dirOf(uri);
    if (!dir) return this.withEvaluator(undefined, context, (evaluate) => trainingDatasets(document, this.workspace.analyzer, evaluate));
    const sources = this.valueSources(dir);
    let known = this.values.get(dir);
    if (!known || known.context !== context || known.sources !== sources) {
      known = { context, sources, byText: new Map() };
      this.values.set(dir, known);
    }
    const byText = known.byText;
    return this.withEvaluator(dir, context, (evaluate) =>
      trainingDatasets(document, this.workspace.analyzer, (expression, reader) => {
        const text = reader.source.slice(reader.lines.offsetAt(expression.range.start), reader.lines.offsetAt(expression.range.end));
        let value = byText.get(text);
        if (value === undefined) {
          value = evaluate(expression, reader);
          byText.set(text, value);
        }
        return value;
      }),
    );
  }

  /**
   * Every training dataset of the workspace's `.tf` files, and of open documents outside it, whose object is known
   * (open documents as typed, other files from disk): where a local file may be uploaded.
   */
  inWorkspace(roots: readonly string[]): WorkspaceDataset[] {
    const byDir = new Map<string, string[]>();
    for (const file of roots.length ? findTerraformFiles([...roots], roots[0]!, MAX_FILES).files : []) {
      if (!file.endsWith('.tf')) continue;
      byDir.set(path.dirname(file), [...(byDir.get(path.dirname(file)) ?? []), file]);
    }
    for (const document of this.workspace.openDocuments()) {
      const file = uriToPath(document.uri);
      const dir = file && path.dirname(file);
      if (dir && file.endsWith('.tf') && !byDir.get(dir)?.includes(file)) byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
    }
    const found: WorkspaceDataset[] = [];
    for (const [dir, files] of byDir) {
      const context = this.workspace.modules.contextForDir(dir);
      this.withEvaluator(dir, context, (evaluate) => {
        for (const file of files) {
          const uri = pathToFileURL(file).href;
          const open = this.workspace.get(uri);
          const document = open ?? this.readDisk(file, uri);
          if (!document) continue;
          try {
            for (const block of trainingDatasets(document, this.workspace.analyzer, evaluate)) if (block.target) found.push({ ...block, target: block.target, uri });
          } finally {
            if (!open) document.dispose();
          }
        }
      });
    }
    return found;
  }

  /**
   * Runs `use` with an evaluation of the module's values; the module's files are read only when a value is more
   * than a literal. A per-instance value (`each.*`, `count.index`) is never known before Terraform expands the
   * resource.
   */
  private withEvaluator<T>(dir: string | undefined, context: ModuleContext, use: (evaluate: EvaluateExpression) => T): T {
    let evaluator: ModuleEvaluator | undefined;
    const evaluate: EvaluateExpression = (expression, reader) => {
      if (expression.kind === 'string') return expression.value;
      const perInstance = traversalsIn(expression).find((t) => t.root === 'each' || t.root === 'count');
      if (perInstance) return new NotStatic(`${perInstance.root}.*, one value per instance of the resource`);
      if (!dir) return new NotStatic('a value in a file that is not saved in a folder');
      evaluator ??= new ModuleEvaluator(dir, context, this.parser, this.workspace.openDocuments(), { env: this.env, varFiles: [] });
      return evaluator.expression(expression, reader);
    };
    try {
      return use(evaluate);
    } finally {
      evaluator?.dispose();
    }
  }

  /**
   * What the module's values are read from, beyond the module's context (which changes with files on disk and with
   * declarations): the open documents' chunks that declare variables or locals, and the open `.tfvars` as typed.
   */
  private valueSources(dir: string): string {
    const sources: string[] = [];
    for (const document of this.workspace.openDocuments()) {
      if (this.workspace.modules.dirOf(document.uri) !== dir) continue;
      if (fileKindOf(document.uri) === 'variables') {
        sources.push(`${document.uri}@${document.version}`);
        continue;
      }
      for (const chunk of document.chunks) {
        const { variables, locals } = this.workspace.analyzer.analyze(chunk, 'configuration').declarations;
        if (variables.length || locals.length) sources.push(`${document.uri}#${this.chunkId(chunk)}`);
      }
    }
    return sources.sort().join('\n');
  }

  private chunkId(chunk: Chunk): number {
    let id = this.chunkIds.get(chunk);
    if (id === undefined) {
      id = this.nextChunkId++;
      this.chunkIds.set(chunk, id);
    }
    return id;
  }

  /** A file of the workspace that names a training dataset, parsed; others are not parsed at all. */
  private readDisk(file: string, uri: string): HclDocument | undefined {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    return text.includes('training_dataset') ? new HclDocument(this.parser, uri, 'terraform', 0, text) : undefined;
  }
}
