import { randomUUID } from 'node:crypto';
import type { OciConnection } from '../oci/connection';
import type { OciModule } from '../oci/load';
import { detailsHash, type CreateRecords } from './createRecords';
import { sleep } from '../sleep';

/** What a create reports as it goes; the callers write files, show progress, print lines. */
export interface CreateEvents {
  /** The model exists (CREATING): record it in the file before anything else can go wrong. */
  modelKnown(modelId: string, workRequestId: string): Promise<void>;
  progress(percentComplete: number | undefined, status: string): void;
}

export type CreateOutcome =
  | { status: 'succeeded'; modelId: string; workRequestId: string }
  | { status: 'failed'; modelId: string; workRequestId: string; errors: string[] }
  /** The caller stopped waiting: the model goes on being created in OCI. */
  | { status: 'detached'; modelId: string; workRequestId: string };

export interface CreateOptions {
  oci: OciModule;
  connection: OciConnection;
  records: CreateRecords;
  address: string;
  /** The CreateModelDetails to send, as JSON. */
  details: object;
  events: CreateEvents;
  /** Aborting stops waiting; it never cancels the create. */
  signal?: AbortSignal;
  /** How often the work request is read. */
  pollMs?: number;
  /** Return as soon as the model's id is known, without following the work request. */
  noWait?: boolean;
}

const CREATE_BOUND_MS = 60_000;
const POLL_BOUND_MS = 15_000;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELED']);

/**
 * Creates the model once, whatever happens: the retry token is kept in the module's records before the request, so
 * a retry (ours, or a later run after a crash or a lost answer) gets the same model back; a create already under
 * way for the same body is followed, not sent again. Then follows the work request to its end.
 */
export async function runCreate(options: CreateOptions): Promise<CreateOutcome> {
  const { oci, connection, records, address, details, events, signal } = options;
  const hash = detailsHash(details);
  const previous = records.get(address);
  const same = previous?.detailsHash === hash;
  let modelId: string;
  let workRequestId: string;
  if (same && previous.status === 'creating' && previous.modelId && previous.workRequestId) {
    ({ modelId, workRequestId } = previous);
    await events.modelKnown(modelId, workRequestId);
  } else {
    const retryToken = same && previous.status === 'sending' ? previous.retryToken : randomUUID();
    records.put({ address, retryToken, detailsHash: hash, status: 'sending' });
    const created = await oci.createModel(connection, details as Parameters<OciModule['createModel']>[1], retryToken, oci.within(CREATE_BOUND_MS));
    modelId = created.model.id;
    workRequestId = created.workRequestId;
    records.put({ address, retryToken, detailsHash: hash, modelId, workRequestId, status: 'creating' });
    await events.modelKnown(modelId, workRequestId);
  }
  if (options.noWait) return { status: 'detached', modelId, workRequestId };

  const record = records.get(address)!;
  for (;;) {
    if (signal?.aborted) return { status: 'detached', modelId, workRequestId };
    const workRequest = await oci.getWorkRequest(connection, workRequestId, oci.within(POLL_BOUND_MS, signal)).catch((error: unknown) => {
      if (signal?.aborted) return undefined;
      throw error;
    });
    if (!workRequest) return { status: 'detached', modelId, workRequestId };
    events.progress(workRequest.percentComplete, workRequest.status);
    if (TERMINAL.has(workRequest.status)) {
      if (workRequest.status === 'SUCCEEDED') {
        records.put({ ...record, status: 'succeeded' });
        return { status: 'succeeded', modelId, workRequestId };
      }
      const errors = (await oci.listWorkRequestErrors(connection, workRequestId, oci.within(POLL_BOUND_MS))).map((error) => error.message);
      const reported = errors.length ? errors : [`the work request ended ${workRequest.status}`];
      records.put({ ...record, status: 'failed', errors: reported });
      return { status: 'failed', modelId, workRequestId, errors: reported };
    }
    await sleep(options.pollMs ?? 2000, signal);
  }
}
