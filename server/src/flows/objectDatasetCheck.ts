import { objectUrl, type ObjectTarget } from '../cloud/objectTarget';
import { checkDatasetStream } from '../dataset/checkDataset';
import type { DatasetReport } from '../dataset/datasetChecker';
import { textOutput } from '../dataset/datasetFormats';
import type { OciConnection } from '../oci/connection';
import type { OciModule } from '../oci/load';

/** How long the lookup of what is missing may take, once the read found nothing. */
const LOOKUP_MS = 15_000;

export interface ObjectCheckOptions {
  signal?: AbortSignal | undefined;
  /** Bytes read so far, and the object's size. */
  onProgress?: ((bytesRead: number, size: number) => void) | undefined;
}

/** The report, and its text as `oci-genai-tf dataset check` writes it with the object's URL as the file name. */
export interface CheckedObject {
  report: DatasetReport;
  text: string;
}

/**
 * Reads an object of Object Storage as it arrives and checks it as a dataset, with the checks of a local file: the
 * object is never held whole. An object that is not there fails with what is missing (the object, the bucket, the
 * namespace); other failures are OCI's.
 */
export async function checkObjectDataset(oci: OciModule, connection: OciConnection, target: ObjectTarget, options: ObjectCheckOptions = {}): Promise<CheckedObject> {
  let report: DatasetReport;
  try {
    report = await checkDatasetStream(oci.readObject(connection, target, options), options.signal ? { signal: options.signal } : {});
  } catch (error) {
    if (!(error instanceof oci.OciFailure && error.status === 404)) throw error;
    const head = await oci.headObject(connection, target, oci.within(LOOKUP_MS, options.signal)).catch(() => undefined);
    throw head?.state === 'missing' ? new oci.OciFailure('not-found', head.message) : error;
  }
  return { report, text: reportText(objectUrl(target), report) };
}

function reportText(url: string, report: DatasetReport): string {
  let text = '';
  const output = textOutput((written) => void (text += written));
  output.fileStarted(url);
  for (const finding of report.findings) output.finding(finding);
  if (report.omittedFindings) text += `${url}: ${report.omittedFindings} more ${report.omittedFindings === 1 ? 'finding' : 'findings'} not listed\n`;
  output.fileDone(report.summary);
  output.end();
  return text;
}
