import { DEFINED_TAGS_ARGUMENT } from '../convert/definedTags';
import type { UnknownArgument } from '../convert/evaluate';
import { liveBlockValue, type ApiModel } from '../convert/modelToHcl';
import { applies, settableAttributes, settableBlocks, type BodySchema } from '../convert/settable';
import { isObject, toSchemaType } from '../convert/terraformTypes';
import type { BlockValue, Value } from '../convert/values';
import type { AttributeSchema, BlockSchema } from '../schema/schemaTypes';

/** What applying the file does to a field that differs: a ForceNew field replaces the model. */
export type DriftEffect = 'replace' | 'update';

/**
 * `same`: equal in schema terms. `differs`: applying the file would change the model. `kept`: the file does not
 * set it and the provider keeps OCI's value (an Optional+Computed field), as `terraform plan` shows no change.
 */
export type FieldStatus = 'same' | 'differs' | 'kept';

export interface FieldComparison {
  /** The schema path: `fine_tune_details.training_config.learning_rate`. */
  path: string;
  /** The file's value in the schema's type (`"1e-4"` as 0.0001); undefined: the file does not set it. */
  file: Value | undefined;
  /** The live value as Terraform holds it (defined tags flat); undefined: not set in OCI. */
  live: Value | undefined;
  status: FieldStatus;
  effect: DriftEffect;
}

/** A field the comparison leaves out, and why: a value only Terraform knows, `ignore_changes`, a wrong type. */
export interface NotCompared {
  path: string;
  reason: string;
}

export interface ModelComparison {
  /** In schema order; fields that neither side sets are left out. */
  fields: FieldComparison[];
  notCompared: NotCompared[];
}

/** A model block as the file writes it, as far as it is known without Terraform. */
export interface FileModel {
  values: BlockValue;
  /** Arguments whose values only Terraform knows, by schema path. */
  unknown: readonly UnknownArgument[];
  /** `lifecycle { ignore_changes }` as schema paths; `*` for `all`. */
  ignoreChanges: readonly string[];
}

const IGNORED = 'lifecycle.ignore_changes names it, so Terraform leaves it as it is';

/**
 * The file's model block against the live model, field by field in schema terms, as `terraform plan` would judge
 * them: enums whose case the provider ignores without case, numbers as numbers, defined tags flat with keys
 * without case (the provider's diff suppression), strings in Unicode NFC (as Terraform holds every string), and a
 * zero value ("", 0, an empty map) the same as none (the provider's SDK cannot tell them apart). A field the file
 * leaves out is in sync when the provider keeps OCI's value for it (Optional+Computed).
 */
export function compareModel(file: FileModel, live: ApiModel, schema: BodySchema): ModelComparison {
  const walk: Walk = {
    fields: [],
    notCompared: [],
    unknown: new Map(file.unknown.map((u) => [u.path, u.reason])),
    ignoreChanges: file.ignoreChanges,
  };
  compareBody(walk, schema, { written: file.values, live: liveBlockValue(live, schema), prefix: '', forceNew: false, keptBlock: false });
  return { fields: walk.fields, notCompared: walk.notCompared };
}

interface Walk {
  fields: FieldComparison[];
  notCompared: NotCompared[];
  unknown: ReadonlyMap<string, string>;
  ignoreChanges: readonly string[];
}

interface BodyPlace {
  /** Undefined: the file does not write this block. */
  written: BlockValue | undefined;
  live: BlockValue | undefined;
  prefix: string;
  /** An enclosing block is ForceNew. */
  forceNew: boolean;
  /** The file leaves out an enclosing Optional+Computed block: the provider keeps all of it. */
  keptBlock: boolean;
}

