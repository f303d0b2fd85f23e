import { setImmediate } from 'node:timers/promises';
import { DatasetChecker, type DatasetCheckerOptions, type DatasetReport } from './datasetChecker';

export interface StreamCheckOptions extends DatasetCheckerOptions {
  /** After each chunk: the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /**
   * Stops the check between chunks, rejecting with the signal's reason. Give the same signal to whatever produces
   * the stream (a request, a file read), so that a read that hangs ends too.
   */
  signal?: AbortSignal;
}

/**
 * Checks a dataset read from a stream of bytes (a Node readable without an encoding, a fetch body, an Object
 * Storage GET): one chunk in memory at a time.
 */
export async function checkDatasetStream(source: AsyncIterable<Uint8Array>, options: StreamCheckOptions = {}): Promise<DatasetReport> {
  const { onProgress, signal, ...checkerOptions } = options;
  signal?.throwIfAborted();
  const checker = new DatasetChecker(checkerOptions);
  let bytesRead = 0;
  for await (const chunk of source) {
    signal?.throwIfAborted();
    if (typeof chunk === 'string') throw new TypeError('the dataset stream yields text: read it without an encoding, as bytes');
    checker.push(chunk);
    bytesRead += chunk.length;
    onProgress?.(bytesRead);
  }
  return checker.finish();
}

/** Characters encoded at a time: about 15 ms of checking, and no second copy of a large text as bytes. */
const SLICE_CHARACTERS = 1 << 20;

/**
 * Checks a dataset already in memory, as an editor holds it, with the findings its bytes in UTF-8 would give. It
 * yields to other work between slices of a megabyte, so a large document does not hold up a server, and the
 * signal ends a check that a newer version of the text has made useless. An editor has decoded the file already,
 * so this never reports `invalid-utf8`, and rarely the byte-order mark (editors usually hide it).
 */
export function checkDatasetText(text: string, options: StreamCheckOptions = {}): Promise<DatasetReport> {
  return checkDatasetStream(utf8Slices(text), options);
}

async function* utf8Slices(text: string): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + SLICE_CHARACTERS, text.length);
    // A surrogate pair split between slices would become two replacement characters.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield encoder.encode(text.slice(start, end));
    start = end;
    if (start < text.length) await setImmediate();
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
