/** What both conversions read of the schema: the arguments and blocks a user may set, and their API names. */
import type { SchemaRegistry, TypeSchema } from '../schema/registry';
import type { AttributeSchema, BlockSchema } from '../schema/schemaTypes';

const MODEL_RESOURCE = 'oci_generative_ai_model';

export function modelResourceSchema(registry: SchemaRegistry): TypeSchema {
  const schema = registry.get('resource', MODEL_RESOURCE);
  if (!schema) throw new Error(`The schema has no resource ${MODEL_RESOURCE}.`);
  return schema;
}

export type BodySchema = Pick<BlockSchema, 'attributes' | 'blocks'>;

type Settable<T> = T & { apiName: string };

function isSettable<T extends { mode: string; apiName?: string }>(field: T): field is Settable<T> {
  return field.mode !== 'computed' && field.apiName !== undefined;
}

/** The arguments a user may set that the API has a field for, in schema order. */
export function settableAttributes(body: BodySchema): [string, Settable<AttributeSchema>][] {
  return Object.entries(body.attributes).filter((entry): entry is [string, Settable<AttributeSchema>] => isSettable(entry[1]));
}

/** The nested blocks a user may write that the API has an object for, in schema order. */
export function settableBlocks(body: BodySchema): [string, Settable<BlockSchema>][] {
  return Object.entries(body.blocks ?? {}).filter((entry): entry is [string, Settable<BlockSchema>] => isSettable(entry[1]));
}

/**
 * Whether an argument is used, given the value of its block's discriminator (`appliesWhen`): the provider sends
 * only the training fields of the chosen training type and drops the others without a word.
 */
export function applies(attribute: AttributeSchema, body: BodySchema, discriminatorValue: (name: string) => unknown): boolean {
  const condition = attribute.appliesWhen;
  if (!condition) return true;
  const value = discriminatorValue(condition.attribute);
  if (typeof value !== 'string') return false;
  const caseSensitive = body.attributes[condition.attribute]?.allowedValues?.caseSensitive ?? true;
  return condition.values.some((allowed) => (caseSensitive ? allowed === value : allowed.toUpperCase() === value.toUpperCase()));
}
