export interface Ocid {
  kind: string;
  realm: string;
  region: string;
}

/** `ocid1.<kind>.<realm>.[region][.future use].<unique id>`; tenancies and compartments leave the region empty. */
const OCID = /^ocid1\.([a-z0-9]+)\.([a-z0-9]+)\.([a-z0-9-]*)(?:\.[a-z0-9-]*)?\.([a-z0-9]{8,})$/;

export function parseOcid(value: string): Ocid | undefined {
  const match = OCID.exec(value);
  return match ? { kind: match[1]!, realm: match[2]!, region: match[3]! } : undefined;
}

export function looksLikeOcid(value: string): boolean {
  return value.startsWith('ocid1.');
}
