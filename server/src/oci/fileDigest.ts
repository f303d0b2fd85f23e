import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';

/** A local file's MD5s as Object Storage states them: of the whole file, and of each part of a multipart upload. */
export interface FileDigest {
  size: number;
  /** Base64 MD5 of the whole file: what `content-md5` says of an object uploaded by one PutObject. */
  md5: string;
  partSize: number;
  /** Binary MD5 of each `partSize` bytes (the last part shorter), in order; one part for an empty file. */
  partMd5s: Buffer[];
}

const READ_SIZE = 1024 * 1024;

/** Reads the file once, streamed, for its whole MD5 and its parts' MD5s. */
export async function digestFile(
  file: string,
  partSize: number,
  options: { signal?: AbortSignal | undefined; onBytes?: ((bytes: number) => void) | undefined } = {},
): Promise<FileDigest> {
  const whole = createHash('md5');
  const partMd5s: Buffer[] = [];
  let part: Hash = createHash('md5');
  let inPart = 0;
  let size = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: READ_SIZE, signal: options.signal }) as AsyncIterable<Buffer>) {
    whole.update(chunk);
    for (let offset = 0; offset < chunk.length; ) {
      const piece = chunk.subarray(offset, offset + partSize - inPart);
      part.update(piece);
      inPart += piece.length;
      offset += piece.length;
      if (inPart === partSize) {
        partMd5s.push(part.digest());
        part = createHash('md5');
        inPart = 0;
      }
    }
    size += chunk.length;
    options.onBytes?.(size);
  }
  if (inPart > 0 || partMd5s.length === 0) partMd5s.push(part.digest());
  return { size, md5: whole.digest('base64'), partSize, partMd5s };
}

/** What `opc-multipart-md5` says of an object committed from these parts: the MD5 of their MD5s, and their count. */
export function multipartMd5(partMd5s: readonly Buffer[]): string {
  return `${createHash('md5').update(Buffer.concat(partMd5s)).digest('base64')}-${partMd5s.length}`;
}

/** The bytes of part `number` (from 1), as an inclusive range for a read stream. */
export function partRange(size: number, partSize: number, number: number): { start: number; end: number; length: number } {
  const start = (number - 1) * partSize;
  const end = Math.min(size, start + partSize) - 1;
  return { start, end, length: end - start + 1 };
}
