/**
 * What the server will not analyse: a file too large to parse within the latency budgets, or binary data (a NUL
 * character never appears in Terraform). Such a file gets one informational diagnostic instead of a stall.
 */
export const MAX_ANALYSED_CHARACTERS = 5 * 1024 * 1024;

/** Why `text` is not analysed, in a sentence; undefined when it is. */
export function whyNotAnalysed(text: string): string | undefined {
  if (text.length > MAX_ANALYSED_CHARACTERS) {
    const megabytes = (text.length / (1024 * 1024)).toFixed(1);
    return `This file is not analysed: it has ${megabytes} million characters, over the limit of 5 million that keeps the editor responsive.`;
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = countLines(text, nul);
    return `This file is not analysed: it holds binary data (a NUL character on line ${line}), which Terraform cannot read either.`;
  }
  return undefined;
}

/**
 * Why a file of `bytes` bytes is not even read: UTF-8 spends at most three bytes on a UTF-16 character, so a file
 * this large has more characters than the limit.
 */
export function whyNotRead(bytes: number): string | undefined {
  if (bytes <= 3 * MAX_ANALYSED_CHARACTERS) return undefined;
  return `This file is not analysed: it is ${(bytes / (1024 * 1024)).toFixed(1)} MB, far over the limit of 5 million characters that keeps the editor responsive.`;
}

/** Whether an edit inserting `inserted` into an analysed text of (now) `length` characters may end its analysis. */
export function mayEndAnalysis(inserted: string, length: number): boolean {
  return length > MAX_ANALYSED_CHARACTERS || inserted.includes('\0');
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
