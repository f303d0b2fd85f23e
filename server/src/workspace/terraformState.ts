import * as fs from 'node:fs';
import * as path from 'node:path';

/** Larger state files are not read: the editor must not stall on a monorepo's state. */
const MAX_STATE_BYTES = 20 * 1024 * 1024;

interface StateFile {
  resources?: {
    module?: string;
    mode?: string;
    type?: string;
    name?: string;
    instances?: { index_key?: string | number; attributes?: { id?: unknown } }[];
  }[];
}

/**
 * The ids of the objects a local `terraform.tfstate` records for the module's own resources, by address
 * (`type.name`, `type.name[0]`, `type.name["key"]`). Read only; absent, unreadable or odd state gives nothing.
 */
export function readStateIds(dir: string): Map<string, string> {
  const ids = new Map<string, string>();
  const file = path.join(dir, 'terraform.tfstate');
  let state: StateFile;
  try {
    if (fs.statSync(file).size > MAX_STATE_BYTES) return ids;
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as StateFile;
  } catch {
    return ids;
  }
  for (const resource of Array.isArray(state.resources) ? state.resources : []) {
    if (resource.module || resource.mode !== 'managed' || !resource.type || !resource.name) continue;
    for (const instance of Array.isArray(resource.instances) ? resource.instances : []) {
      const id = instance.attributes?.id;
      if (typeof id !== 'string') continue;
      const key = instance.index_key;
      const suffix = key === undefined ? '' : typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
      ids.set(`${resource.type}.${resource.name}${suffix}`, id);
    }
  }
  return ids;
}
