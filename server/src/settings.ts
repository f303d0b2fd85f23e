import type { CloudSettings } from './cloud/cloud';

/** A compartment the models view shows, as the `ociGenaiTf.compartments` setting lists it. */
export interface ConfiguredCompartment {
  id: string;
  name?: string | undefined;
}

export interface ModelsViewSettings {
  compartments: ConfiguredCompartment[];
  pageSize: number;
}

export interface Settings {
  cloud: CloudSettings;
  modelsView: ModelsViewSettings;
}

const DEFAULT_PAGE_SIZE = 50;

/**
 * The `ociGenaiTf` settings as a client sends them (from `workspace/configuration` or `initializationOptions`),
 * read defensively: anything of the wrong type is as if unset.
 */
export function readSettings(section: unknown): Settings {
  const root = isObject(section) ? section : {};
  const oci = isObject(root['oci']) ? root['oci'] : {};
  const text = (object: Record<string, unknown>, key: string): string | undefined => {
    const value = object[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const view = isObject(root['modelsView']) ? root['modelsView'] : {};
  const pageSize = view['pageSize'];
  return {
    cloud: {
      configFile: text(oci, 'configFile'),
      profile: text(oci, 'profile'),
      region: text(oci, 'region'),
      endpoint: text(oci, 'endpoint'),
      objectStorageEndpoint: text(oci, 'objectStorageEndpoint'),
      compartmentId: text(oci, 'compartmentId'),
      enabled: oci['enabled'] !== false,
    },
    modelsView: {
      compartments: Array.isArray(root['compartments'])
        ? root['compartments'].flatMap((entry) => {
            const id = isObject(entry) ? text(entry, 'id') : typeof entry === 'string' ? entry.trim() : undefined;
            return id ? [{ id, name: isObject(entry) ? text(entry, 'name') : undefined }] : [];
          })
        : [],
      pageSize: typeof pageSize === 'number' && Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000 ? pageSize : DEFAULT_PAGE_SIZE,
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
