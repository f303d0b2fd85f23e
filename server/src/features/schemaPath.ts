import type { SchemaRegistry, TypeSchema } from '../schema/registry';
import type { AttributeSchema, BlockSchema, SchemaKind } from '../schema/schemaTypes';

/** What may be written in a body: the schema's own attributes and blocks. */
export interface BodySchema {
  attributes: Record<string, AttributeSchema>;
  blocks?: Record<string, BlockSchema>;
}

export type BodyAt =
  /** The body of one of our resources or data sources, or of a block nested in one. */
  | { kind: 'schema'; type: TypeSchema; body: BodySchema; path: string[]; topLevel: boolean }
  /** A `timeouts` block of one of ours. */
  | { kind: 'timeouts'; type: TypeSchema }
  /** A `dynamic` block: for_each, iterator, labels and `content`. */
  | { kind: 'dynamic'; type: TypeSchema; target: string }
  | { kind: 'outside' };

/** Terraform's arguments of a `dynamic` block, besides its `content` block. */
export const DYNAMIC_ARGUMENTS: Record<string, string> = {
  for_each: 'The collection to generate one block per element of.',
  iterator: 'The name of the temporary variable for the current element (default: the block type).',
  labels: 'Labels of the generated blocks, for block types that take labels.',
};

/** Meta-arguments Terraform accepts in every resource and data source. */
export const META_ARGUMENTS: Record<string, { description: string; kinds: SchemaKind[] }> = {
  count: { description: 'Creates this many instances; refer to one as `type.name[index]`.', kinds: ['resource', 'data'] },
  for_each: { description: 'Creates one instance per key of a map or element of a set of strings; refer to one as `type.name["key"]`.', kinds: ['resource', 'data'] },
  depends_on: { description: 'Explicit dependencies Terraform cannot see from references.', kinds: ['resource', 'data'] },
  provider: { description: 'A non-default provider configuration, as `oci.alias`.', kinds: ['resource', 'data'] },
};

/** Blocks Terraform itself gives every resource (all but `lifecycle` only resources). */
export const META_BLOCKS: Record<string, { description: string; kinds: SchemaKind[] }> = {
  lifecycle: { description: 'How Terraform replaces, protects or ignores changes to this object.', kinds: ['resource', 'data'] },
  connection: { description: 'How provisioners reach the created object.', kinds: ['resource'] },
  provisioner: { description: 'A command to run when the object is created or destroyed.', kinds: ['resource'] },
};

/** The body schema inside the given blocks (outermost first, as `type` and labels), or why there is none. */
export function bodyAt(registry: SchemaRegistry, blocks: { type: string; labels: string[] }[]): BodyAt {
  const [top, ...nested] = blocks;
  if (!top || (top.type !== 'resource' && top.type !== 'data') || !top.labels[0]) return { kind: 'outside' };
  const type = registry.get(top.type, top.labels[0]);
  if (!type) return { kind: 'outside' };
  let body: BodySchema = type;
  const path = [type.type];
  for (let i = 0; i < nested.length; i++) {
    const block = nested[i]!;
    if (i === 0 && block.type === 'timeouts' && type.timeouts) return i === nested.length - 1 ? { kind: 'timeouts', type } : { kind: 'outside' };
    if (block.type === 'dynamic') {
      const target = block.labels[0] ? body.blocks?.[block.labels[0]] : undefined;
      if (!target) return { kind: 'outside' };
      const content = nested[i + 1];
      if (!content) return { kind: 'dynamic', type, target: block.labels[0]! };
      if (content.type !== 'content') return { kind: 'outside' };
      body = target;
      path.push(block.labels[0]!);
      i++;
      continue;
    }
    const next = body.blocks?.[block.type];
    if (!next) return { kind: 'outside' };
    body = next;
    path.push(block.type);
  }
  return { kind: 'schema', type, body, path, topLevel: nested.length === 0 };
}
