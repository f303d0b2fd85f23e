import type { Traversal, TraversalStep } from '../hcl/syntax';
import type { SchemaRegistry } from '../schema/registry';
import type { AttributeSchema, SchemaKind, ValueType } from '../schema/schemaTypes';

/** What a traversal names, as Terraform reads it. */
export type ReferenceTarget =
  | { kind: 'variable'; name: string; nameStep: TraversalStep }
  | { kind: 'local'; name: string; nameStep: TraversalStep }
  | {
      kind: 'object';
      objectKind: SchemaKind;
      type: string;
      name: string;
      /** The steps naming the type and the object (`data.t.n` or `t.n`), for ranges. */
      addressEnd: TraversalStep | undefined;
      /** Steps after `type.name`: an instance key, then attributes. */
      rest: TraversalStep[];
    }
  | { kind: 'other' };

/**
 * Roots that are not resource types. Only `oci_` roots are taken as resources, so that the iterator of a `for`
 * expression or of a `dynamic` block (whose names we do not track) is never taken for one.
 */
function looksLikeResourceType(root: string): boolean {
  return root.startsWith('oci_');
}

export function referenceTarget(traversal: Traversal): ReferenceTarget {
  const [first, second] = traversal.steps;
  const attributeName = (step: TraversalStep | undefined): string | undefined =>
    step?.kind === 'attribute' ? step.name : undefined;
  if (traversal.root === 'var' && attributeName(first)) return { kind: 'variable', name: attributeName(first)!, nameStep: first! };
  if (traversal.root === 'local' && attributeName(first)) return { kind: 'local', name: attributeName(first)!, nameStep: first! };
  if (traversal.root === 'data' && attributeName(first) && attributeName(second)) {
    return {
      kind: 'object',
      objectKind: 'data',
      type: attributeName(first)!,
      name: attributeName(second)!,
      addressEnd: second,
      rest: traversal.steps.slice(2),
    };
  }
  if (looksLikeResourceType(traversal.root) && attributeName(first)) {
    return {
      kind: 'object',
      objectKind: 'resource',
      type: traversal.root,
      name: attributeName(first)!,
      addressEnd: first,
      rest: traversal.steps.slice(1),
    };
  }
  return { kind: 'other' };
}

/** A traversal step, with or without its place in the text. */
export type PathStep = { kind: 'attribute'; name: string } | { kind: 'index' } | { kind: 'splat' };

export type AttributePathResult<S extends PathStep> =
  | { kind: 'attribute'; attribute: AttributeSchema }
  | { kind: 'unsupported'; step: S; name: string; candidates: string[] }
  | { kind: 'unknown' };

/** Where a walk through a schema ended: on an attribute, in an object's fields, or somewhere it cannot follow. */
type WalkEnd<S> =
  | { kind: 'attribute'; attribute: AttributeSchema; fields: Record<string, AttributeSchema> | undefined }
  | { kind: 'fields'; fields: Record<string, AttributeSchema> }
  | { kind: 'unsupported'; step: S; name: string; candidates: string[] }
  | { kind: 'unknown' };

/**
 * Follows steps after `type.name` (and an optional instance key) through the schema, as Terraform evaluates them:
 * an attribute of an object, or an element of a list (`[0]`). Stops with `unknown` at what it cannot follow (a
 * splat, a type outside the schema).
 */
function walk<S extends PathStep>(registry: SchemaRegistry, objectKind: SchemaKind, type: string, rest: readonly S[]): WalkEnd<S> {
  const schema = registry.get(objectKind, type);
  if (!schema) return { kind: 'unknown' };
  let steps = rest;
  if (steps[0]?.kind === 'index' || steps[0]?.kind === 'splat') steps = steps.slice(1);
  let fields: Record<string, AttributeSchema> | undefined = registry.referenceableAttributes(schema);
  let current: AttributeSchema | undefined;
  let currentType: ValueType | undefined;
  for (const step of steps) {
    if (step.kind === 'splat') return { kind: 'unknown' };
    if (step.kind === 'index') {
      if (!currentType || typeof currentType === 'string') return { kind: 'unknown' };
      if ('list' in currentType) currentType = currentType.list;
      else if ('set' in currentType) currentType = currentType.set;
      else if ('map' in currentType) currentType = currentType.map;
      else return { kind: 'unknown' };
      fields = registry.objectAttributes(currentType);
      current = undefined;
      continue;
    }
    if (!fields) return { kind: 'unknown' };
    const named = step as S & { kind: 'attribute'; name: string };
    const next: AttributeSchema | undefined = fields[named.name];
    if (!next) return { kind: 'unsupported', step, name: named.name, candidates: Object.keys(fields) };
    current = next;
    currentType = next.type;
    fields = registry.objectAttributes(next.type);
  }
  if (current) return { kind: 'attribute', attribute: current, fields };
  return fields ? { kind: 'fields', fields } : { kind: 'unknown' };
}

/** The attribute a traversal ends on, or why it does not resolve. */
export function resolveAttributePath<S extends PathStep>(registry: SchemaRegistry, objectKind: SchemaKind, type: string, rest: readonly S[]): AttributePathResult<S> {
  const end = walk(registry, objectKind, type, rest);
  if (end.kind === 'attribute') return { kind: 'attribute', attribute: end.attribute };
  return end.kind === 'fields' ? { kind: 'unknown' } : end;
}

/** The fields a reference can go on with after these steps (`model_collection[0].` has `items`), if any. */
export function fieldsAfter(registry: SchemaRegistry, objectKind: SchemaKind, type: string, rest: readonly PathStep[]): Record<string, AttributeSchema> | undefined {
  const end = walk(registry, objectKind, type, rest);
  return end.kind === 'attribute' || end.kind === 'fields' ? end.fields : undefined;
}
