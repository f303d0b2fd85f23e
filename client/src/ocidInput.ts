import { parseOcid } from '../../server/src/schema/ocid';

/**
 * Checks of OCIDs as a person types them, each answering why the text will not do, or undefined when it will.
 * Kept free of `vscode` so that they are tested on their own.
 */

/** The OCID of a Generative AI model: `ocid1.generativeaimodel.<realm>.<region>.<unique id>`. */
export function modelOcidProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'Enter the OCID of a custom model, such as ocid1.generativeaimodel.oc1.us-chicago-1.aaaa…';
  const ocid = parseOcid(value);
  if (!ocid) return 'This is not an OCID: it must look like ocid1.generativeaimodel.<realm>.<region>.<unique id>.';
  if (ocid.kind !== 'generativeaimodel') return `This is the OCID of a ${ocid.kind}, not of a Generative AI model.`;
  if (ocid.region === '') return "A model's OCID names its region: ocid1.generativeaimodel.<realm>.<region>.<unique id>.";
  return undefined;
}

/** A value given for the argument at `path`: arguments named `*_id` take an OCID. */
export function argumentValueProblem(path: string, text: string): string | undefined {
  const value = text.trim();
  if (value === '') return `Enter the value of ${path}.`;
  if (path.endsWith('_id') && !parseOcid(value)) return `${path} takes an OCID, which looks like ocid1.<kind>.<realm>.<region>.<unique id>.`;
  return undefined;
}
