import { CodeActionKind, type CodeAction, type Diagnostic, type Position, type TextEdit } from 'vscode-languageserver-types';
import type { HclDocument } from '../hcl/chunkedDocument';
import type { SchemaRegistry } from '../schema/registry';
import type { AttributeSchema, BlockSchema } from '../schema/schemaTypes';
import type { ModuleContext } from '../workspace/moduleIndex';
import { blockSkeleton, moduleHints, Template } from './completion';
import { bodyStatements, type BodyStatement } from '../hcl/bodyStatements';
import { cursorContext, type CursorContext } from './cursorContext';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './rules';
import { bodyAt, type BodySchema } from './schemaPath';

export interface CodeActionInput {
  registry: SchemaRegistry;
  module: ModuleContext;
}

/**
 * Quick fixes, each attached to the diagnostics it resolves: the did-you-mean of a name, value or reference;
 * adding what is missing; removing what Terraform rejects or the provider drops; moving an OCID pasted into the
 * wrong argument to the one its kind belongs to. Edits are computed from the current text.
 */
export function codeActions(document: HclDocument, diagnostics: Diagnostic[], input: CodeActionInput): CodeAction[] {
  const actions: CodeAction[] = [];
  const ours = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const edit = (edits: TextEdit[]): CodeAction['edit'] => ({ changes: { [document.uri]: edits } });
  const byEdits = new Map<string, CodeAction>();
  const action = (title: string, diagnostic: Diagnostic | Diagnostic[], edits: TextEdit[] | undefined, preferred = false): void => {
    if (!edits?.length) return;
    // Two diagnostics can have the same fix (an OCID swapped with another): one action resolves both.
    const key = JSON.stringify(
      [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character),
    );
    const same = byEdits.get(key);
    if (same) {
      same.diagnostics!.push(...(Array.isArray(diagnostic) ? diagnostic : [diagnostic]));
      return;
    }
    const created: CodeAction = {
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: Array.isArray(diagnostic) ? diagnostic : [diagnostic],
      edit: edit(edits),
      ...(preferred ? { isPreferred: true } : {}),
    };
    byEdits.set(key, created);
    actions.push(created);
  };

  const missingByBlock = new Map<string, Diagnostic[]>();
  for (const diagnostic of ours) {
    const data = (diagnostic.data ?? {}) as DiagnosticData;
    const marked = textOf(document, diagnostic);
    if (data.replacement !== undefined) {
      action(`Change \`${marked}\` to \`${data.replacement}\``, diagnostic, [{ range: diagnostic.range, newText: data.replacement }], true);
    }
    switch (diagnostic.code) {
      case 'missing-required': {
        const key = JSON.stringify(diagnostic.range);
        const group = missingByBlock.get(key);
        if (group) group.push(diagnostic);
        else missingByBlock.set(key, [diagnostic]);
        const missing = data.missing;
        if (missing) action(`Add \`${missing.name}\``, diagnostic, addMissing(document, diagnostic.range.start, [missing.name], input), true);
        break;
      }
      case 'training-field-ignored':
        action(`Remove \`${marked}\`: the chosen training type does not use it`, diagnostic, removeStatement(document, diagnostic.range.start), true);
        break;
      case 'computed-attribute':
      case 'ignored-argument':
        action(`Remove \`${marked}\`: the provider sets it`, diagnostic, removeStatement(document, diagnostic.range.start), true);
        break;
      case 'drift':
        if (data.takeLive) action(data.takeLive.title, diagnostic, [data.takeLive.edit], true);
        break;
      case 'wrong-ocid-kind':
        if (data.ocidKind) {
          const move = moveOcid(document, diagnostic, data.ocidKind, input.registry);
          if (move) action(move.title, diagnostic, move.edits, true);
        }
        break;
    }
  }
  for (const group of missingByBlock.values()) {
    if (group.length < 2) continue;
    const names = group.flatMap((d) => ((d.data as DiagnosticData | undefined)?.missing ? [(d.data as DiagnosticData).missing!.name] : []));
    action(`Add all ${names.length} missing arguments and blocks`, group, addMissing(document, group[0]!.range.start, names, input));
  }
  return actions;
}

function textOf(document: HclDocument, diagnostic: Diagnostic): string {
  return document.text.slice(document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end));
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A position in the document from an offset in the context's chunk. */
function inDocument(context: CursorContext, offset: number): Position {
  const position = context.lines.positionAt(offset);
  return { line: position.line + context.chunk.startLine, character: position.character };
}

/** The block whose header holds `position` (the `{` after it on its line), with its body's statements. */
function blockAtHeader(document: HclDocument, position: Position) {
  const lineText = document.lineText(position.line);
  const brace = lineText.indexOf('{', position.character);
  if (brace === -1) return undefined;
  const context = cursorContext(document, { line: position.line, character: brace + 1 });
  const block = context.blocks[context.blocks.length - 1];
  if (!block) return undefined;
  return { context, block, statements: bodyStatements(context.chunk.source, block.bodyStart, block.bodyEnd) };
}

