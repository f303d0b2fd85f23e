import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Parser } from 'web-tree-sitter';
import { chunkSyntax } from '../features/chunkAnalysis';
import { HclDocument } from '../hcl/chunkedDocument';
import type { SyntaxReader } from '../hcl/readSyntax';
import { attributes, type Attribute, type Block, type BlockHeader, type Expression } from '../hcl/syntax';
import { uriToPath, type ModuleContext } from '../workspace/moduleIndex';
import { templateLiterals } from './templateText';
import type { BlockValue, Value } from './values';

/** Why a value is not known before Terraform runs, in words for the person asked to give it. */
export class NotStatic {
  constructor(readonly reason: string) {}
}

type Evaluated = Value | NotStatic;

/** An argument whose value is not known statically, by its path in the block (`fine_tune_details.dedicated_ai_cluster_id`). */
export interface UnknownArgument {
  path: string;
  reason: string;
}

export interface EvaluatedBlock {
  value: BlockValue;
  unknown: UnknownArgument[];
}

/**
 * A file of the module, read into syntax once per evaluation: an evaluation runs within one turn, in which the
 * trees it reads stay (see the tree cache in chunkedDocument.ts).
 */
interface ModuleFile {
  file: string;
  /** `startLine`: where the chunk starts in its file; syntax ranges are relative to it. */
  chunks: { reader: SyntaxReader; items: (BlockHeader | Attribute)[]; startLine: number }[];
}

export interface EvaluationSources {
  /** Extra variable files, in the order given (`--var-file`): they win over the module's own. */
  varFiles: readonly string[];
  /** For `TF_VAR_<name>`. */
  env: NodeJS.ProcessEnv;
}

/**
 * Evaluates what can be known of a module's values without Terraform: literals, templates of known parts,
 * `var.*` (from, in Terraform's order of precedence, the default, `TF_VAR_<name>`, `terraform.tfvars`,
 * `terraform.tfvars.json`, `*.auto.tfvars(.json)` and the given var files), `local.*` of static values, and the ids
 * of objects the module knows (`import` blocks, local state). Everything else is a NotStatic with its reason.
 */
export class ModuleEvaluator {
  private readonly files: ModuleFile[];
  private readonly disposables: HclDocument[] = [];
  private variableValues: Map<string, Evaluated> | undefined;
  private readingVariables = false;
  private readonly localsInProgress = new Set<string>();
  private readonly localValues = new Map<string, Evaluated>();

