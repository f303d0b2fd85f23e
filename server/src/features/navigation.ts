import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver-types';
import type { Parser } from 'web-tree-sitter';
import { HclDocument } from '../hcl/chunkedDocument';
import { LineIndex, shiftRange } from '../hcl/lineIndex';
import { uriToPath, type DeclarationSite, type ModuleContext } from '../workspace/moduleIndex';
import { cursorContext } from './cursorContext';

/** What a name at the cursor stands for: a variable, a local value, or a resource or data source. */
type Target =
  | { kind: 'variable'; name: string }
  | { kind: 'local'; name: string }
  | { kind: 'resource'; type: string; name: string }
  | { kind: 'data'; type: string; name: string };

export interface NavigationInput {
  module: ModuleContext;
  parser: Parser;
  /** The open documents; other files of the module are read from disk. */
  openDocuments: () => Iterable<HclDocument>;
}

/** The target under the cursor: a reference (`var.x`, `type.name.attr`) or a declaration (`variable "x"`). */
function targetAt(document: HclDocument, position: Position): Target | undefined {
  const context = cursorContext(document, position);
  const text = context.chunk.source;
  const lineStart = text.lastIndexOf('\n', context.offset - 1) + 1;
  const lineEnd = context.lines.lineEnd(context.offset);
  const line = text.slice(lineStart, lineEnd);
  const column = context.offset - lineStart;

  if (context.blocks.length === 0) {
    const declaration = /^[ \t]*(variable|resource|data)[ \t]+"([^"]+)"(?:[ \t]+"([^"]+)")?/.exec(line);
    if (declaration) {
      if (declaration[1] === 'variable') return { kind: 'variable', name: declaration[2]! };
      if (declaration[3]) return { kind: declaration[1] === 'data' ? 'data' : 'resource', type: declaration[2]!, name: declaration[3] };
    }
  }
  const local = context.blocks.length === 1 && context.blocks[0]!.type === 'locals' ? /^[ \t]*([A-Za-z_][\w-]*)[ \t]*=/.exec(line) : null;
  if (local && column <= line.indexOf('=')) return { kind: 'local', name: local[1]! };

  for (const match of line.matchAll(/(?<![\w.])(?:var|local|data(?:\.[A-Za-z_][\w-]*)|[A-Za-z_][\w-]*)\.[A-Za-z_][\w-]*/g)) {
    if (column < match.index || column > match.index + match[0].length) continue;
    const [root, second, third] = match[0].split('.');
    if (root === 'var') return { kind: 'variable', name: second! };
    if (root === 'local') return { kind: 'local', name: second! };
    if (root === 'data' && third) return { kind: 'data', type: second!, name: third };
    if (root!.startsWith('oci_')) return { kind: 'resource', type: root!, name: second! };
  }
  return undefined;
}

function siteOf(target: Target, module: ModuleContext): DeclarationSite | undefined {
  if (target.kind === 'variable') return module.variables.get(target.name);
  if (target.kind === 'local') return module.locals.get(target.name);
  return module.objects.get(`${target.kind}.${target.type}.${target.name}`);
}

function locationOf(site: DeclarationSite): Location {
  return { uri: site.uri, range: site.chunk ? shiftRange(site.range, site.chunk.startLine) : site.range };
}

export function definition(document: HclDocument, position: Position, input: NavigationInput): Location | undefined {
  const target = targetAt(document, position);
  const site = target && siteOf(target, input.module);
  return site ? locationOf(site) : undefined;
}

/** The text of a reference to the target, as a pattern; it must be followed by neither a name character nor `(`. */
function referencePattern(target: Target): RegExp {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const text =
    target.kind === 'variable' ? `var.${target.name}` : target.kind === 'local' ? `local.${target.name}` : `${target.kind === 'data' ? 'data.' : ''}${target.type}.${target.name}`;
  return new RegExp(`(?<![\\w.-])${escape(text)}(?![\\w-])`, 'g');
}

/**
 * Every reference to the target in the module. Candidates are found in the text and kept where the tree says
 * they are code, not a comment or plain string text: a reference starts at the name of a `variable_expr`.
 */
export function references(document: HclDocument, position: Position, includeDeclaration: boolean, input: NavigationInput): Location[] {
  const target = targetAt(document, position);
  if (!target) return [];
  const found: Location[] = [];
  const site = siteOf(target, input.module);
  if (includeDeclaration && site) found.push(locationOf(site));
  const pattern = referencePattern(target);
  for (const moduleDocument of moduleDocuments(document, input)) {
    try {
      for (const chunk of moduleDocument.document.chunks) {
        if (!chunk.source.includes(target.name)) continue;
        const lines = new LineIndex(chunk.source);
        for (const match of chunk.source.matchAll(pattern)) {
          const node = chunk.tree.rootNode.descendantForIndex(match.index);
          // Not a zero-width (MISSING) identifier: tree-sitter's `parent` of one can read outside its memory.
          if (node?.type !== 'identifier' || node.startIndex === node.endIndex || node.parent?.type !== 'variable_expr') continue;
          found.push({ uri: moduleDocument.document.uri, range: shiftRange(lines.range(match.index, match.index + match[0].length), chunk.startLine) });
        }
      }
    } finally {
      if (moduleDocument.temporary) moduleDocument.document.dispose();
    }
  }
  return found;
}

/** The `.tf` files of the document's folder: open ones as they are, others parsed from disk for the request. */
function* moduleDocuments(document: HclDocument, input: NavigationInput): Generator<{ document: HclDocument; temporary: boolean }> {
  const file = uriToPath(document.uri);
  if (!file) {
    yield { document, temporary: false };
    return;
  }
  const dir = path.dirname(file);
  const open = new Map<string, HclDocument>();
  for (const other of input.openDocuments()) {
    const otherFile = uriToPath(other.uri);
    if (otherFile && path.dirname(otherFile) === dir && otherFile.endsWith('.tf')) open.set(otherFile, other);
  }
  for (const openDocument of open.values()) yield { document: openDocument, temporary: false };
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const other = path.join(dir, name);
    if (!name.endsWith('.tf') || open.has(other)) continue;
    let text: string;
    try {
      text = fs.readFileSync(other, 'utf8');
    } catch {
      continue;
    }
    yield { document: new HclDocument(input.parser, pathToFileURL(other).href, 'terraform', 0, text), temporary: true };
  }
}
