import type { CloudSettings } from './cloud';

/**
 * The `ociGenaiTf` settings as a client sends them (from `workspace/configuration` or `initializationOptions`),
 * read defensively: anything of the wrong type is as if unset.
 */
export function readCloudSettings(section: unknown): CloudSettings {
  const oci = isObject(section) && isObject(section['oci']) ? section['oci'] : {};
  const text = (key: string): string | undefined => {
    const value = oci[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  return {
    configFile: text('configFile'),
    profile: text('profile'),
    region: text('region'),
    endpoint: text('endpoint'),
    compartmentId: text('compartmentId'),
    enabled: oci['enabled'] !== false,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
