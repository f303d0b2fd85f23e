import type { Range } from 'vscode-languageserver-types';
import { bodyStatements, type BodyStatement } from '../hcl/bodyStatements';
import { decodeTemplateLiteral, type SyntaxReader } from '../hcl/readSyntax';
import { attributes, blocks, type Attribute, type BlockHeader, type Traversal } from '../hcl/syntax';

/** Something a `.tf` file declares at its top level, with its range in the file (or chunk) it came from. */
export interface Declaration {
  name: string;
  range: Range;
}

export interface VariableDeclaration extends Declaration {
  /** The `default`, when it is a literal string: enough to find a compartment or an OCID. */
  defaultValue?: string;
}

export interface ObjectDeclaration extends Declaration {
  objectKind: 'resource' | 'data';
  type: string;
  /** Declared with `count` or `for_each`: references need an instance key. */
  hasInstanceKeys: boolean;
}

export interface ProviderRequirement {
  localName: string;
  source: string;
  version: string | undefined;
}

/** A Terraform 1.5 `import { to = <address>, id = "<id>" }` block: the object at that address is known by this id. */
export interface ImportDeclaration {
  /** `oci_generative_ai_model.name`, or with a module path or an instance key as written. */
  address: string;
  id: string;
  range: Range;
}

/** `name = "value"` in a `.tfvars` file: a value for a variable, when it is a literal string. */
export interface VariableAssignment {
  name: string;
  value: string;
}

export interface FileDeclarations {
  variables: VariableDeclaration[];
  locals: Declaration[];
  objects: ObjectDeclaration[];
  providers: ProviderRequirement[];
  assignments: VariableAssignment[];
  imports: ImportDeclaration[];
}

export function emptyDeclarations(): FileDeclarations {
  return { variables: [], locals: [], objects: [], providers: [], assignments: [], imports: [] };
}

/** The literal string values a `.tfvars` file gives variables. */
export function readAssignments(items: (BlockHeader | Attribute)[]): FileDeclarations {
  const found = emptyDeclarations();
  for (const item of items) {
    if (item.kind === 'attribute' && item.value.kind === 'string') found.assignments.push({ name: item.name, value: item.value.value });
  }
  return found;
}

/**
 * The top-level declarations of one chunk. Bodies are read into syntax only for `locals`, `terraform`, `import`
 * and variable defaults.
 */
export function readDeclarations(reader: SyntaxReader, items: (BlockHeader | Attribute)[], damaged: boolean): FileDeclarations {
  const found = emptyDeclarations();
  for (const item of items) {
    if (item.kind !== 'block') continue;
    const [first, second] = item.labels;
    switch (item.type) {
      case 'variable': {
        if (!first) break;
        const defaultValue = literalString(topLevelArguments(reader, item).find((statement) => statement.name === 'default')?.raw);
        found.variables.push({ name: first.value, range: first.range, ...(defaultValue === undefined ? {} : { defaultValue }) });
        break;
      }
      case 'locals':
        for (const local of topLevelArguments(reader, item)) {
          found.locals.push({ name: local.name, range: reader.range(local.start, local.start + local.name.length) });
        }
        break;
      case 'resource':
      case 'data': {
        if (!first || !second) break;
        const hasInstanceKeys = topLevelArguments(reader, item).some((statement) => statement.name === 'count' || statement.name === 'for_each');
        found.objects.push({ objectKind: item.type, type: first.value, name: second.value, range: second.range, hasInstanceKeys });
        break;
      }
      case 'terraform':
        found.providers.push(...providerRequirements(reader, item, damaged));
        break;
      case 'import': {
        const body = attributes(reader.block(item, damaged ? undefined : false).body);
        const to = body.find((a) => a.name === 'to')?.value;
        const id = body.find((a) => a.name === 'id')?.value;
        if (to?.kind === 'traversal' && id?.kind === 'string') found.imports.push({ address: addressOf(to), id: id.value, range: item.typeRange });
        break;
      }
    }
  }
  return found;
}

/**
 * A block's own arguments, read from the text: resources, variables and locals need only their names and simple
 * values, and reading each body into syntax would cost most of the time of opening a large file.
 */
function topLevelArguments(reader: SyntaxReader, header: BlockHeader): BodyStatement[] {
  const source = reader.source;
  const headerEnd = reader.lines.offsetAt((header.labels[header.labels.length - 1]?.range ?? header.typeRange).end);
  const blockEnd = reader.lines.offsetAt(header.range.end);
  const open = source.indexOf('{', headerEnd);
  if (open === -1 || open >= blockEnd) return [];
  const bodyEnd = source[blockEnd - 1] === '}' ? blockEnd - 1 : blockEnd;
  return bodyStatements(source, open + 1, bodyEnd).filter((statement) => statement.kind === 'attribute');
}

/**
 * The value of `"text"` written on one line, when it is plainly a string: anything with `${`, `%{` or an inner
 * quote is left to Terraform.
 */
function literalString(written: string | undefined): string | undefined {
  if (written === undefined || written.length < 2 || !written.startsWith('"') || !written.endsWith('"')) return undefined;
  const inner = written.slice(1, -1);
  if (/[$%]\{/.test(inner) || /(^|[^\\])"/.test(inner)) return undefined;
  return decodeTemplateLiteral(inner);
}

/** `type.name` or `module.m.type.name[0]`, as written. */
function addressOf(traversal: Traversal): string {
  let address = traversal.root;
  for (const step of traversal.steps) {
    if (step.kind === 'attribute') address += `.${step.name}`;
    else if (step.kind === 'index') address += typeof step.key === 'string' ? `[${JSON.stringify(step.key)}]` : `[${step.key ?? '*'}]`;
    else address += '[*]';
  }
  return address;
}

function providerRequirements(reader: SyntaxReader, terraform: BlockHeader, damaged: boolean): ProviderRequirement[] {
  const requirements: ProviderRequirement[] = [];
  const body = reader.block(terraform, damaged ? undefined : false).body;
  for (const block of blocks(body)) {
    if (block.type !== 'required_providers') continue;
    for (const requirement of attributes(block.body)) {
      const value = requirement.value;
      if (value.kind === 'string') {
        // The form before Terraform 0.13: `oci = "~> 5.0"`, source implied.
        requirements.push({ localName: requirement.name, source: `hashicorp/${requirement.name}`, version: value.value });
      } else if (value.kind === 'object') {
        const field = (key: string): string | undefined => {
          const element = value.elements.find((e) => e.key === key)?.value;
          return element?.kind === 'string' ? element.value : undefined;
        };
        requirements.push({ localName: requirement.name, source: field('source') ?? `hashicorp/${requirement.name}`, version: field('version') });
      }
    }
  }
  return requirements;
}

/** The provider versions `.terraform.lock.hcl` selects, by registry address (`registry.terraform.io/oracle/oci`). */
export function readLockFile(reader: SyntaxReader, items: (BlockHeader | Attribute)[]): Map<string, string> {
  const locked = new Map<string, string>();
  for (const item of items) {
    if (item.kind !== 'block' || item.type !== 'provider' || !item.labels[0]) continue;
    const version = attributes(reader.block(item).body).find((a) => a.name === 'version')?.value;
    if (version?.kind === 'string') locked.set(item.labels[0].value, version.value);
  }
  return locked;
}
