import * as fs from 'node:fs';
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import type { Parser } from 'web-tree-sitter';
import { HclDocument } from '../hcl/chunkedDocument';
import { shiftRange } from '../hcl/lineIndex';
import { SyntaxReader } from '../hcl/readSyntax';
import { attributes } from '../hcl/syntax';
import type { LiveCatalog, LiveCluster, LiveModel, Lookup } from '../cloud/liveData';
import { parseOcid } from '../schema/ocid';
import type { SchemaRegistry } from '../schema/registry';
import { uriToPath, type DeclarationSite, type ModuleContext } from '../workspace/moduleIndex';
import { cursorContext } from './cursorContext';
import { describeAttribute, describeBlock, describeSchemaType } from './describe';
import { escapeMarkdown } from './markdownText';
import { resolveAttributePath, type PathStep } from './references';
import { bodyAt, DYNAMIC_ARGUMENTS, META_ARGUMENTS, META_BLOCKS } from './schemaPath';

export interface HoverInput {
  registry: SchemaRegistry;
  module: ModuleContext;
  /** Opens a declaration's file when it is not open, to read a variable's type, default and description. */
  documentAt: (uri: string) => HclDocument | undefined;
  parser: Parser;
  /** What the tenancy says of an OCID (a model's name, state, capabilities), when the editor may ask it. */
  live?: LiveCatalog | undefined;
}

/** The word at an offset: a name, or a reference with its dots and index steps (`a.b[0].c`). */
function wordAt(text: string, offset: number): { start: number; end: number } | undefined {
  const isWord = (c: string | undefined): boolean => c !== undefined && /[\w.\-[\]*"]/.test(c);
  let start = offset;
  let end = offset;
  while (start > 0 && isWord(text[start - 1]) && text[start - 1] !== '"') start--;
  while (end < text.length && isWord(text[end]) && text[end] !== '"') end++;
  return end > start ? { start, end } : undefined;
}

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

export function hover(document: HclDocument, position: Position, input: HoverInput): Hover | undefined {
  const context = cursorContext(document, position);
  const text = context.chunk.source;
  const toDocument = (start: number, end: number): Range => shiftRange(context.lines.range(start, end), context.chunk.startLine);
  const place = context.place;

  // A quoted value: a literal OCID, or an allowed value of the argument.
  if (place.kind === 'value' && place.inString) {
    const close = text.indexOf('"', place.tokenStart + 1);
    const literal = text.slice(place.tokenStart + 1, close === -1 ? context.lines.lineEnd(place.tokenStart) : close);
    const range = toDocument(place.tokenStart, close === -1 ? context.offset : close + 1);
    const ocid = parseOcid(literal);
    if (ocid) {
      const region = ocid.region ? `, region \`${ocid.region}\`` : '';
      const said = `OCID of ${input.registry.describeOcidKind(ocid.kind)} (realm \`${ocid.realm}\`${region})`;
      const live = input.live ? describeLiveObject(input.live, ocid.kind, literal) : undefined;
      return markdown(live ? `${said}\n\n${live}` : said, range);
    }
  }

  const word = wordAt(text, context.offset);
  if (!word) return undefined;
  const range = toDocument(word.start, word.end);
  const name = text.slice(word.start, word.end);

  if (context.blocks.length === 0 && (place.kind === 'name' || place.kind === 'label')) {
    const header = /^[ \t]*(resource|data)[ \t]+"([^"]+)"/.exec(text.slice(text.lastIndexOf('\n', word.start) + 1));
    const schema = header ? input.registry.get(header[1] as 'resource' | 'data', header[2]!) : undefined;
    return schema ? markdown(describeSchemaType(schema), range) : undefined;
  }

  const at = bodyAt(input.registry, context.blocks);
  if (place.kind === 'name') {
    if (at.kind === 'dynamic' && name in DYNAMIC_ARGUMENTS) return markdown(`**${name}** · \`dynamic\` block argument\n\n${DYNAMIC_ARGUMENTS[name]}`, range);
    if (at.kind === 'timeouts' && at.type.timeouts?.[name as 'create']) {
      return markdown(`**${name}** · duration\n\nHow long Terraform waits for the ${name}; the default is ${at.type.timeouts[name as 'create']}.`, range);
    }
    if (at.kind !== 'schema') return undefined;
    const attribute = at.body.attributes[name];
    if (attribute) return markdown(describeAttribute(name, attribute, at.type, input.registry), range);
    const block = at.body.blocks?.[name];
    if (block) return markdown(describeBlock(name, block, at.type), range);
    const meta = at.topLevel ? (META_ARGUMENTS[name] ?? META_BLOCKS[name]) : undefined;
    if (meta) return markdown(`**${name}** · Terraform meta-argument\n\n${meta.description}`, range);
    return undefined;
  }

  if (place.kind === 'value' && !place.inString && /^[A-Za-z_]/.test(name)) {
    const described = describeReference(name, input);
    if (described) return markdown(described, range);
  }
  if (place.kind === 'value' && at.kind === 'schema') {
    const attribute = at.body.attributes[place.attribute];
    if (attribute) return markdown(describeAttribute(place.attribute, attribute, at.type, input.registry), range);
  }
  return undefined;
}

function siteLabel(site: DeclarationSite): string {
  const file = uriToPath(site.uri)?.split(/[\\/]/).pop() ?? site.uri;
  const line = (site.chunk ? site.chunk.startLine : 0) + site.range.start.line + 1;
  return `${file}:${line}`;
}

