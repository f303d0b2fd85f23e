import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/hcl/lineIndex';

/** Positions LSP can name: a line's characters and its end, never inside its line break (found by the LSP fuzz suite). */
describe('LineIndex', () => {
  const crlf = new LineIndex('ab\r\ncd\r\n');
  const lf = new LineIndex('ab\ncd\n');

  it('gives the end of the line for an offset between `\\r` and `\\n`', () => {
    assert.deepEqual(crlf.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(crlf.positionAt(4), { line: 1, character: 0 });
  });

  it('reads a character past the end of its line as the line end, not the line break or the next line', () => {
    assert.equal(crlf.offsetAt({ line: 0, character: 3 }), 2);
    assert.equal(lf.offsetAt({ line: 0, character: 3 }), 2);
    assert.equal(lf.offsetAt({ line: 0, character: 2 }), 2);
    assert.equal(lf.offsetAt({ line: 9, character: 0 }), 6);
  });

  it('ends a line before its `\\r\\n`', () => {
    assert.equal(crlf.lineEnd(0), 2);
    assert.equal(crlf.lineEnd(2), 2);
    assert.equal(lf.lineEnd(0), 2);
  });
});
