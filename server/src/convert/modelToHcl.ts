import type { SchemaRegistry } from '../schema/registry';
import { parseOcid } from '../schema/ocid';
import { DEFINED_TAGS_ARGUMENT, flattenDefinedTags } from './definedTags';
import { hclString, hclValue, isIdentifier, isTraversal } from './hclText';
import { applies, modelResourceSchema, settableAttributes, settableBlocks, type BodySchema } from './settable';
import type { BlockValue, Value } from './values';

/**
 * The API's Model as plain JSON, read through the schema's `apiName`s; an SDK `models.Model` fits. Its times
 * arrive as strings although the SDK types them `Date`; like every field the service sets, they are not written.
 */
export interface ApiModel {
  id: string;
  [field: string]: unknown;
}

export interface ModelToHclOptions {
  /** The resource name: an HCL identifier, such as `resourceName` makes. */
  name: string;
  /** OCIDs to write as these references (`var.compartment_id`) instead of as literal strings. */
  references: ReadonlyMap<string, string>;
}

/**
 * A `resource` block with the model's settable arguments, and an `import` block (with the `terraform import`
 * command for where import blocks do not work) that adopts the model into Terraform's state.
 */
export function modelToHcl(model: ApiModel, registry: SchemaRegistry, options: ModelToHclOptions): string {
  const { name, references } = options;
  if (!isIdentifier(name)) throw new Error(`"${name}" is not a valid Terraform resource name.`);
  if (!parseOcid(model.id)) throw new Error(`The model's id ${JSON.stringify(model.id)} is not an OCID.`);
  for (const [ocid, expression] of references) {
    if (!isTraversal(expression)) throw new Error(`The reference for ${ocid}, ${JSON.stringify(expression)}, is not a plain Terraform reference.`);
  }
  const schema = modelResourceSchema(registry);
  const { block } = readModel(model, schema);
  const address = `${schema.type}.${name}`;
  return [
    `resource ${hclString(schema.type)} ${hclString(name)} {`,
    ...bodyLines(block, '  ', references),
    '}',
    '',
    '# Adopts the existing model into Terraform\'s state (Terraform 1.5 or later). Import blocks work in the root module only:',
    `# with older Terraform, or in a child module (address module.<module name>.${address}), remove this block and run`,
    `#   terraform import ${address} ${model.id}`,
    'import {',
    `  to = ${address}`,
    `  id = ${hclString(model.id)}`,
    '}',
    '',
  ].join('\n');
}

/**
 * The model's API fields that have a value but are not written, because Terraform cannot set them (the
 * service's own fields, training fields of another training type, fields the provider does not know), as dotted
 * paths such as `lifecycleState` or `fineTuneDetails.trainingConfig.numOfLastLayers`. The id is not among them:
 * the import block carries it.
 */
export function apiFieldsLeftOut(model: ApiModel, registry: SchemaRegistry): string[] {
  return readModel(model, modelResourceSchema(registry)).leftOut.filter((field) => field !== 'id');
}

/**
 * The model's settable fields as Terraform holds them: arguments and nested blocks by Terraform name, numbers as
 * numbers, defined tags flat, only the training fields of its training type. What import writes, and what the
 * drift comparison holds the file against.
 */
export function liveBlockValue(model: ApiModel, schema: BodySchema): BlockValue {
  return readModel(model, schema).block;
}

function readModel(model: ApiModel, schema: BodySchema): { block: BlockValue; leftOut: string[] } {
  const leftOut: string[] = [];
  return { block: readBody(model, schema, '', leftOut), leftOut };
}

/** An API object as Terraform arguments and nested blocks, in schema order; fields Terraform cannot set go to `leftOut`. */
function readBody(api: Record<string, unknown>, body: BodySchema, path: string, leftOut: string[]): BlockValue {
  const block: BlockValue = { arguments: {}, blocks: {} };
  const handled = new Set<string>();
  const apiValueOf = (name: string): unknown => {
    const apiName = body.attributes[name]?.apiName;
    return apiName === undefined ? undefined : api[apiName];
  };
  for (const [name, attribute] of settableAttributes(body)) {
    if (!applies(attribute, body, apiValueOf)) continue;
    handled.add(attribute.apiName);
    const value = argumentValue(name, api[attribute.apiName], path + attribute.apiName);
    if (value !== undefined) block.arguments[name] = value;
  }
  for (const [name, nested] of settableBlocks(body)) {
    const value = api[nested.apiName];
    if (!isObject(value)) continue;
    block.blocks[name] = readBody(value, nested, `${path}${nested.apiName}.`, leftOut);
    handled.add(nested.apiName);
  }
  for (const [field, value] of Object.entries(api)) {
    if (!handled.has(field) && !isAbsent(value)) leftOut.push(path + field);
  }
  return block;
}

/** An API field's value as Terraform holds it; undefined for an absent one (null, or an empty map). */
function argumentValue(name: string, apiValue: unknown, path: string): Value | undefined {
  if (isAbsent(apiValue)) return undefined;
  const value = name === DEFINED_TAGS_ARGUMENT && isObject(apiValue) ? flattenDefinedTags(apiValue) : asValue(apiValue, path);
  return isAbsent(value) ? undefined : value;
}

/** A JSON object; a `Date` or other class instance is not one. */
function isObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (isObject(value) && Object.keys(value).length === 0);
}

/** JSON data as a Value; anything else (a `Date`, a function) would be written as something it is not. */
function asValue(value: unknown, path: string): Value {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, index) => asValue(item, `${path}[${index}]`));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asValue(item, `${path}.${key}`)]));
  }
  throw new Error(`The API field ${path} does not hold JSON data.`);
}

function bodyLines(block: BlockValue, indent: string, references: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(block.arguments)) {
    const reference = typeof value === 'string' ? references.get(value) : undefined;
    lines.push(`${indent}${name} = ${reference ?? hclValue(value, indent)}`);
  }
  for (const [name, nested] of Object.entries(block.blocks)) {
    lines.push(`${indent}${name} {`, ...bodyLines(nested, `${indent}  `, references), `${indent}}`);
  }
  return lines;
}
