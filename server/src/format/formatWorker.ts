import { parentPort, workerData } from 'node:worker_threads';
import { format } from '@cdktf/hcl-tools';

/** What the worker posts back: the formatted text, or why the formatter failed. */
export type FormatWorkerReply = { formatted: string } | { error: string };

/**
 * A worker thread that `formatHcl` starts for one text and terminates after the reply. HashiCorp's formatter is Go
 * compiled to WebAssembly: its runtime takes ~100 MB that it never gives back, and only ending the thread frees it.
 */
if (!parentPort) throw new Error('formatWorker runs as a worker thread that formatHcl starts, not on its own');
const replyTo = parentPort;
format(workerData as string).then(
  (formatted) => replyTo.postMessage({ formatted } satisfies FormatWorkerReply),
  (error: unknown) =>
    replyTo.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies FormatWorkerReply),
);
