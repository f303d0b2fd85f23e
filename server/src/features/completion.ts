import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver-types';
import type { HclDocument } from '../hcl/chunkedDocument';
import type { SchemaRegistry, TypeSchema } from '../schema/registry';
import type { AttributeSchema, BlockSchema, ValueType } from '../schema/schemaTypes';
import type { ModuleContext } from '../workspace/moduleIndex';
import { bodyStatements, type BodyStatement } from '../hcl/bodyStatements';
import { cursorContext, type CursorContext } from './cursorContext';
import { attributeDetail, blockDetail, describeAttribute, describeBlock, describeSchemaType } from './describe';
import { fieldsAfter, type PathStep } from './references';
import { bodyAt, DYNAMIC_ARGUMENTS, META_ARGUMENTS, META_BLOCKS, type BodySchema } from './schemaPath';

/** Live values for an argument (the tenancy's base models, clusters...), answered from a cache: never waits. */
export interface LiveValueProvider {
  values(request: LiveValueRequest): LiveValue[];
}

export interface LiveValueRequest {
  type: TypeSchema;
  /** The resource type, then the nested blocks down to the argument's. */
  path: string[];
  attribute: string;
  schema: AttributeSchema;
  /** The resource's own `compartment_id` as written (a quoted value without its quotes), if it has one. */
  compartment: string | undefined;
}

export interface LiveValue {
  /** What is inserted (a quoted OCID, say). */
  insertText: string;
  label: string;
  detail?: string;
  documentation?: string;
}

export interface CompletionSettings {
  snippets: boolean;
  markdown: boolean;
}

export interface CompletionInput {
  registry: SchemaRegistry;
  module: ModuleContext;
  settings: CompletionSettings;
  live?: LiveValueProvider;
}

/** Builds snippet or plain text: with snippets off, a tab stop becomes its default text. */
export class Template {
  private stop = 0;

  constructor(readonly snippets: boolean) {}

  static escape(text: string): string {
    return text.replace(/[$}\\]/g, '\\$&');
  }

  literal(text: string): string {
    return this.snippets ? Template.escape(text) : text;
  }

  tabStop(defaultText = ''): string {
    if (!this.snippets) return defaultText;
    this.stop++;
    return defaultText ? `\${${this.stop}:${Template.escape(defaultText)}}` : `\${${this.stop}}`;
  }

  choice(values: string[]): string {
    if (!this.snippets) return values[0] ?? '';
    this.stop++;
    return `\${${this.stop}|${values.map((v) => v.replace(/[,|$}\\]/g, '\\$&')).join(',')}|}`;
  }

  final(): string {
    return this.snippets ? '$0' : '';
  }
}

const MAX_CHOICES = 20;

/** What to suggest in place of a value in a skeleton: a declared reference of the right kind, or a tab stop. */
function valuePlaceholder(template: Template, attribute: AttributeSchema, hint: string | undefined): string {
  if (hint) return template.tabStop(hint);
  const type = attribute.type;
  if (type === 'string') {
    const values = attribute.allowedValues?.values;
    if (values && values.length === 1) return `"${template.tabStop(values[0])}"`;
    if (values && values.length <= MAX_CHOICES && attribute.allowedValues!.validatedBy !== 'none') return `"${template.choice(values)}"`;
    return `"${template.tabStop()}"`;
  }
  if (type === 'bool') return template.choice(['true', 'false']);
  if (type === 'int' || type === 'float') return template.tabStop(template.snippets ? '' : '0');
  if (typeof type === 'object' && ('list' in type || 'set' in type)) return `[${template.tabStop()}]`;
  if (typeof type === 'object' && 'map' in type) return `{ ${template.tabStop()} }`;
  return template.tabStop();
}

/** What a resource or data source of the module offers as a reference to an OCID, in the module's order. */
interface ObjectReferences {
  key: string;
  id: OcidReference | undefined;
  /** For a data source that lists things: its first item's id. */
  firstItem: OcidReference | undefined;
}

interface OcidReference {
  kind: string;
  text: string;
  detail: string;
}

/**
 * Worked out once per module context (a context is replaced, never changed, when the module changes): a skeleton
 * at top level asks for the references of every OCID argument of every schema.
 */