/** What a reference names: a variable (its type, default, description), a local, or an object's attribute. */
function describeReference(text: string, input: HoverInput): string | undefined {
  const steps = text.replace(/\[[^\]]*\]/g, '.[]').split('.').filter((step) => step !== '');
  const [root, second, third] = steps;
  if (root === 'var' && second) {
    const site = input.module.variables.get(second);
    if (!site) return `**var.${second}**: no variable \`${second}\` is declared in this module.`;
    return [`**var.${second}** · variable declared in ${siteLabel(site)}`, ...variableFacts(site, second, input)].join('\n\n');
  }
  if (root === 'local' && second) {
    const site = input.module.locals.get(second);
    return site ? `**local.${second}** · local value declared in ${siteLabel(site)}` : `**local.${second}**: no local value \`${second}\` is declared in this module.`;
  }
  const objectKind = root === 'data' ? 'data' : 'resource';
  const type = root === 'data' ? second : root;
  const name = root === 'data' ? third : second;
  if (!type || !name || (objectKind === 'resource' && !type.startsWith('oci_'))) return undefined;
  const label = `${objectKind === 'data' ? 'data.' : ''}${type}.${name}`;
  const site = input.module.objects.get(`${objectKind}.${type}.${name}`);
  const lines = [site ? `**${label}** · ${objectKind === 'data' ? 'data source' : 'resource'} declared in ${siteLabel(site)}` : `**${label}**: not declared in this module.`];
  const path: PathStep[] = steps.slice(objectKind === 'data' ? 3 : 2).map((step) => (step === '[]' ? { kind: 'index' } : { kind: 'attribute', name: step }));
  const schema = input.registry.get(objectKind, type);
  if (schema && path.length) {
    const resolved = resolveAttributePath(input.registry, objectKind, type, path);
    const last = path.filter((step) => step.kind === 'attribute').pop();
    if (resolved.kind === 'attribute' && last?.kind === 'attribute') lines.push(describeAttribute(last.name, resolved.attribute, schema, input.registry));
  } else if (schema) {
    lines.push(schema.description);
  }
  return lines.join('\n\n');
}

/** The `type`, `default` and `description` written in a variable block, read from its file. */
function variableFacts(site: DeclarationSite, name: string, input: HoverInput): string[] {
  let document = input.documentAt(site.uri);
  let temporary = false;
  if (!document) {
    const file = uriToPath(site.uri);
    if (!file) return [];
    try {
      document = new HclDocument(input.parser, site.uri, 'terraform', 0, fs.readFileSync(file, 'utf8'));
      temporary = true;
    } catch {
      return [];
    }
  }
  try {
    for (const chunk of document.chunks) {
      const reader = new SyntaxReader(chunk.source);
      for (const item of reader.topLevel(chunk.tree.rootNode)) {
        if (item.kind !== 'block' || item.type !== 'variable' || item.labels[0]?.value !== name) continue;
        const facts: string[] = [];
        for (const attribute of attributes(reader.block(item).body)) {
          const lines = attribute.value.range;
          const source = chunk.source.slice(reader.lines.offsetAt(lines.start), reader.lines.offsetAt(lines.end));
          if (attribute.name === 'description' && attribute.value.kind === 'string') facts.unshift(attribute.value.value);
          else if (attribute.name === 'type' || attribute.name === 'default') facts.push(`${attribute.name}: \`${source.length > 120 ? `${source.slice(0, 117)}...` : source}\``);
        }
        return facts;
      }
    }
    return [];
  } finally {
    if (temporary) document.dispose();
  }
}

/** The live object behind a literal OCID, or where the lookup stands. */
function describeLiveObject(live: LiveCatalog, kind: string, ocid: string): string | undefined {
  if (kind === 'generativeaimodel') return describeLookup(live.model(ocid), describeLiveModel);
  if (kind === 'generativeaidedicatedaicluster') return describeLookup(live.cluster(ocid), describeLiveCluster);
  return undefined;
}

function describeLookup<T>(found: Lookup<T>, describe: (value: T) => string): string {
  switch (found.state) {
    case 'known':
      return describe(found.value);
    case 'pending':
      return '_Looking it up in your tenancy..._';
    case 'absent':
      return '_Your tenancy has no such object that this profile can see._';
    case 'unavailable':
      return `_Not looked up: ${escapeMarkdown(found.message)}_`;
  }
}

function describeLiveModel(model: LiveModel): string {
  const title = escapeMarkdown([model.displayName ?? 'Model', model.version].filter(Boolean).join(' '));
  const vendor = model.vendor ? ` by ${escapeMarkdown(model.vendor)}` : '';
  const capabilities = model.capabilities.map(escapeMarkdown).join(', ') || 'none';
  return `**${title}**: ${model.type === 'BASE' ? 'base' : 'custom'} model${vendor}, ${escapeMarkdown(model.lifecycleState)}\n\nCapabilities: ${capabilities}`;
}

function describeLiveCluster(cluster: LiveCluster): string {
  const units = cluster.unitCount !== undefined ? `, ${cluster.unitCount} × ${escapeMarkdown(cluster.unitShape ?? 'unit')}` : '';
  return `**${escapeMarkdown(cluster.displayName ?? 'Dedicated AI cluster')}**: ${escapeMarkdown(cluster.type)} cluster, ${escapeMarkdown(cluster.lifecycleState)}${units}`;
}