function compareBody(walk: Walk, body: BodySchema, place: BodyPlace): void {
  const fileValues = new Map<string, Value | undefined>();
  const skipped = new Set<string>();
  for (const [name] of settableAttributes(body)) {
    const path = place.prefix + name;
    const reason = whyNotCompared(walk, path);
    if (reason) {
      walk.notCompared.push({ path, reason });
      skipped.add(name);
      continue;
    }
    const given = place.written && Object.hasOwn(place.written.arguments, name) ? place.written.arguments[name] : undefined;
    if (given === undefined || given === null) continue;
    try {
      fileValues.set(name, toSchemaType(given, body.attributes[name]!.type, path));
    } catch (error) {
      walk.notCompared.push({ path, reason: error instanceof Error ? error.message : String(error) });
      skipped.add(name);
    }
  }
  // The training type decides which training fields count; the file's, or OCI's where the file leaves the block out.
  const discriminator = (name: string): unknown => (place.written ? fileValues.get(name) : place.live?.arguments[name]);
  for (const [name, attribute] of settableAttributes(body)) {
    if (skipped.has(name) || !applies(attribute, body, discriminator)) continue;
    const path = place.prefix + name;
    const file = fileValues.get(name);
    const live = place.live && Object.hasOwn(place.live.arguments, name) ? place.live.arguments[name] : undefined;
    const effect: DriftEffect = place.forceNew || attribute.forceNew ? 'replace' : 'update';
    if (file === undefined && (place.keptBlock || isOptionalComputed(attribute))) {
      if (live !== undefined) walk.fields.push({ path, file, live, status: 'kept', effect });
      continue;
    }
    if (file === undefined && place.written && attribute.mode === 'required') {
      // Terraform rejects the block before any comparison; the editor reports the missing argument.
      walk.notCompared.push({ path, reason: 'required, and the file does not set it' });
      continue;
    }
    if (file === undefined && live === undefined) continue;
    const same = sameValue(file, live, attribute, name);
    walk.fields.push({ path, file, live, status: same ? 'same' : 'differs', effect });
  }
  for (const [name, nested] of settableBlocks(body)) {
    const path = place.prefix + name;
    const reason = whyNotCompared(walk, path);
    if (reason) {
      walk.notCompared.push({ path, reason });
      continue;
    }
    const written = place.written?.blocks[name];
    if (!written && place.written && nested.mode === 'required') {
      walk.notCompared.push({ path, reason: 'required, and the file does not write it' });
      continue;
    }
    compareBody(walk, nested, {
      written,
      live: place.live?.blocks[name],
      prefix: `${path}.`,
      forceNew: place.forceNew || nested.forceNew === true,
      keptBlock: place.keptBlock || (!written && isOptionalComputed(nested)),
    });
  }
}

function whyNotCompared(walk: Walk, path: string): string | undefined {
  if (walk.ignoreChanges.some((ignored) => ignored === '*' || ignored === path || path.startsWith(`${ignored}.`))) return IGNORED;
  const unknown = walk.unknown.get(path);
  return unknown === undefined ? undefined : `not known before Terraform runs: ${unknown}`;
}

/** Terraform's Optional+Computed: left out of the configuration, the provider keeps what the service holds. */
function isOptionalComputed(field: AttributeSchema | BlockSchema): boolean {
  return field.mode === 'optional' && field.computed === true;
}

function sameValue(file: Value | undefined, live: Value | undefined, attribute: AttributeSchema, name: string): boolean {
  return JSON.stringify(canonical(file, attribute, name)) === JSON.stringify(canonical(live, attribute, name));
}

/**
 * A value in the form in which equal values are identical: strings in NFC (upper case where the provider ignores
 * case), map keys sorted (defined tag keys in lower case), zero values as none.
 */
function canonical(value: Value | undefined, attribute: AttributeSchema, name: string): Value | undefined {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return undefined;
  if (typeof value === 'string') {
    const text = value.normalize('NFC');
    return attribute.allowedValues && !attribute.allowedValues.caseSensitive ? text.toUpperCase() : text;
  }
  if (Array.isArray(value)) return value.length ? value.map((item) => (typeof item === 'string' ? item.normalize('NFC') : item)) : undefined;
  if (isObject(value)) {
    const entries = Object.entries(value).map(([key, item]): [string, Value] => {
      const normalizedKey = key.normalize('NFC');
      return [name === DEFINED_TAGS_ARGUMENT ? normalizedKey.toLowerCase() : normalizedKey, typeof item === 'string' ? item.normalize('NFC') : item];
    });
    return entries.length ? Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : undefined;
  }
  return value;
}