const referencesByModule = new WeakMap<ModuleContext, ObjectReferences[]>();

function objectReferences(module: ModuleContext, registry: SchemaRegistry): ObjectReferences[] {
  let references = referencesByModule.get(module);
  if (references) return references;
  references = [];
  for (const [key, site] of module.objects) {
    const [objectKind, type, name] = key.split('.') as ['resource' | 'data', string, string];
    const prefix = `${objectKind === 'data' ? 'data.' : ''}${type}.${name}${site.hasInstanceKeys ? '[0]' : ''}`;
    const idKind = registry.idOcidKind(objectKind, type);
    const id = idKind ? { kind: idKind, text: `${prefix}.id`, detail: `the id of ${objectKind === 'data' ? 'data source' : 'resource'} ${type}.${name}` } : undefined;
    let firstItem: OcidReference | undefined;
    const schema = registry.get(objectKind, type);
    const collection = schema && Object.entries(schema.attributes).find(([field]) => field.endsWith('_collection'));
    if (collection) {
      const items = registry.objectAttributes((collection[1].type as { list: ValueType }).list)?.['items'];
      const itemKind = items && registry.objectAttributes((items.type as { list: ValueType }).list)?.['id']?.ocidKinds?.[0];
      if (itemKind) firstItem = { kind: itemKind, text: `${prefix}.${collection[0]}[0].items[0].id`, detail: `the first item listed by data source ${type}.${name}` };
    }
    references.push({ key, id, firstItem });
  }
  referencesByModule.set(module, references);
  return references;
}

/**
 * References in the module that fit an argument, best first: the items of a declared list data source (for
 * `base_model_id`, the `oci_generative_ai_models` data source), then objects whose id is an OCID of the kind it
 * takes, then variables. `self` (the block being written, as `resource.type.name`) is never offered: it would
 * refer to itself.
 */
function fittingReferences(
  attribute: { name: string; schema: AttributeSchema },
  module: ModuleContext,
  registry: SchemaRegistry,
  self: string | undefined,
): { text: string; detail: string }[] {
  const listed: { text: string; detail: string }[] = [];
  const ids: { text: string; detail: string }[] = [];
  const kinds = attribute.schema.ocidKinds;
  if (kinds) {
    for (const object of objectReferences(module, registry)) {
      if (object.key === self) continue;
      if (object.id && kinds.includes(object.id.kind)) ids.push(object.id);
      if (object.firstItem && kinds.includes(object.firstItem.kind)) listed.push(object.firstItem);
    }
  }
  const wanted = attribute.name.replace(/_id$/, '');
  const variables = [...module.variables.keys()].sort((a, b) => Number(!a.includes(wanted)) - Number(!b.includes(wanted)) || a.localeCompare(b));
  return [...listed, ...ids, ...variables.map((variable) => ({ text: `var.${variable}`, detail: 'variable' }))];
}

/** The address of the resource or data source block the cursor is in, as the module index keys it. */
function selfAddress(blocks: { type: string; labels: string[] }[]): string | undefined {
  const top = blocks[0];
  return top && (top.type === 'resource' || top.type === 'data') && top.labels.length >= 2 ? `${top.type}.${top.labels[0]}.${top.labels[1]}` : undefined;
}

/** A skeleton of a block's required content, indented, for completion and quick fixes. */
export function blockSkeleton(
  block: BodySchema,
  indent: string,
  template: Template,
  hint: (name: string, attribute: AttributeSchema) => string | undefined,
): string {
  const lines: string[] = [];
  const required = Object.entries(block.attributes).filter(([, attribute]) => attribute.mode === 'required');
  const width = Math.max(0, ...required.map(([name]) => name.length));
  for (const [name, attribute] of required) {
    lines.push(`${indent}${name.padEnd(width)} = ${valuePlaceholder(template, attribute, hint(name, attribute))}`);
  }
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    if (nested.mode !== 'required') continue;
    lines.push(`${indent}${name} {`, blockSkeleton(nested, `${indent}  `, template, hint), `${indent}}`);
  }
  return lines.filter((line) => line !== '').join('\n');
}

