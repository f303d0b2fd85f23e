import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver-types';
import type { Parser } from 'web-tree-sitter';
import { HclDocument, type Chunk } from '../hcl/chunkedDocument';
import { shiftRange } from '../hcl/lineIndex';
import { chunkSyntax, type ChunkAnalyzer, type FileKind } from '../features/chunkAnalysis';
import type { SchemaRegistry } from '../schema/registry';
import { emptyDeclarations, readLockFile, type Declaration, type FileDeclarations } from './declarations';
import { readStateIds } from './terraformState';
import { whyNotAnalysed, whyNotRead } from './analysisLimits';

/** Where something is declared. For an open document the range is relative to `chunk`, which moves with edits. */
export interface DeclarationSite {
  uri: string;
  range: Range;
  chunk?: Chunk;
}

export interface VariableSite extends DeclarationSite {
  defaultValue?: string;
}

export interface ObjectSite extends DeclarationSite {
  hasInstanceKeys: boolean;
}

/** What a module (the `.tf` files of one folder) declares, for the checks that need more than one block. */
export interface ModuleContext {
  readonly variables: ReadonlyMap<string, VariableSite>;
  /** Literal string values `terraform.tfvars` and `*.auto.tfvars` give variables, later files winning, as Terraform reads them. */
  readonly variableValues: ReadonlyMap<string, string>;
  readonly locals: ReadonlyMap<string, DeclarationSite>;
  /** By `resource.<type>.<name>` or `data.<type>.<name>`. */
  readonly objects: ReadonlyMap<string, ObjectSite>;
  /**
   * The ids of the module's objects where they are known: `import` blocks, then the local `terraform.tfstate`
   * (which wins), by address (`oci_generative_ai_model.name`).
   */
  readonly knownIds: ReadonlyMap<string, string>;
  /** Version constraints the module puts on our provider. */
  readonly providerConstraints: readonly string[];
  /** The provider version `.terraform.lock.hcl` selects, if the module has one. */
  readonly lockedProviderVersion: string | undefined;
  /** A file of the module has syntax errors, so a declaration may be hidden: undeclared references are not judged. */
  readonly incomplete: boolean;
}

