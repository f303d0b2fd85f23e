import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockInsertion } from '../../client/src/blockInsertion';

const BLOCK = 'resource "x" "y" {\n}\n';

/** The text after inserting at `|`, and the line of the block's first line. */
function insert(text: string): { result: string; firstLine: number } {
  const at = text.indexOf('|');
  const before = text.slice(0, at);
  const after = text.slice(at + 1);
  const { text: inserted, firstLine } = blockInsertion(before, after, BLOCK);
  return { result: before + inserted + after, firstLine: before.split('\n').length - 1 + firstLine };
}

describe('blockInsertion (imported HCL at the cursor)', () => {
  it('fills an empty file with the block alone', () => {
    assert.deepEqual(insert('|'), { result: BLOCK, firstLine: 0 });
  });
  it('puts one blank line between the text before and the block, whatever line breaks are there', () => {
    assert.deepEqual(insert('a = 1|'), { result: `a = 1\n\n${BLOCK}`, firstLine: 2 });
    assert.deepEqual(insert('a = 1\n|'), { result: `a = 1\n\n${BLOCK}`, firstLine: 2 });
    assert.deepEqual(insert('a = 1\n\n|'), { result: `a = 1\n\n${BLOCK}`, firstLine: 2 });
    assert.deepEqual(insert('a = 1|\n'), { result: `a = 1\n\n${BLOCK}`, firstLine: 2 });
  });
  it('puts one blank line between the block and the text after it', () => {
    assert.deepEqual(insert('|b = 2\n'), { result: `${BLOCK}\nb = 2\n`, firstLine: 0 });
    assert.deepEqual(insert('a = 1\n|\nb = 2\n'), { result: `a = 1\n\n${BLOCK}\nb = 2\n`, firstLine: 2 });
    assert.deepEqual(insert('a = 1\n\n|\n\nb = 2\n'), { result: `a = 1\n\n${BLOCK}\nb = 2\n`, firstLine: 2 });
  });
  it('counts lines of spaces and CRLF line breaks as line breaks', () => {
    assert.deepEqual(insert('a = 1\r\n  \r\n|'), { result: `a = 1\r\n  \r\n${BLOCK}`, firstLine: 2 });
    assert.deepEqual(insert('|  \r\nb = 2'), { result: `${BLOCK}  \r\nb = 2`, firstLine: 0 });
  });
});
