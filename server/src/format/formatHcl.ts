import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FormatWorkerReply } from './formatWorker';

/** Far above the ~200 ms a format takes, to end a formatter that hangs rather than one that is slow. */
const FORMAT_TIME_LIMIT_MS = 10_000;

/**
 * The worker script sits beside this module in both layouts: bundled, beside `dist/cli.js` (the build writes
 * `dist/formatWorker.js`); compiled for tests, as `out/server/src/format/formatWorker.js`.
 */
const WORKER_SCRIPT = path.join(__dirname, 'formatWorker.js');

/**
 * Settles when the thread of the last format asked for has ended. Formats run one after another, each once the
 * previous thread is gone, so that formatting many files on save holds one formatter runtime (~100 MB) at a time.
 */
let previousThreadEnded: Promise<void> = Promise.resolve();

/**
 * Formats HCL as `terraform fmt` does (HashiCorp's `hclwrite.Format`), in a worker thread started for this call and
 * ended after it, so that the formatter's memory, which it never gives back, does not stay in this process.
 *
 * `hclwrite.Format` works on tokens, not on a syntax tree: it formats text with syntax errors too, where
 * `terraform fmt` refuses the file. Callers that must leave a broken file alone check its syntax first.
 * Rejects, with the reason, when the worker fails or gives no answer within `timeLimitMs`.
 */
export function formatHcl(text: string, timeLimitMs = FORMAT_TIME_LIMIT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    previousThreadEnded = previousThreadEnded.then(() => formatInWorker(text, timeLimitMs, resolve, reject));
  });
}

/** Answers through `resolve` or `reject` as soon as it can; the promise settles when the thread has ended. */
function formatInWorker(
  text: string,
  timeLimitMs: number,
  resolve: (formatted: string) => void,
  reject: (error: Error) => void,
): Promise<void> {
  return new Promise((threadEnded) => {
    let worker: Worker;
    try {
      // `stdout: true` keeps whatever the worker prints off this process's stdout, which carries LSP messages.
      worker = new Worker(WORKER_SCRIPT, { workerData: text, stdout: true });
    } catch (error) {
      reject(new Error(`HCL formatter could not start: ${error instanceof Error ? error.message : String(error)}`));
      threadEnded();
      return;
    }
    let answered = false;
    const answer = (outcome: string | Error): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (typeof outcome === 'string') resolve(outcome);
      else reject(outcome);
      // Ending the thread waits for V8 to finish optimising the formatter's WebAssembly in the background (~200 ms
      // here): the caller has its answer already, and the next format waits.
      void worker.terminate().then(() => threadEnded(), () => threadEnded());
    };
    const timer = setTimeout(
      () => answer(new Error(`HCL formatter gave no answer within ${timeLimitMs} ms and was stopped`)),
      timeLimitMs,
    );
    worker.on('message', (reply: FormatWorkerReply) =>
      answer('formatted' in reply ? reply.formatted : new Error(`HCL formatter failed: ${reply.error}`)),
    );
    worker.on('error', (error) => answer(new Error(`HCL formatter failed: ${error.message}`)));
    worker.on('exit', (code) => answer(new Error(`HCL formatter stopped (exit code ${code}) before answering`)));
  });
}
