import * as fs from 'node:fs';
import * as path from 'node:path';
import { objectUrl, type ObjectTarget } from '../cloud/objectTarget';
import { checkDatasetStream } from '../dataset/checkDataset';
import type { DatasetFinding } from '../dataset/datasetChecker';
import type { OciConnection } from '../oci/connection';
import type { OciModule } from '../oci/load';
import type { UploadProgress } from '../oci/objectUpload';
import type { UploadDatasetResponse } from '../protocol';
import { UploadRecords } from './uploadRecords';

/** Problems named in the question; the rest are counted. */
const PROBLEMS_NAMED = 3;

export interface DatasetUploadInput {
  oci: OciModule;
  connection: OciConnection;
  file: string;
  target: ObjectTarget;
  /** Whose `.oci-genai-tf/uploads.json` keeps an unfinished multipart upload, to resume it. */
  moduleDir: string;
  /** Upload even when the file has errors: the person has seen them. */
  acceptProblems: boolean;
  /** Replace the object that is there, while it is still the one with this etag. */
  replaceEtag: string | undefined;
  signal: AbortSignal;
  /** Of the whole: the check, the hashing and the sending read the file once each. */
  progress(percent: number, message: string): void;
}

/** A local file that cannot be read, in one sentence. */
export class LocalFileFailure extends Error {}

/**
 * Checks a local dataset, then uploads it to the object: a file with errors is not uploaded unless the person
 * accepts them, and an object already there with other content is not replaced unless they confirm that object
 * (by its etag). Large files go in parts, recorded in the module so that an interrupted upload resumes.
 */
export async function uploadDataset(input: DatasetUploadInput): Promise<UploadDatasetResponse> {
  const { file, target, signal } = input;
  const url = objectUrl(target);
  const name = path.basename(file);
  const size = fileSize(file);
  const phases: string[] = [...(input.acceptProblems ? [] : ['checking']), 'hashing', 'uploading'];
  let percent = 0;
  const report = (phase: string, bytesDone: number): void => {
    const fraction = size === 0 ? 1 : bytesDone / size;
    percent = ((phases.indexOf(phase) + fraction) / phases.length) * 100;
    input.progress(percent, `${phase} ${name}: ${megabytes(bytesDone)} of ${megabytes(size)}`);
  };

  if (!input.acceptProblems) {
    const errors: DatasetFinding[] = [];
    const checked = await checkDatasetStream(readLocal(file, signal), {
      signal,
      keptFindings: 0,
      onFinding: (finding) => void (finding.severity === 'error' && errors.length < PROBLEMS_NAMED && errors.push(finding)),
      onProgress: (bytes) => report('checking', bytes),
    });
    if (checked.summary.errors > 0) return { kind: 'problems', question: problemsQuestion(name, checked.summary.errors, errors) };
  }

  const result = await input.oci.uploadFile(input.connection, target, file, {
    overwrite: input.replaceEtag ? { etag: input.replaceEtag } : 'never',
    signal,
    resumeStore: new UploadRecords(input.moduleDir),
    onProgress: (progress: UploadProgress) => {
      if (progress.phase === 'hashing' || progress.phase === 'uploading') report(progress.phase, progress.bytesDone);
      else input.progress(percent, progress.phase === 'checking' ? `looking up ${url}` : `committing ${url}`);
    },
  });
  switch (result.outcome) {
    case 'refused': {
      const content = result.comparison === 'different' ? 'different content' : 'content that cannot be compared with the file (uploaded in parts of another size)';
      return { kind: 'replace', etag: result.existing.etag, question: `Replace ${url} (${bytes(result.existing.size)}, ${content}) with ${name} (${bytes(size)})?` };
    }
    case 'identical':
      return { kind: 'identical', message: `${url} already holds ${name}: the same content, so nothing was sent.` };
    case 'uploaded': {
      const parts = result.parts ? `, in ${result.parts} parts${result.partsResumed ? ` (${result.partsResumed} sent by an earlier, interrupted upload)` : ''}` : '';
      return { kind: 'uploaded', message: `Uploaded ${name} to ${url}: ${bytes(result.size)}${parts}${result.replaced ? ', replacing the object that was there' : ''}.` };
    }
  }
}

function problemsQuestion(name: string, count: number, named: readonly DatasetFinding[]): string {
  const listed = named.map((finding) => `line ${finding.line}: ${finding.message}`).join('; ');
  const more = count > named.length ? `; and ${count - named.length} more` : '';
  return `${name} has ${count} ${count === 1 ? 'error' : 'errors'} (${listed}${more}). A fine-tuning job would fail on it, or train on something else than you meant. Upload anyway?`;
}

function fileSize(file: string): number {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new LocalFileFailure(`${file} is a folder, not a dataset file.`);
    return stat.size;
  } catch (error) {
    if (error instanceof LocalFileFailure) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new LocalFileFailure(code === 'ENOENT' ? `${file} does not exist.` : `Could not read ${file} (${code ?? String(error)}).`);
  }
}

/** The file's bytes; a read that fails says which file, in one sentence. */
async function* readLocal(file: string, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  try {
    yield* fs.createReadStream(file, { signal }) as AsyncIterable<Buffer>;
  } catch (error) {
    if (signal.aborted) throw error;
    throw new LocalFileFailure(`Could not read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
}

function bytes(size: number): string {
  return size < 1024 * 1024 ? `${size.toLocaleString('en-US')} bytes` : megabytes(size);
}

function megabytes(size: number): string {
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
