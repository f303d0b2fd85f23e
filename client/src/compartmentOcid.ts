import { parseOcid } from '../../server/src/schema/ocid';

/**
 * Why `text` cannot be added as a compartment of the models view, or undefined when it can: the OCID of a
 * compartment or a tenancy (the root compartment). Kept free of `vscode` so that it is tested on its own.
 */
export function compartmentOcidProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'Enter the OCID of a compartment or tenancy, such as ocid1.compartment.oc1..aaaa…';
  const ocid = parseOcid(value);
  if (!ocid) return 'This is not an OCID: it must look like ocid1.compartment.oc1..<unique id>.';
  if (ocid.kind !== 'compartment' && ocid.kind !== 'tenancy') return `This is the OCID of a ${ocid.kind}, not of a compartment or tenancy.`;
  return undefined;
}