export function fileKindOf(uri: string): FileKind {
  return uri.endsWith('.tfvars') ? 'variables' : 'configuration';
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Declarations of a file, or of one chunk of an open document (their ranges relative to it). */
interface FileEntry {
  declarations: FileDeclarations;
  chunk?: Chunk;
  damaged: boolean;
}

interface DiskFile {
  mtimeMs: number;
  size: number;
  declarations: FileDeclarations;
  damaged: boolean;
}

/**
 * The modules of the open documents, built lazily: a module is indexed the first time a document in it needs
 * its context, and only that folder is read, so a monorepo of thousands of files costs only the folders open.
 */
export class ModuleIndex {
  private readonly contexts = new Map<string, ModuleContext>();
  private readonly diskFiles = new Map<string, DiskFile>();

  constructor(
    private readonly parser: Parser,
    private readonly analyzer: ChunkAnalyzer,
    private readonly registry: SchemaRegistry,
    private readonly openDocuments: () => Iterable<HclDocument>,
  ) {}

  /** The folder whose `.tf` files form the document's module; undefined for documents that are not files. */
  dirOf(uri: string): string | undefined {
    const file = uriToPath(uri);
    return file ? path.dirname(file) : undefined;
  }

  private readonly chunkSignatures = new WeakMap<Chunk, string>();

  contextFor(document: HclDocument): ModuleContext {
    const dir = this.dirOf(document.uri);
    if (!dir) return this.build([this.openEntry(document)], [], undefined, new Map());
    return this.contextForDir(dir);
  }

  /** The module of a folder, from its files on disk and the open documents in it. */
  contextForDir(dir: string): ModuleContext {
    let context = this.contexts.get(dir);
    if (!context) {
      context = this.buildForDir(dir);
      this.contexts.set(dir, context);
    }
    return context;
  }

  /** Forget what is known of a folder (a file in it changed on disk, or a document opened or closed). */
  invalidate(dir: string): void {
    this.contexts.delete(dir);
  }

  /** A file changed on disk: drop its cached declarations and its module's context. */
  fileChanged(file: string): void {
    this.diskFiles.delete(file);
    this.invalidate(path.dirname(file));
  }

  /**
   * A fingerprint of what a document declares, one entry per chunk: when an edit leaves it unchanged, the module's
   * context and the diagnostics of other documents stay as they are. Entries are kept per chunk, so an edit costs
   * one entry, not the whole document's.
   */
  declarationSignature(document: HclDocument): readonly string[] {
    const kind = fileKindOf(document.uri);
    return document.chunks.map((chunk) => {
      let key = this.chunkSignatures.get(chunk);
      if (key === undefined) {
        const analysis = this.analyzer.analyze(chunk, kind);
        const d = analysis.declarations;
        key = [
          analysis.damaged ? '!' : '',
          ...d.variables.map((v) => `v${v.name}=${v.defaultValue ?? ''}`),
          ...d.assignments.map((a) => `a${a.name}=${a.value}`),
          ...d.imports.map((i) => `i${i.address}=${i.id}`),
          ...d.locals.map((l) => `l${l.name}`),
          ...d.objects.map((o) => `o${o.objectKind}.${o.type}.${o.name}${o.hasInstanceKeys ? '#' : ''}`),
          ...d.providers.map((p) => `p${p.source}@${p.version ?? ''}`),
        ].join('\n');
        this.chunkSignatures.set(chunk, key);
      }
      return key;
    });
  }

  private openEntry(document: HclDocument): { uri: string; entries: FileEntry[] } {
    const kind = fileKindOf(document.uri);
    const entries = document.chunks.map((chunk) => {
      const analysis = this.analyzer.analyze(chunk, kind);
      return { declarations: analysis.declarations, chunk, damaged: analysis.damaged };
    });
    return { uri: document.uri, entries };
  }

  private buildForDir(dir: string): ModuleContext {
    const open = new Map<string, HclDocument>();
    for (const document of this.openDocuments()) {
      if (this.dirOf(document.uri) === dir) open.set(uriToPath(document.uri) ?? document.uri, document);
    }
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      // The folder is gone or unreadable: the open documents are all there is.
    }
    const read = (name: string): { uri: string; entries: FileEntry[] } | undefined => {
      const file = path.join(dir, name);
      const document = open.get(file);
      if (document) return this.openEntry(document);
      const disk = this.readDiskFile(file, fileKindOf(name));
      return disk && { uri: pathToFileURL(file).href, entries: [{ declarations: disk.declarations, damaged: disk.damaged }] };
    };
    const configuration = names.filter((name) => name.endsWith('.tf'));
    for (const file of open.keys()) {
      const name = path.basename(file);
      if (name.endsWith('.tf') && !configuration.includes(name)) configuration.push(name);
    }
    // Terraform reads terraform.tfvars, then *.auto.tfvars in lexical order.
    const variableFiles = ['terraform.tfvars', ...names.filter((name) => name.endsWith('.auto.tfvars'))];
    const files = configuration.flatMap((name) => read(name) ?? []);
    const assignments = variableFiles.flatMap((name) => (names.includes(name) || open.has(path.join(dir, name)) ? (read(name) ?? []) : []));
    return this.build(files, assignments, this.lockedVersion(dir), readStateIds(dir));
  }

  private readDiskFile(file: string, kind: FileKind): DiskFile | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    const cached = this.diskFiles.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    // A file the editor would not analyse is read as a damaged one: what it declares is unknown, so references
    // to the module are not judged.
    const unanalysed = { mtimeMs: stat.mtimeMs, size: stat.size, declarations: emptyDeclarations(), damaged: true };
    if (whyNotRead(stat.size)) return unanalysed;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    if (whyNotAnalysed(text)) return unanalysed;
    const document = new HclDocument(this.parser, pathToFileURL(file).href, kind === 'variables' ? 'terraform-vars' : 'terraform', 0, text);
    try {
      const declarations = emptyDeclarations();
      let damaged = false;
      for (const chunk of document.chunks) {
        const analysis = this.analyzer.analyze(chunk, kind);
        damaged ||= analysis.damaged;
        const shift = <T extends Declaration>(d: T): T => ({ ...d, range: shiftRange(d.range, chunk.startLine) });
        declarations.variables.push(...analysis.declarations.variables.map(shift));
        declarations.locals.push(...analysis.declarations.locals.map(shift));
        declarations.objects.push(...analysis.declarations.objects.map(shift));
        declarations.providers.push(...analysis.declarations.providers);
        declarations.assignments.push(...analysis.declarations.assignments);
        declarations.imports.push(...analysis.declarations.imports.map((i) => ({ ...i, range: shiftRange(i.range, chunk.startLine) })));
      }
      const entry = { mtimeMs: stat.mtimeMs, size: stat.size, declarations, damaged };
      this.diskFiles.set(file, entry);
      return entry;
    } finally {
      document.dispose();
    }
  }

  private lockedVersion(dir: string): string | undefined {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
    } catch {
      return undefined;
    }
    const document = new HclDocument(this.parser, 'lock:', 'terraform', 0, text);
    try {
      for (const chunk of document.chunks) {
        const { reader, items } = chunkSyntax(chunk);
        for (const [address, version] of readLockFile(reader, items)) {
          if (this.registry.isOurProvider(address)) return version;
        }
      }
      return undefined;
    } finally {
      document.dispose();
    }
  }

  private build(
    files: { uri: string; entries: FileEntry[] }[],
    variableFiles: { uri: string; entries: FileEntry[] }[],
    lockedProviderVersion: string | undefined,
    stateIds: ReadonlyMap<string, string>,
  ): ModuleContext {
    const knownIds = new Map<string, string>();
    const variables = new Map<string, VariableSite>();
    const locals = new Map<string, DeclarationSite>();
    const objects = new Map<string, ObjectSite>();
    const providerConstraints: string[] = [];
    let incomplete = false;
    for (const { uri, entries } of files) {
      for (const { declarations, chunk, damaged } of entries) {
        incomplete ||= damaged;
        const site = (d: Declaration): DeclarationSite => (chunk ? { uri, range: d.range, chunk } : { uri, range: d.range });
        for (const v of declarations.variables) variables.set(v.name, v.defaultValue === undefined ? site(v) : { ...site(v), defaultValue: v.defaultValue });
        for (const l of declarations.locals) locals.set(l.name, site(l));
        for (const o of declarations.objects) {
          objects.set(`${o.objectKind}.${o.type}.${o.name}`, { ...site(o), hasInstanceKeys: o.hasInstanceKeys });
        }
        for (const i of declarations.imports) knownIds.set(i.address, i.id);
        for (const p of declarations.providers) {
          if (this.registry.isOurProvider(p.source) && p.version) providerConstraints.push(p.version);
        }
      }
    }
    const variableValues = new Map<string, string>();
    for (const { entries } of variableFiles) {
      for (const { declarations } of entries) for (const a of declarations.assignments) variableValues.set(a.name, a.value);
    }
    for (const [address, id] of stateIds) knownIds.set(address, id);
    return { variables, locals, objects, variableValues, knownIds, providerConstraints, lockedProviderVersion, incomplete };
  }
}