  constructor(
    private readonly dir: string,
    private readonly context: ModuleContext,
    private readonly parser: Parser,
    openDocuments: Iterable<HclDocument>,
    private readonly sources: EvaluationSources,
  ) {
    const open = new Map<string, HclDocument>();
    for (const document of openDocuments) {
      const file = uriToPath(document.uri);
      if (file && path.dirname(file) === dir) open.set(file, document);
    }
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      // Only the open documents, then.
    }
    const files = new Set([...names.map((name) => path.join(dir, name)), ...open.keys()]);
    this.files = [...files]
      .filter((file) => /\.(tf|tfvars)$/.test(file))
      .flatMap((file) => {
        const document = open.get(file) ?? this.readDisk(file);
        if (!document) return [];
        return [{ file, chunks: document.chunks.map((chunk) => ({ ...chunkSyntax(chunk), startLine: chunk.startLine })) }];
      });
  }

  dispose(): void {
    for (const document of this.disposables) document.dispose();
  }

  /** The resource block at `type.name` in the module's `.tf` files, with its reader; `startLine` places it in its file. */
  findResource(type: string, name: string): { block: Block; reader: SyntaxReader; file: string; startLine: number } | undefined {
    for (const { file, chunks } of this.files) {
      if (!file.endsWith('.tf')) continue;
      for (const { reader, items, startLine } of chunks) {
        for (const item of items) {
          if (item.kind === 'block' && item.type === 'resource' && item.labels[0]?.value === type && item.labels[1]?.value === name) {
            return { block: reader.block(item), reader, file, startLine };
          }
        }
      }
    }
    return undefined;
  }

  /** A block's arguments and nested blocks; meta-arguments and meta-blocks are left to the caller to refuse. */
  evaluateBlock(block: Block, reader: SyntaxReader, prefix = ''): EvaluatedBlock {
    const value: BlockValue = { arguments: {}, blocks: {} };
    const unknown: UnknownArgument[] = [];
    for (const item of block.body.items) {
      const itemPath = `${prefix}${item.kind === 'attribute' ? item.name : item.type}`;
      if (item.kind === 'attribute') {
        const evaluated = this.expression(item.value, reader);
        if (evaluated instanceof NotStatic) unknown.push({ path: itemPath, reason: evaluated.reason });
        else value.arguments[item.name] = evaluated;
      } else if (item.type === 'dynamic') {
        unknown.push({ path: `${prefix}${item.labels[0]?.value ?? 'dynamic'}`, reason: 'a dynamic block, which Terraform expands when it runs' });
      } else {
        const nested = this.evaluateBlock(item, reader, `${itemPath}.`);
        value.blocks[item.type] = nested.value;
        unknown.push(...nested.unknown);
      }
    }
    return { value, unknown };
  }

  expression(expression: Expression, reader: SyntaxReader): Evaluated {
    switch (expression.kind) {
      case 'string':
      case 'number':
      case 'bool':
        return expression.value;
      case 'null':
        return null;
      case 'template':
        return this.template(expression, reader);
      case 'tuple': {
        const elements: Value[] = [];
        for (const element of expression.elements) {
          const evaluated = this.expression(element, reader);
          if (evaluated instanceof NotStatic) return evaluated;
          elements.push(evaluated);
        }
        return elements;
      }
      case 'object': {
        const entries: [string, Value][] = [];
        for (const element of expression.elements) {
          if (element.key === undefined) return new NotStatic('an object with a computed key');
          const evaluated = this.expression(element.value, reader);
          if (evaluated instanceof NotStatic) return evaluated;
          entries.push([element.key, evaluated]);
        }
        // Not assignment: a key such as `__proto__` (a tag may be named so) must stay a key.
        return Object.fromEntries(entries);
      }
      case 'traversal':
        return this.traversal(expression);
      case 'call':
        return new NotStatic(`the function call ${expression.name}(...), which Terraform evaluates when it runs`);
      case 'missing':
        return new NotStatic('no value is written');
      case 'other':
        return new NotStatic('an expression (a condition, an operator, a for-expression) that Terraform evaluates when it runs');
    }
  }

  private template(expression: Extract<Expression, { kind: 'template' }>, reader: SyntaxReader): Evaluated {
    const source = reader.source.slice(reader.lines.offsetAt(expression.range.start), reader.lines.offsetAt(expression.range.end));
    const literals = templateLiterals(source);
    if (!literals || literals.length !== expression.parts.length + 1) return new NotStatic('a template with directives (%{ ... })');
    let text = literals[0]!;
    for (let i = 0; i < expression.parts.length; i++) {
      const part = this.expression(expression.parts[i]!, reader);
      if (part instanceof NotStatic) return part;
      if (part === null || typeof part === 'object') return new NotStatic('a template that interpolates a value that is not text');
      text += String(part) + literals[i + 1]!;
    }
    return text;
  }

  private traversal(traversal: Extract<Expression, { kind: 'traversal' }>): Evaluated {
    const [first, ...rest] = traversal.steps;
    let value: Evaluated;
    if (traversal.root === 'var' && first?.kind === 'attribute') value = this.variable(first.name);
    else if (traversal.root === 'local' && first?.kind === 'attribute') value = this.local(first.name);
    else {
      // `type.name.id` of an object the module knows (an import block or the local state).
      const [nameStep, attribute, ...more] = traversal.steps;
      const address = nameStep?.kind === 'attribute' ? `${traversal.root}.${nameStep.name}` : undefined;
      const id = address ? this.context.knownIds.get(address) : undefined;
      if (id && attribute?.kind === 'attribute' && attribute.name === 'id' && more.length === 0) return id;
      const written = [traversal.root, ...traversal.steps.map((s) => (s.kind === 'attribute' ? s.name : '[...]'))].join('.');
      return new NotStatic(`${written}, which Terraform knows only once it has created or read it`);
    }
    for (const step of rest) {
      if (value instanceof NotStatic) return value;
      if (step.kind === 'attribute' && value && typeof value === 'object' && !Array.isArray(value) && step.name in value) value = value[step.name]!;
      else if (step.kind === 'index' && Array.isArray(value) && typeof step.key === 'number' && step.key < value.length) value = value[step.key]!;
      else if (step.kind === 'index' && value && typeof value === 'object' && !Array.isArray(value) && typeof step.key === 'string' && step.key in value) value = value[step.key]!;
      else return new NotStatic('a reference into a value that has no such element');
    }
    return value;
  }

  private variable(name: string): Evaluated {
    // Terraform allows no references in a default or a .tfvars value. One met while they are read is not static:
    // followed, `default = var.x` read the values again, and again, until the call stack ran out (found by the LSP
    // fuzz suite).
    if (this.readingVariables) return new NotStatic(`var.${name} in a variable's value, where Terraform allows no references`);
    if (!this.variableValues) {
      this.readingVariables = true;
      try {
        this.variableValues = this.readVariableValues();
      } finally {
        this.readingVariables = false;
      }
    }
    return this.variableValues.get(name) ?? new NotStatic(`var.${name}, which has no default and no value in the module's .tfvars files or TF_VAR_${name}`);
  }

  private local(name: string): Evaluated {
    const cached = this.localValues.get(name);
    if (cached !== undefined) return cached;
    if (this.localsInProgress.has(name)) return new NotStatic(`local.${name}, which refers to itself`);
    this.localsInProgress.add(name);
    let value: Evaluated = new NotStatic(`local.${name}, which no locals block of the module declares`);
    for (const { reader, attribute } of this.topLevelAttributes('locals')) {
      if (attribute.name === name) value = this.expression(attribute.value, reader);
    }
    this.localsInProgress.delete(name);
    this.localValues.set(name, value);
    return value;
  }

  /** Every source of variable values, lowest precedence first, so that later ones win. */
  private readVariableValues(): Map<string, Evaluated> {
    const values = new Map<string, Evaluated>();
    const declaredTypes = new Map<string, string | undefined>();
    for (const { reader, block } of this.blocksOfType('variable')) {
      const name = block.labels[0]?.value;
      if (!name) continue;
      const body = attributes(block.body);
      const type = body.find((a) => a.name === 'type')?.value;
      declaredTypes.set(name, type?.kind === 'traversal' ? type.root : undefined);
      const fallback = body.find((a) => a.name === 'default')?.value;
      if (fallback) values.set(name, this.expression(fallback, reader));
    }
    for (const [key, raw] of Object.entries(this.sources.env)) {
      const name = key.startsWith('TF_VAR_') ? key.slice('TF_VAR_'.length) : undefined;
      if (name === undefined || raw === undefined || !declaredTypes.has(name)) continue;
      const type = declaredTypes.get(name);
      // Terraform takes a string variable's environment value as is, and parses others as HCL.
      values.set(name, type === 'number' && Number.isFinite(Number(raw)) ? Number(raw) : type === 'bool' ? raw === 'true' : raw);
    }
    const moduleFiles = ['terraform.tfvars', 'terraform.tfvars.json', ...this.namesInDir().filter((n) => /\.auto\.tfvars(\.json)?$/.test(n))];
    for (const file of [...moduleFiles.map((name) => path.join(this.dir, name)), ...this.sources.varFiles]) {
      for (const [name, value] of this.variableFile(file)) values.set(name, value);
    }
    return values;
  }

  private variableFile(file: string): Map<string, Evaluated> {
    const values = new Map<string, Evaluated>();
    if (file.endsWith('.json')) {
      try {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) for (const [name, value] of Object.entries(parsed)) values.set(name, value as Value);
      } catch {
        // A missing or broken JSON var file sets nothing; Terraform would stop, and so do the callers on NotStatic.
      }
      return values;
    }
    const loaded = this.files.find((f) => f.file === file);
    const chunks = loaded?.chunks ?? this.readDisk(file)?.chunks.map((chunk) => ({ ...chunkSyntax(chunk), startLine: chunk.startLine })) ?? [];
    for (const { reader, items } of chunks) {
      for (const item of items) if (item.kind === 'attribute') values.set(item.name, this.expression(item.value, reader));
    }
    return values;
  }

  private *blocksOfType(type: string): Iterable<{ reader: SyntaxReader; block: Block }> {
    for (const { file, chunks } of this.files) {
      if (!file.endsWith('.tf')) continue;
      for (const { reader, items } of chunks) for (const item of items) if (item.kind === 'block' && item.type === type) yield { reader, block: reader.block(item) };
    }
  }

  private *topLevelAttributes(blockType: string): Iterable<{ reader: SyntaxReader; attribute: Attribute }> {
    for (const { reader, block } of this.blocksOfType(blockType)) for (const attribute of attributes(block.body)) yield { reader, attribute };
  }

  private namesInDir(): string[] {
    try {
      return fs.readdirSync(this.dir).sort();
    } catch {
      return [];
    }
  }

  private readDisk(file: string): HclDocument | undefined {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const document = new HclDocument(this.parser, pathToFileURL(file).href, file.endsWith('.tfvars') ? 'terraform-vars' : 'terraform', 0, text);
    this.disposables.push(document);
    return document;
  }
}