export function moduleHints(module: ModuleContext, registry: SchemaRegistry, self?: string): (name: string, attribute: AttributeSchema) => string | undefined {
  return (name, attribute) => {
    if (!attribute.ocidKinds) return undefined;
    const best = fittingReferences({ name, schema: attribute }, module, registry, self)[0];
    // Only a reference of the right kind, or a variable named for the argument, is a safe default.
    if (!best) return undefined;
    if (best.text.startsWith('var.') && !best.text.includes(name.replace(/_id$/, ''))) return undefined;
    return best.text;
  };
}

export function completions(document: HclDocument, position: { line: number; character: number }, input: CompletionInput): CompletionItem[] {
  const context = cursorContext(document, position);
  const range = (from: number, to = context.offset): Range => {
    const start = context.lines.positionAt(from);
    const end = context.lines.positionAt(to);
    const line = context.chunk.startLine;
    return { start: { line: start.line + line, character: start.character }, end: { line: end.line + line, character: end.character } };
  };
  const place = context.place;
  switch (place.kind) {
    case 'name':
      if (context.blocks.length === 0) return topLevelItems(range(place.prefixStart), input);
      return nameItems(context, range(place.prefixStart), input);
    case 'label':
      return labelItems(context, place, range(place.prefixStart), input);
    case 'value':
      return valueItems(context, place, range, input);
    case 'other':
      return [];
  }
}

function topLevelItems(range: Range, input: CompletionInput): CompletionItem[] {
  return input.registry.all().map((schema) => {
    const template = new Template(input.settings.snippets);
    const keyword = schema.kind === 'data' ? 'data' : 'resource';
    const header = `${template.literal(`${keyword} "${schema.type}" "`)}${template.tabStop('name')}" {`;
    const body = blockSkeleton(schema, '  ', template, moduleHints(input.module, input.registry));
    return {
      label: `${keyword} "${schema.type}"`,
      filterText: `${keyword} ${schema.type}`,
      kind: schema.kind === 'data' ? CompletionItemKind.Interface : CompletionItemKind.Class,
      detail: schema.kind === 'data' ? 'data source, with its required arguments' : 'resource, with its required arguments and blocks',
      documentation: documentation(describeSchemaType(schema), input.settings),
      insertTextFormat: input.settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: `${header}\n${body}${body ? '\n' : ''}  ${template.final()}\n}` },
      sortText: `${schema.kind === 'resource' ? 0 : 1}${schema.type}`,
    };
  });
}

function documentation(markdown: string, settings: CompletionSettings): CompletionItem['documentation'] {
  // As plain text: emphasis and code marks dropped, escaped characters shown as themselves.
  return settings.markdown ? { kind: MarkupKind.Markdown, value: markdown } : markdown.replace(/\\(.)|[*`]/g, (_mark, escaped: string | undefined) => escaped ?? '');
}

function presentNames(siblings: BodyStatement[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sibling of siblings) counts.set(sibling.name, (counts.get(sibling.name) ?? 0) + 1);
  return counts;
}

/** The training type the block selects, when written as a literal: filters the fields that apply. */
function selectedValue(siblings: BodyStatement[], attribute: string): string | undefined {
  const value = siblings.find((s) => s.kind === 'attribute' && s.name === attribute)?.value;
  return value && /^[\w-]+$/.test(value) ? value : undefined;
}

