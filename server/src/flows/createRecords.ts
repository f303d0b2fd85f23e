import { createHash } from 'node:crypto';
import { readStateFile, writeStateFile } from './moduleState';

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

const FILE = 'creates.json';

export function detailsHash(details: unknown): string {
  return createHash('sha256').update(JSON.stringify(details)).digest('hex');
}

/** The module's record of creates started from the editor or the CLI, in `.oci-genai-tf/creates.json`. */
export class CreateRecords {
  constructor(private readonly moduleDir: string) {}

  get(address: string): CreateRecord | undefined {
    return readStateFile<CreateRecord>(this.moduleDir, FILE)[address];
  }

  put(record: Omit<CreateRecord, 'updatedAt'>): CreateRecord {
    const all = readStateFile<CreateRecord>(this.moduleDir, FILE);
    const stored = { ...record, updatedAt: new Date().toISOString() };
    all[record.address] = stored;
    writeStateFile(this.moduleDir, FILE, all);
    return stored;
  }

  /**
   * A create left running (`--no-wait`, or nobody followed it to the end) that the live model shows has ended:
   * its record says so, unless it is about another model or already says how it ended.
   */
  settle(address: string, modelId: string, status: 'succeeded' | 'failed', errors?: string[]): void {
    const record = this.get(address);
    if (record?.status !== 'creating' || record.modelId !== modelId) return;
    const { updatedAt: _updatedAt, ...kept } = record;
    this.put({ ...kept, status, ...(errors && { errors }) });
  }
}
