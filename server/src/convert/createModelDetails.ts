import type { models } from 'oci-generativeai';
import type { SchemaRegistry } from '../schema/registry';
import type { AttributeSchema } from '../schema/schemaTypes';
import { DEFINED_TAGS_ARGUMENT, nestDefinedTags } from './definedTags';
import { applies, modelResourceSchema, settableAttributes, settableBlocks, type BodySchema } from './settable';
import { describeValue, isObject, toSchemaType } from './terraformTypes';
import type { BlockValue, Value } from './values';

/** The CreateModel request body as plain JSON; the SDK serializes it unchanged. */
export type ApiCreateModelDetails = models.CreateModelDetails;

/**
 * The fields CreateModelDetails has, kept in step with the SDK's type by the compiler: the schema also describes
 * arguments that only an update, or the service, sets.
 */
const CREATE_FIELDS: Record<keyof models.CreateModelDetails, true> = {
  compartmentId: true,
  baseModelId: true,
  fineTuneDetails: true,
  displayName: true,
  vendor: true,
  version: true,
  description: true,
  freeformTags: true,
  definedTags: true,
};

/**
 * The request that creates the model an evaluated `oci_generative_ai_model` block describes, as the provider
 * would send it: API names from the schema, values converted to the schema's types as Terraform converts them,
 * enum values in the API's case, defined tags nested, training fields of another training type left out.
 * Arguments the schema does not know (`count`, `lifecycle`, `timeouts`...) are not the API's and are ignored.
 * Throws an Error naming the argument for a missing required one or a value of the wrong type.
 */
export function createModelDetails(block: BlockValue, registry: SchemaRegistry): ApiCreateModelDetails {
  const body = requestBody(block, modelResourceSchema(registry), '');
  const fields = Object.entries(body).filter(([field]) => Object.hasOwn(CREATE_FIELDS, field));
  return Object.fromEntries(fields) as unknown as ApiCreateModelDetails;
}

function requestBody(block: BlockValue, body: BodySchema, path: string): Record<string, Value> {
  const converted = new Map<string, Value>();
  for (const [name, attribute] of settableAttributes(body)) {
    const value = argumentValue(ownValue(block.arguments, name), name, attribute, path + name);
    if (value !== undefined) converted.set(name, value);
  }
  const fields: [string, Value][] = [];
  for (const [name, attribute] of settableAttributes(body)) {
    const value = converted.get(name);
    if (value !== undefined && applies(attribute, body, (sibling) => converted.get(sibling))) fields.push([attribute.apiName, value]);
  }
  for (const [name, nested] of settableBlocks(body)) {
    const given = ownValue(block.blocks, name);
    if (given) fields.push([nested.apiName, requestBody(given, nested, `${path}${name}.`)]);
    else if (nested.mode === 'required') throw new Error(`The block ${path}${name} is required.`);
  }
  return Object.fromEntries(fields);
}

function ownValue<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An argument's value as the API takes it; undefined when it is not set (null is Terraform's "not set"). */
function argumentValue(given: Value | undefined, name: string, attribute: AttributeSchema, path: string): Value | undefined {
  if (given === undefined || given === null) {
    if (attribute.mode === 'required') throw new Error(`The argument ${path} is required.`);
    return undefined;
  }
  const value = toSchemaType(given, attribute.type, path);
  if (typeof value === 'string') return inApiCase(value, attribute, path);
  if (name === DEFINED_TAGS_ARGUMENT && isObject(value)) return nestDefinedTags(value, path);
  return value;
}

/** A value of an argument with `allowedValues`, spelled as the API spells it when the provider ignores case. */
function inApiCase(value: string, attribute: AttributeSchema, path: string): string {
  const allowed = attribute.allowedValues;
  if (!allowed) return value;
  const match = allowed.values.find((candidate) => (allowed.caseSensitive ? candidate === value : candidate.toUpperCase() === value.toUpperCase()));
  if (match) return match;
  if (allowed.validatedBy === 'provider') throw new Error(`The argument ${path} must be one of ${allowed.values.join(', ')}, not ${describeValue(value)}.`);
  return value;
}
