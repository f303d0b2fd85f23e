import { createHash } from 'node:crypto';

/** `ocid1.<resource type>.<realm>.<region>.<unique>`; the region is empty for tenancy-wide resources. */
const OCID = /^ocid1\.([a-z0-9]+)\.(oc[0-9]+)\.([a-z0-9-]*)\.([a-z0-9]+)$/;

export interface OcidParts {
  resourceType: string;
  realm: string;
  region: string;
  unique: string;
}

export function parseOcid(value: string): OcidParts | undefined {
  const match = OCID.exec(value);
  return match ? { resourceType: match[1]!, realm: match[2]!, region: match[3]!, unique: match[4]! } : undefined;
}

export function isOcidOf(value: unknown, resourceTypes: readonly string[]): value is string {
  if (typeof value !== 'string') return false;
  const parts = parseOcid(value);
  return parts !== undefined && resourceTypes.includes(parts.resourceType);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** Lower-case base32 of the bytes, as the unique part of real OCIDs looks. */
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * OCIDs for the resources the emulator creates: 60-character unique parts that look like OCI's, from a hash of a
 * fixed salt and a counter, so one emulator run gives the same ids every time (reproducible tests and demos).
 */
export class OcidGenerator {
  private counter = 0;

  constructor(
    private readonly realm: string,
    private readonly salt = 'oci-genai-emulator',
  ) {}

  next(resourceType: string, region: string): string {
    this.counter += 1;
    const digest = createHash('sha512').update(`${this.salt}\0${resourceType}\0${this.counter}`).digest();
    return `ocid1.${resourceType}.${this.realm}.${region}.amaaaaaa${base32(digest).slice(0, 52)}`;
  }
}