function nameItems(context: CursorContext, range: Range, input: CompletionInput): CompletionItem[] {
  const at = bodyAt(input.registry, context.blocks);
  const present = presentNames(context.siblings);
  const items: CompletionItem[] = [];
  const settings = input.settings;
  const hint = moduleHints(input.module, input.registry, selfAddress(context.blocks));
  const indent = ' '.repeat(Math.max(0, range.start.character));

  const attributeItem = (name: string, attribute: AttributeSchema, owner: TypeSchema, sort: string, note?: string): CompletionItem => {
    const template = new Template(settings.snippets);
    return {
      label: name,
      kind: CompletionItemKind.Property,
      detail: note ? `${attributeDetail(attribute)} · ${note}` : attributeDetail(attribute),
      documentation: documentation(describeAttribute(name, attribute, owner, input.registry), settings),
      insertTextFormat: settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: `${name} = ${valuePlaceholder(template, attribute, hint(name, attribute))}` },
      sortText: `${sort}${name}`,
    };
  };
  const blockItem = (name: string, block: BlockSchema, owner: TypeSchema, sort: string): CompletionItem => {
    const template = new Template(settings.snippets);
    const body = blockSkeleton(block, `${indent}  `, template, hint);
    return {
      label: name,
      kind: CompletionItemKind.Module,
      detail: blockDetail(block),
      documentation: documentation(describeBlock(name, block, owner), settings),
      insertTextFormat: settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: `${name} {\n${body}${body ? '\n' : ''}${indent}  ${template.final()}\n${indent}}` },
      sortText: `${sort}${name}`,
    };
  };
  const plainItem = (name: string, text: string, detail: string, description: string, sort: string, kind: CompletionItemKind): CompletionItem => ({
    label: name,
    kind,
    detail,
    documentation: documentation(description, settings),
    insertTextFormat: settings.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText: text },
    sortText: `${sort}${name}`,
  });

  if (at.kind === 'timeouts') {
    for (const [operation, duration] of Object.entries(at.type.timeouts ?? {})) {
      if (present.has(operation)) continue;
      const template = new Template(settings.snippets);
      items.push(plainItem(operation, `${operation} = "${template.tabStop(duration)}"`, `duration · default ${duration}`, `How long Terraform waits for the ${operation} (default ${duration}), like \`90m\` or \`2h\`.`, '0', CompletionItemKind.Property));
    }
    return items;
  }
  if (at.kind === 'dynamic') {
    for (const [name, description] of Object.entries(DYNAMIC_ARGUMENTS)) {
      if (!present.has(name)) items.push(plainItem(name, `${name} = ${new Template(settings.snippets).tabStop()}`, 'dynamic block argument', description, '0', CompletionItemKind.Property));
    }
    if (!present.has('content')) items.push(plainItem('content', `content {\n${indent}  ${new Template(settings.snippets).final()}\n${indent}}`, `the body of each generated ${at.target} block`, `The arguments of each generated \`${at.target}\` block.`, '0', CompletionItemKind.Module));
    return items;
  }
  if (at.kind !== 'schema') return [];

  const body: BodySchema = at.body;
  const selectors = Object.values(body.attributes).flatMap((attribute) => (attribute.appliesWhen ? [attribute.appliesWhen.attribute] : []));
  const chosen = new Map(selectors.map((selector) => [selector, selectedValue(context.siblings, selector)]));
  for (const [name, attribute] of Object.entries(body.attributes)) {
    if (attribute.mode === 'computed' || present.has(name)) continue;
    let note: string | undefined;
    if (attribute.appliesWhen) {
      const value = chosen.get(attribute.appliesWhen.attribute);
      const applies = attribute.appliesWhen.values.some((v) => v.toLowerCase() === value?.toLowerCase());
      if (value && !applies) continue;
      if (!value) note = `set ${attribute.appliesWhen.attribute} first`;
    }
    items.push(attributeItem(name, attribute, at.type, attribute.mode === 'required' ? '0' : '1', note));
  }
  for (const [name, block] of Object.entries(body.blocks ?? {})) {
    if ((present.get(name) ?? 0) >= (block.maxItems ?? Infinity)) continue;
    items.push(blockItem(name, block, at.type, block.mode === 'required' ? '0' : '1'));
  }
  if (at.topLevel) {
    for (const [name, meta] of Object.entries(META_ARGUMENTS)) {
      if (!meta.kinds.includes(at.type.kind) || present.has(name)) continue;
      items.push(plainItem(name, `${name} = ${new Template(settings.snippets).tabStop()}`, 'meta-argument', meta.description, '2', CompletionItemKind.Keyword));
    }
    for (const [name, meta] of Object.entries(META_BLOCKS)) {
      if (!meta.kinds.includes(at.type.kind) || (name === 'lifecycle' && present.has(name))) continue;
      const label = name === 'provisioner' ? ' "local-exec"' : '';
      items.push(plainItem(name, `${name}${label} {\n${indent}  ${new Template(settings.snippets).final()}\n${indent}}`, 'meta-argument block', meta.description, '2', CompletionItemKind.Keyword));
    }
    if (at.type.timeouts && !present.has('timeouts')) {
      const template = new Template(settings.snippets);
      const first = Object.entries(at.type.timeouts)[0];
      const text = `timeouts {\n${indent}  ${first ? `${first[0]} = "${template.tabStop(first[1])}"` : template.final()}\n${indent}}`;
      items.push(plainItem('timeouts', text, 'block · optional', `How long Terraform waits for each operation. Defaults: ${Object.entries(at.type.timeouts).map(([o, d]) => `${o} ${d}`).join(', ')}.`, '2', CompletionItemKind.Module));
    }
    if (!present.has('dynamic')) {
      const template = new Template(settings.snippets);
      const text = `dynamic "${template.choice(Object.keys(body.blocks ?? {}))}" {\n${indent}  for_each = ${template.tabStop()}\n${indent}  content {\n${indent}    ${template.final()}\n${indent}  }\n${indent}}`;
      items.push(plainItem('dynamic', text, 'meta-argument block', 'Generates one nested block per element of a collection.', '2', CompletionItemKind.Keyword));
    }
  }
  return items;
}

