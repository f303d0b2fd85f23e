import { objectUrl, type ObjectTarget } from '../cloud/objectTarget';
import type { UploadRecord, UploadResumeStore } from '../oci/objectUpload';
import { readStateFile, writeStateFile } from './moduleState';

const FILE = 'uploads.json';

/**
 * The module's unfinished multipart uploads, in `.oci-genai-tf/uploads.json`, one per object (by its URL): the
 * upload id, the local file it was begun for and its part size. The next upload of the same file to the same object
 * resumes it.
 */
export class UploadRecords implements UploadResumeStore {
  constructor(private readonly moduleDir: string) {}

  get(target: ObjectTarget): UploadRecord | undefined {
    return readStateFile<UploadRecord>(this.moduleDir, FILE)[objectUrl(target)];
  }

  put(record: UploadRecord): void {
    const all = readStateFile<UploadRecord>(this.moduleDir, FILE);
    all[objectUrl(record.target)] = record;
    writeStateFile(this.moduleDir, FILE, all);
  }

  delete(target: ObjectTarget): void {
    const all = readStateFile<UploadRecord>(this.moduleDir, FILE);
    if (!(objectUrl(target) in all)) return;
    delete all[objectUrl(target)];
    writeStateFile(this.moduleDir, FILE, all);
  }
}
