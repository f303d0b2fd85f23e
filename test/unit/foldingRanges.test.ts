import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import { foldingRanges } from '../../server/src/features/foldingRanges';
import type { HclDocument } from '../../server/src/hcl/chunkedDocument';
import { assertCachedAnswersMatchFresh, editSequences, openEdited } from '../support/edits';
import { openDocument } from '../support/parser';
import { generateTerraform } from '../support/terraformGenerator';
import { FIXTURES } from '../support/workspace';
import { COMPLETE_MODEL, FINE_TUNING_EXAMPLE } from '../support/samples';

/** `start-end kind` per range, in order. */
function summary(ranges: FoldingRange[]): string[] {
  return ranges.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);
}

async function foldsOf(text: string): Promise<string[]> {
  return summary(foldingRanges(await openDocument(text)));
}

/** What LSP and VS Code expect: lines inside the document, at least one line folded, one range per start line. */
function assertWellFormed(document: HclDocument, ranges: FoldingRange[]): void {
  const starts = new Set<number>();
  for (const range of ranges) {
    assert.ok(range.startLine < range.endLine, `empty fold ${range.startLine}-${range.endLine}`);
    assert.ok(range.endLine < document.lineCount, `fold past the end ${range.startLine}-${range.endLine}`);
    assert.ok(!starts.has(range.startLine), `two folds start on line ${range.startLine}`);
    starts.add(range.startLine);
  }
}


describe('folding ranges', () => {
  it('folds blocks up to the line of their closing brace, which stays visible', async () => {
    const document = await openDocument(COMPLETE_MODEL);
    const ranges = foldingRanges(document);
    assertWellFormed(document, ranges);
    const lines = COMPLETE_MODEL.split('\n');
    const foldAt = (start: string): string => {
      const line = lines.findIndex((l) => l.startsWith(start));
      const range = ranges.find((r) => r.startLine === line);
      assert.ok(range, `no fold at ${start}`);
      return `${lines[range.startLine]!.trim()} ... ${lines[range.endLine]!.trim()} | ${lines[range.endLine + 1]!.trim()}`;
    };
    assert.equal(foldAt('# Every argument'), "# Every argument and block of oci_generative_ai_model, Terraform's meta-arguments, and value forms that ... # Terraform accepts: nothing here may be reported. | terraform {");
    assert.equal(foldAt('terraform {'), 'terraform { ... } | }');
    assert.equal(foldAt('    oci = {'), 'oci = { ... version = "~> 8.0" | }');
    assert.equal(foldAt('resource "oci_generative_ai_model" "everything"'), 'resource "oci_generative_ai_model" "everything" { ... } | }');
    assert.equal(foldAt('  description    = <<-EOT'), 'description    = <<-EOT ... Heredocs, interpolation ${local.epochs} and directives %{if var.enabled}on%{endif}. | EOT');
    assert.equal(foldAt('    training_dataset {'), 'training_dataset { ... object       = "train/${var.compartment_id}.jsonl" | }');
    assert.equal(foldAt('  dynamic "fine_tune_details" {'), 'dynamic "fine_tune_details" { ... } | }');
    assert.equal(ranges[0]!.kind, FoldingRangeKind.Comment);
    assert.ok(ranges.slice(1).every((r) => r.kind === undefined));
  });

  it('folds objects, tuples, calls, for-expressions and comments over several lines, and nothing on one line', async () => {
    const text = `locals {
  one_line = { a = 1 }
  tags = merge(local.base, {
    team = "ml"
  })
  list = [
    1,
  ]
  upper = [for s in var.names :
    upper(s)
  ]
  # Two comment lines
  # fold together.
  x = 1 # A trailing comment
  # does not join them.
  /* A block comment
     folds to its last line. */
}
`;
    const document = await openDocument(text);
    assertWellFormed(document, foldingRanges(document));
    assert.deepEqual(await foldsOf(text), ['0-16', '2-3', '5-6', '8-9', '11-12 comment', '15-16 comment']);
  });

  it('folds # region markers across blocks and ignores a stray endregion', async () => {
    const text = `# region Models
resource "a" "one" {
  # region inner
  x = 1
  # endregion
}

resource "a" "two" {
  y = 2
}
# endregion
# endregion
`;
    assert.deepEqual(await foldsOf(text), ['0-10 region', '1-4', '2-4 region', '7-8']);
  });

  it('folds a block still being typed up to its last line', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'half-typed/unclosed-middle.tf'), 'utf8');
    // The unclosed `fine_tune_details` and its resource end on the last line typed in them.
    assert.deepEqual(await foldsOf(text), ['3-6', '5-6', '8-12']);
    for (const file of fs.readdirSync(path.join(FIXTURES, 'half-typed'))) {
      const document = await openDocument(fs.readFileSync(path.join(FIXTURES, 'half-typed', file), 'utf8'));
      assertWellFormed(document, foldingRanges(document));
    }
    for (const broken of ['', '"', '${', '/* never closed\n\n', 'x = <<EOT\nno end\n', 'a = [\n', '}\n}\n']) {
      const document = await openDocument(broken);
      assertWellFormed(document, foldingRanges(document));
    }
  });

  it('stays well-formed on randomly edited, mostly broken text', async () => {
    await fc.assert(
      fc.asyncProperty(editSequences, async (edits) => {
        const document = await openEdited(COMPLETE_MODEL, edits);
        assertWellFormed(document, foldingRanges(document));
        document.dispose();
      }),
      { numRuns: 100 },
    );
  });

  it('gives lines, not characters: emoji and accents change nothing', async () => {
    assert.deepEqual(await foldsOf('locals {\n  a = "é😀" # ü😀\n  b = [\n    "😀",\n  ]\n}\n'), ['0-4', '2-3']);
  });

  it('moves the folds of the chunks below an edit that adds lines', async () => {
    const document = await openDocument(FINE_TUNING_EXAMPLE);
    const before = foldingRanges(document);
    document.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n\n\n' }], 2);
    const after = foldingRanges(document);
    assert.deepEqual(
      after,
      before.map((r) => (r.startLine === 0 ? r : { ...r, startLine: r.startLine + 3, endLine: r.endLine + 3 })),
    );
    assert.deepEqual(after, foldingRanges(await openDocument(document.text)));
  });

  it('answers from its cache what it answers for a freshly opened document, after any edits', async () => {
    await assertCachedAnswersMatchFresh(generateTerraform(120), foldingRanges);
  });

  it('gives well-formed ranges for generated files', async () => {
    const document = await openDocument(generateTerraform(600));
    assertWellFormed(document, foldingRanges(document));
  });
});