function labelItems(context: CursorContext, place: Extract<CursorContext['place'], { kind: 'label' }>, range: Range, input: CompletionInput): CompletionItem[] {
  if (context.blocks.length === 0 && place.index === 0 && (place.blockType === 'resource' || place.blockType === 'data')) {
    return input.registry
      .all()
      .filter((schema) => schema.kind === place.blockType)
      .map((schema) => ({
        label: schema.type,
        kind: schema.kind === 'data' ? CompletionItemKind.Interface : CompletionItemKind.Class,
        documentation: documentation(describeSchemaType(schema), input.settings),
        textEdit: { range, newText: schema.type },
      }));
  }
  if (place.blockType === 'dynamic' && place.index === 0) {
    const at = bodyAt(input.registry, context.blocks);
    if (at.kind !== 'schema') return [];
    return Object.entries(at.body.blocks ?? {}).map(([name, block]) => ({
      label: name,
      kind: CompletionItemKind.Module,
      detail: blockDetail(block),
      documentation: documentation(describeBlock(name, block, at.type), input.settings),
      textEdit: { range, newText: name },
    }));
  }
  return [];
}

function valueItems(
  context: CursorContext,
  place: Extract<CursorContext['place'], { kind: 'value' }>,
  range: (from: number, to?: number) => Range,
  input: CompletionInput,
): CompletionItem[] {
  const at = bodyAt(input.registry, context.blocks);
  const attribute = at.kind === 'schema' ? at.body.attributes[place.attribute] : undefined;
  // A reference being typed (`oci_generative_ai_dedicated_ai_cluster.` or `var.`): complete its next step.
  if (!place.inString && place.token.includes('.')) return traversalItems(place.token, place.tokenStart, range, context.offset, input);
  if (!attribute || at.kind !== 'schema' || attribute.mode === 'computed') {
    return place.inString || place.nested ? [] : referenceStarts(input, range(place.tokenStart));
  }
  const items: CompletionItem[] = [];
  const closingQuote = context.chunk.source[context.offset] === '"' ? 1 : 0;
  const valueRange = place.inString ? range(place.tokenStart, context.offset + closingQuote) : range(place.tokenStart);
  // Allowed values are strings: bare for a string argument, as elements inside the brackets of a list one.
  const isList = typeof attribute.type === 'object' && ('list' in attribute.type || 'set' in attribute.type);
  const fitsHere = place.inList === isList;

  if (!place.nested && fitsHere && attribute.allowedValues) {
    const { values, validatedBy } = attribute.allowedValues;
    values.forEach((value, index) =>
      items.push({
        label: `"${value}"`,
        filterText: `"${value}"`,
        kind: CompletionItemKind.EnumMember,
        detail: validatedBy === 'provider' ? 'allowed value' : validatedBy === 'service' ? 'a value the service knows' : 'a value the OCI SDK knows',
        textEdit: { range: valueRange, newText: `"${value}"` },
        sortText: `0${String(index).padStart(3, '0')}`,
      }),
    );
  }
  if (!place.nested && !place.inString && attribute.type === 'bool') {
    for (const value of ['true', 'false']) items.push({ label: value, kind: CompletionItemKind.Keyword, textEdit: { range: valueRange, newText: value } });
  }
  if (!place.nested && input.live) {
    const top = context.blocks[0]!;
    const compartment = bodyStatements(context.chunk.source, top.bodyStart, top.bodyEnd).find((s) => s.kind === 'attribute' && s.name === 'compartment_id')?.value;
    for (const live of input.live.values({ type: at.type, path: at.path, attribute: place.attribute, schema: attribute, compartment })) {
      items.push({
        label: live.label,
        filterText: place.inString ? live.insertText : `${live.label} ${live.insertText}`,
        kind: CompletionItemKind.Value,
        detail: live.detail ?? 'from your tenancy',
        documentation: live.documentation ? documentation(live.documentation, input.settings) : undefined,
        textEdit: { range: valueRange, newText: live.insertText },
        sortText: `1${live.label}`,
      });
    }
  }
  // The argument's own value only: inside an object or a call, a reference is typed step by step instead.
  if (!place.inString && !place.nested) {
    fittingReferences({ name: place.attribute, schema: attribute }, input.module, input.registry, selfAddress(context.blocks)).forEach((reference, index) =>
      items.push({
        label: reference.text,
        kind: CompletionItemKind.Reference,
        detail: reference.detail,
        textEdit: { range: range(place.tokenStart), newText: reference.text },
        sortText: `2${String(index).padStart(3, '0')}`,
      }),
    );
  }
  return items;
}

