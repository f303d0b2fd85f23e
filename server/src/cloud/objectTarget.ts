/**
 * An Object Storage object as a `training_dataset` block names it, and its `oci://` URL. Plain data without the
 * SDK, so that the language server can name and parse objects before (or without) loading it.
 */
export interface ObjectTarget {
  namespace: string;
  bucket: string;
  object: string;
}

/** How OCI's console and CLI write an object's place: oci://bucket@namespace/object. */
export function objectUrl(target: ObjectTarget): string {
  return `oci://${target.bucket}@${target.namespace}/${target.object}`;
}

/**
 * The object an `oci://bucket@namespace/object` URL names; undefined for anything else. Bucket names are letters,
 * digits, `-`, `_` and `.`; a namespace has no `@` or `/`; the object is the rest, slashes included.
 */
export function parseObjectUrl(url: string): ObjectTarget | undefined {
  const match = /^oci:\/\/([A-Za-z0-9._-]+)@([^@/\s]+)\/(.+)$/.exec(url.trim());
  if (!match) return undefined;
  const [, bucket, namespace, object] = match as unknown as [string, string, string, string];
  return { namespace, bucket, object };
}
