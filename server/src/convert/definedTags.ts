import { numberText } from './hclText';

/**
 * Defined tags are nested by namespace in the API (`{ Operations: { CostCenter: "42" } }`) and flat in Terraform
 * (`{ "Operations.CostCenter" = "42" }`). The schema cannot say so; the provider converts at exactly one dot.
 */
export const DEFINED_TAGS_ARGUMENT = 'defined_tags';

/** The API's nested defined tags, flat; a namespace or key with a dot has no flat form and is refused. */
export function flattenDefinedTags(nested: Record<string, unknown>): Record<string, string> {
  const flat: [string, string][] = [];
  for (const [namespace, keys] of Object.entries(nested)) {
    if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
      throw new Error(`The defined tag namespace ${JSON.stringify(namespace)} does not hold keys and values.`);
    }
    for (const [key, value] of Object.entries(keys)) {
      const flatKey = `${namespace}.${key}`;
      if (namespace.includes('.') || key.includes('.')) {
        throw new Error(`The defined tag ${JSON.stringify(flatKey)} has a dot in its namespace or key, which Terraform's defined_tags cannot express.`);
      }
      // Terraform keeps defined tags as a map of strings, whatever the API typed them.
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new Error(`The defined tag ${JSON.stringify(flatKey)} has a value that is not text.`);
      }
      flat.push([flatKey, typeof value === 'number' ? numberText(value) : String(value)]);
    }
  }
  return Object.fromEntries(flat);
}

/** Terraform's flat defined tags, nested by namespace as the API takes them. */
export function nestDefinedTags<T>(flat: Record<string, T>, path: string): Record<string, Record<string, T>> {
  const namespaces = new Map<string, [string, T][]>();
  for (const [flatKey, value] of Object.entries(flat)) {
    const parts = flatKey.split('.');
    if (parts.length !== 2) {
      throw new Error(`The key ${JSON.stringify(flatKey)} of ${path} must be "Namespace.key", with exactly one dot.`);
    }
    const [namespace, key] = parts as [string, string];
    let keys = namespaces.get(namespace);
    if (!keys) namespaces.set(namespace, (keys = []));
    keys.push([key, value]);
  }
  // fromEntries keeps keys such as `__proto__` as plain data.
  return Object.fromEntries([...namespaces].map(([namespace, keys]) => [namespace, Object.fromEntries(keys)]));
}
