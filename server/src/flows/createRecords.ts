import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What is known of one create: enough to retry it safely, or to resume following it, after a crash. */
export interface CreateRecord {
  address: string;
  /** Sent as `opc-retry-token` on every attempt of this create: OCI answers a repeat with the first model. */
  retryToken: string;
  /** Of the request body: a different body is a different create, with a new token. */
  detailsHash: string;
  modelId?: string;
  workRequestId?: string;
  status: 'sending' | 'creating' | 'succeeded' | 'failed';
  errors?: string[];
  updatedAt: string;
}

const FOLDER = '.oci-genai-tf';
const FILE = 'creates.json';

export function detailsHash(details: unknown): string {
  return createHash('sha256').update(JSON.stringify(details)).digest('hex');
}

/**
 * The module's record of creates started from the editor or the CLI, in `.oci-genai-tf/creates.json` (a folder
 * that ignores itself in git). Written whole to a temporary file and renamed, so a crash never leaves half a file.
 */
export class CreateRecords {
  private readonly file: string;

  constructor(moduleDir: string) {
    this.file = path.join(moduleDir, FOLDER, FILE);
  }

  get(address: string): CreateRecord | undefined {
    return this.readAll()[address];
  }

  put(record: Omit<CreateRecord, 'updatedAt'>): CreateRecord {
    const all = this.readAll();
    const stored = { ...record, updatedAt: new Date().toISOString() };
    all[record.address] = stored;
    const folder = path.dirname(this.file);
    fs.mkdirSync(folder, { recursive: true });
    const ignore = path.join(folder, '.gitignore');
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Written by oci-genai-tf: retry tokens of creates in progress.\n*\n');
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`);
    fs.renameSync(temporary, this.file);
    return stored;
  }

  private readAll(): Record<string, CreateRecord> {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, CreateRecord>) : {};
    } catch {
      return {};
    }
  }
}