/** `var.`, `local.`, `data.` and the declared resource types: where a reference can start. */
function referenceStarts(input: CompletionInput, range: Range): CompletionItem[] {
  const roots = new Set(['var', 'local', 'data']);
  for (const key of input.module.objects.keys()) if (key.startsWith('resource.')) roots.add(key.split('.')[1]!);
  return [...roots].map((root) => ({ label: root, kind: CompletionItemKind.Variable, textEdit: { range, newText: root } }));
}

/** The next step of a reference: names after `var.`, `local.`, a type; attributes after `type.name.`. */
function traversalItems(token: string, tokenStart: number, range: (from: number, to?: number) => Range, offset: number, input: CompletionInput): CompletionItem[] {
  const lastDot = token.lastIndexOf('.');
  const editRange = range(tokenStart + lastDot + 1, offset);
  const steps: PathStep[] = [...token.slice(0, lastDot).matchAll(/([A-Za-z_][\w-]*)|\[[^\]]*\]/g)].map((match) =>
    match[1] !== undefined ? { kind: 'attribute', name: match[1] } : { kind: 'index' },
  );
  const names = steps.map((step) => (step.kind === 'attribute' ? step.name : undefined));
  const item = (label: string, kind: CompletionItemKind, detail?: string): CompletionItem => ({ label, kind, detail, textEdit: { range: editRange, newText: label } });
  const module = input.module;
  const [root, second] = names;
  if (root === 'var' && steps.length === 1) return [...module.variables.keys()].map((name) => item(name, CompletionItemKind.Variable, 'variable'));
  if (root === 'local' && steps.length === 1) return [...module.locals.keys()].map((name) => item(name, CompletionItemKind.Variable, 'local value'));
  const objectsOf = (kind: string, type: string): string[] =>
    [...module.objects.keys()].filter((key) => key.startsWith(`${kind}.${type}.`)).map((key) => key.slice(kind.length + type.length + 2));
  if (root === 'data' && steps.length === 1) {
    const types = new Set([...module.objects.keys()].filter((key) => key.startsWith('data.')).map((key) => key.split('.')[1]!));
    return [...types].map((type) => item(type, CompletionItemKind.Interface, 'data source type'));
  }
  if (root === 'data' && steps.length === 2 && second) return objectsOf('data', second).map((name) => item(name, CompletionItemKind.Variable, `data.${second}`));
  if (root && root !== 'var' && root !== 'local' && root !== 'data' && steps.length === 1) {
    return objectsOf('resource', root).map((name) => item(name, CompletionItemKind.Variable, root));
  }
  const kind = root === 'data' ? 'data' : 'resource';
  const type = root === 'data' ? second : root;
  if (!type) return [];
  const fields = fieldsAfter(input.registry, kind, type, steps.slice(kind === 'data' ? 3 : 2));
  return Object.entries(fields ?? {}).map(([name, attribute]) => item(name, CompletionItemKind.Field, attributeDetail(attribute)));
}