/** Adds the named missing arguments and blocks before the block's closing brace, with placeholder values. */
function addMissing(document: HclDocument, header: Position, names: string[], input: CodeActionInput): TextEdit[] | undefined {
  const found = blockAtHeader(document, header);
  if (!found) return undefined;
  const { context, block } = found;
  const at = bodyAt(input.registry, context.blocks);
  if (at.kind !== 'schema') return undefined;
  const text = context.chunk.source;
  const closeLine = lineStart(text, block.bodyEnd);
  const closeIndent = /^[ \t]*/.exec(text.slice(closeLine))![0];
  const sameLine = text.lastIndexOf('\n', block.bodyEnd - 1) < block.bodyStart;
  const braceIndent = sameLine ? /^[ \t]*/.exec(text.slice(lineStart(text, block.start)))![0] : closeIndent;
  const indent = `${braceIndent}  `;
  const wanted: BodySchema = { attributes: {}, blocks: {} };
  for (const name of names) {
    const attribute = at.body.attributes[name];
    const nested = at.body.blocks?.[name];
    if (attribute) wanted.attributes[name] = { ...attribute, mode: 'required' };
    else if (nested) wanted.blocks![name] = { ...nested, mode: 'required' };
  }
  const self = context.blocks[0] && context.blocks[0].labels.length >= 2 ? `${context.blocks[0].type}.${context.blocks[0].labels[0]}.${context.blocks[0].labels[1]}` : undefined;
  const lines = blockSkeleton(wanted, indent, new Template(false), moduleHints(input.module, input.registry, self));
  if (!lines) return undefined;
  if (sameLine) {
    // `name {}` on one line: open it up.
    const start = inDocument(context, block.bodyStart);
    const end = inDocument(context, block.bodyEnd);
    return [{ range: { start, end }, newText: `\n${lines}\n${braceIndent}` }];
  }
  const insertAt = inDocument(context, closeLine);
  return [{ range: { start: insertAt, end: insertAt }, newText: `${lines}\n` }];
}

/** Removes the argument whose name starts at `position`, with its whole value and line. */
function removeStatement(document: HclDocument, position: Position): TextEdit[] | undefined {
  const statement = statementAt(document, position);
  if (!statement) return undefined;
  const { context, item } = statement;
  const text = context.chunk.source;
  const contentEnd = item.start + text.slice(item.start, item.end).trimEnd().length;
  const newline = text.indexOf('\n', contentEnd);
  const start = inDocument(context, lineStart(text, item.start));
  const end = inDocument(context, newline === -1 ? text.length : newline + 1);
  return [{ range: { start, end }, newText: '' }];
}

function statementAt(document: HclDocument, position: Position): { context: CursorContext; item: BodyStatement } | undefined {
  const context = cursorContext(document, position);
  const block = context.blocks[context.blocks.length - 1];
  const text = context.chunk.source;
  const item = bodyStatements(text, block?.bodyStart ?? 0, block?.bodyEnd ?? text.length).find((s) => s.start === context.offset);
  return item ? { context, item } : undefined;
}

/** Where in a resource an argument taking `kind` lives: the path of nested blocks and its name. */
function argumentFor(body: { attributes: Record<string, AttributeSchema>; blocks?: Record<string, BlockSchema> }, kind: string, path: string[] = []): { path: string[]; name: string } | undefined {
  for (const [name, attribute] of Object.entries(body.attributes)) {
    if (attribute.mode !== 'computed' && attribute.ocidKinds?.includes(kind)) return { path, name };
  }
  for (const [name, block] of Object.entries(body.blocks ?? {})) {
    const found = argumentFor(block, kind, [...path, name]);
    if (found) return found;
  }
  return undefined;
}

/**
 * An OCID of kind X pasted where kind Y belongs: put it in the argument that takes X. When that argument holds an
 * OCID of kind Y, the two were swapped: swap them back. When it is absent, add it and leave an empty value here.
 */
function moveOcid(document: HclDocument, diagnostic: Diagnostic, kind: string, registry: SchemaRegistry): { title: string; edits: TextEdit[] } | undefined {
  const context = cursorContext(document, diagnostic.range.start);
  const top = context.blocks[0];
  const at = bodyAt(registry, context.blocks);
  if (!top || at.kind !== 'schema') return undefined;
  const target = argumentFor(at.type, kind);
  if (!target) return undefined;
  const text = context.chunk.source;
  // Walk down to the target's block through the text.
  let from = top.bodyStart;
  let to = top.bodyEnd;
  for (const name of target.path) {
    const nested = bodyStatements(text, from, to).find((s) => s.kind === 'block' && s.name === name);
    if (!nested) return undefined;
    from = text.indexOf('{', nested.start) + 1;
    to = nested.start + text.slice(nested.start, nested.end).lastIndexOf('}');
  }
  const literal = textOf(document, diagnostic);
  const existing = bodyStatements(text, from, to).find((s) => s.kind === 'attribute' && s.name === target.name);
  if (existing) {
    const valueMatch = /=[ \t]*("(?:[^"\\\n]|\\.)*")/.exec(text.slice(existing.start, existing.end));
    if (!valueMatch) return undefined;
    const valueStart = existing.start + valueMatch.index + valueMatch[0].length - valueMatch[1]!.length;
    const range = { start: inDocument(context, valueStart), end: inDocument(context, valueStart + valueMatch[1]!.length) };
    return {
      title: `Swap with \`${target.name}\`: each OCID goes where its kind belongs`,
      edits: [
        { range: diagnostic.range, newText: valueMatch[1]! },
        { range, newText: literal },
      ],
    };
  }
  const closeLine = lineStart(text, to);
  const indent = `${/^[ \t]*/.exec(text.slice(closeLine))![0]}  `;
  const insertAt = inDocument(context, closeLine);
  return {
    title: `Move this OCID to \`${target.name}\``,
    edits: [
      { range: diagnostic.range, newText: '""' },
      { range: { start: insertAt, end: insertAt }, newText: `${indent}${target.name} = ${literal}\n` },
    ],
  };
}
