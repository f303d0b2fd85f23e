import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertCachedAnswersMatchFresh } from '../support/edits';
import { describeChunks, openDocument } from '../support/parser';
import { generateTerraform } from '../support/terraformGenerator';

const THREE_BLOCKS = `resource "a" "one" {
  x = 1
}

resource "a" "two" {
  y = 2
}
variable "v" {}
`;

describe('HclDocument chunks', () => {
  it('gives each top-level block its own chunk', async () => {
    const document = await openDocument(THREE_BLOCKS);
    assert.deepEqual(
      document.chunks.map((c) => c.startLine),
      [0, 4, 7],
    );
    assert.ok(document.chunks.every((c) => !c.tree.rootNode.hasError));
  });

  it('keeps a heredoc whose lines start at column 0 in one chunk', async () => {
    const text = `locals {
  script = <<EOT
echo start
resource "not" "a_block" {
EOT
}
output "o" { value = 1 }
`;
    const document = await openDocument(text);
    assert.deepEqual(document.chunks.map((c) => c.startLine), [0, 6]);
    assert.ok(document.chunks.every((c) => !c.tree.rootNode.hasError));
  });

  it('keeps commented-out blocks inside their comment', async () => {
    const text = `/*
resource "a" "old" {
  x = 1
}
resource "a" "older" {}
*/
resource "a" "live" {}
`;
    const document = await openDocument(text);
    assert.deepEqual(document.chunks.map((c) => c.startLine), [0, 6]);
    assert.ok(document.chunks.every((c) => !c.tree.rootNode.hasError));
  });

  it('joins unindented lines of a block that a later line closes', async () => {
    const text = `locals {
a = 1
b = {
c = 2
}
}
`;
    const document = await openDocument(text);
    assert.equal(document.chunks.length, 1);
    assert.equal(document.chunks[0]!.tree.rootNode.hasError, false);
  });

  it('keeps a block that nothing closes apart from the blocks after it', async () => {
    const text = `resource "a" "typing" {
  x = 1

resource "a" "fine" {
  y = 2
}
`;
    const document = await openDocument(text);
    assert.deepEqual(document.chunks.map((c) => c.startLine), [0, 3]);
    assert.equal(document.chunks[0]!.unclosed, true);
    assert.equal(document.chunks[1]!.tree.rootNode.hasError, false);
  });

  it('joins an unclosed block with the block whose extra brace closes it', async () => {
    const text = `resource "a" "outer" {
  x = 1
resource "a" "inner" {
  y = 2
}
}
`;
    const document = await openDocument(text);
    assert.equal(document.chunks.length, 1);
    assert.equal(document.chunks[0]!.tree.rootNode.hasError, false);
  });

  it('reports positions in UTF-16 code units on lines with accents and emoji', async () => {
    // b=0 ' '=1 '='=2 ' '=3 '['=4 '"'=5 'ü'=6 '😀'=7,8 '"'=9 ','=10 ' '=11 '7'=12
    const document = await openDocument('a = "é😀"\nb = ["ü😀", 7]\n');
    assert.equal(document.nodeAt({ line: 1, character: 12 }).node.text, '7');
    document.update([{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 7 } }, text: '😀' }], 2);
    assert.equal(document.nodeAt({ line: 1, character: 14 }).node.text, '7');
    assert.equal(document.nodeAt({ line: 1, character: 14 }).node.startPosition.column, 14);
  });

  it('treats a lone carriage return as a line break, as LSP does', async () => {
    const document = await openDocument('a = 1\rb = 2\n');
    assert.equal(document.lineCount, 3);
    assert.equal(document.nodeAt({ line: 1, character: 4 }).node.text, '2');
  });

  it('merges chunks when an edit joins them and splits them again when it is undone', async () => {
    const document = await openDocument(THREE_BLOCKS);
    // Delete the closing brace of the first block: it stays open and alone.
    document.update([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, text: '' }], 2);
    assert.deepEqual(describeChunks(document), describeChunks(await openDocument(document.text)));
    document.update([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '}' }], 3);
    assert.deepEqual(describeChunks(document), describeChunks(await openDocument(THREE_BLOCKS)));
  });

  it('has the tree of a fresh parse after an edit that breaks a block, where tree-sitter\'s reparse recovers otherwise', async () => {
    const document = await openDocument('terraform {\n  required_version = ">= 1.5.0"\n  required_providers {\n    oci = {\n      source = "oracle/oci"\n    }\n  }\n}\n');
    assert.ok(document.chunks[0]!.tree);
    // `required_v\nn = ...`: reparsing the edited tree recovered a nested block `required_v "n"`, a fresh parse an
    // argument `required_v` with an error (found by the outline's property test).
    document.update([{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 17 } }, text: '\n' }], 2);
    const fresh = await openDocument(document.text);
    assert.equal(document.chunks[0]!.tree.rootNode.toString(), fresh.chunks[0]!.tree.rootNode.toString());
  });

  it('after any sequence of edits, has the chunks and trees of a freshly opened document', async () => {
    const base = generateTerraform(120);
    await assertCachedAnswersMatchFresh(base, describeChunks, { numRuns: 150, maxEdits: 12 });
  });
});
