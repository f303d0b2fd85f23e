import { describeType } from '../schema/registry';
import type { PrimitiveType, ValueType } from '../schema/schemaTypes';
import { numberText } from './hclText';
import type { Value } from './values';

/**
 * Terraform's conversion of a value to an argument's type: numbers from numeric strings, strings from numbers and
 * bools. Both the create request and the drift comparison read values written in any of the forms Terraform
 * accepts (`"0.0001"`, `1e-4`). Throws an Error naming the argument for a value Terraform would reject.
 */
export function toSchemaType(value: Value, type: ValueType, path: string): Value {
  if (typeof type === 'string') return convertPrimitive(value, type, path);
  if ('list' in type || 'set' in type) {
    const itemType = 'list' in type ? type.list : type.set;
    if (Array.isArray(value)) return value.map((item, index) => toSchemaType(item, itemType, `${path}[${index}]`));
  } else if ('map' in type) {
    if (isObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toSchemaType(item, type.map, `${path}[${JSON.stringify(key)}]`)]));
    }
  } else {
    throw new Error(`The argument ${path} is an object, which this conversion does not set.`);
  }
  throw wrongType(path, type, value);
}

/** Decimal text as Terraform reads it as a number: an optional sign, digits with an optional point, an exponent. */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function convertPrimitive(value: Value, type: PrimitiveType, path: string): Value {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return numberText(value);
      if (typeof value === 'boolean') return String(value);
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      break;
    case 'int':
    case 'float': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : NaN;
      if (Number.isFinite(number) && (type === 'float' || Number.isInteger(number))) return number;
      break;
    }
  }
  throw wrongType(path, type, value);
}

function wrongType(path: string, type: ValueType, value: Value): Error {
  return new Error(`The argument ${path} must be a ${describeType(type)}, not ${describeValue(value)}.`);
}

/** A value as a message names it: short text quoted, collections by kind. */
export function describeValue(value: Value): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  if (typeof value !== 'string') return String(value);
  const quoted = JSON.stringify(value);
  return quoted.length > 40 ? `${quoted.slice(0, 36)}..."` : quoted;
}

export function isObject(value: Value): value is { [key: string]: Value } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
