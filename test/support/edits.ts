import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HclDocument } from '../../server/src/hcl/chunkedDocument';
import { openDocument } from './parser';

/**
 * Text that opens or closes brackets, strings, comments and heredocs, adds or joins lines (a lone `\r` too), breaks
 * a block, or makes a number with an exponent (which tree-sitter reads rewritten).
 */
const FRAGMENTS = ['{', '}', '"', '[', ']', '(', ')', '/*', '*/', '#', '<<EOT\n', '\nEOT\n', '\n', '\r\n', '\r', '${', '😀', 'é', 'resource "b" "c" {\n', '\n}\n', ' = ', 'x', '.y', ' 2e-4', 'e', '-', '1'];

export interface Edit {
  at: number;
  remove: number;
  insert: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 40 }),
  insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })),
});

export const editSequences: fc.Arbitrary<Edit[]> = editSequencesUpTo(8);

export function editSequencesUpTo(maxLength: number): fc.Arbitrary<Edit[]> {
  return fc.array(edit, { minLength: 1, maxLength });
}

/** Applies an edit as an editor sends it; `at` wraps around the text's length. */
export function applyEdit(document: HclDocument, { at, remove, insert }: Edit, version: number): void {
  const start = at % (document.text.length + 1);
  const end = Math.min(document.text.length, start + remove);
  document.update([{ range: { start: document.positionAt(start), end: document.positionAt(end) }, text: insert }], version);
}

/** Opens `base` and applies the edits to it. */
export async function openEdited(base: string, edits: Edit[]): Promise<HclDocument> {
  const document = await openDocument(base);
  edits.forEach((e, index) => applyEdit(document, e, index + 2));
  return document;
}

/**
 * Checks that what a feature answers from its per-chunk cache, asked after every edit of a sequence, is what it
 * answers for a freshly opened document of the same text.
 */
export async function assertCachedAnswersMatchFresh<T>(
  base: string,
  answer: (document: HclDocument) => T,
  { numRuns = 60, maxEdits = 8 }: { numRuns?: number; maxEdits?: number } = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(editSequencesUpTo(maxEdits), async (edits) => {
      const document = await openDocument(base);
      answer(document);
      let version = 1;
      for (const e of edits) {
        applyEdit(document, e, ++version);
        answer(document);
      }
      const fresh = await openDocument(document.text);
      assert.deepEqual(answer(document), answer(fresh));
      document.dispose();
      fresh.dispose();
    }),
    { numRuns },
  );
}
