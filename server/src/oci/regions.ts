import { Region } from 'oci-common';

/** The region ids this SDK knows, sorted, for the region picker. */
export function knownRegions(): string[] {
  return Region.values()
    .map((region) => region.regionId)
    .sort();
}
