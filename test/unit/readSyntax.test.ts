import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SyntaxReader } from '../../server/src/hcl/readSyntax';
import type { HclDocument } from '../../server/src/hcl/chunkedDocument';
import { openDocument } from '../support/parser';
import { generateTerraform } from '../support/terraformGenerator';
import { FIXTURES } from '../support/workspace';

/** Everything the reader makes of a document, without tree-sitter node handles. */
function readAll(document: HclDocument, fromTreeOnly: boolean): string {
  const out: unknown[] = [];
  for (const chunk of document.chunks) {
    const reader = new SyntaxReader(chunk.source, fromTreeOnly);
    for (const item of reader.topLevel(chunk.tree.rootNode)) {
      out.push(item.kind === 'block' ? reader.block(item) : item);
    }
  }
  return JSON.stringify(out, (key, value: unknown) => (key === 'node' ? undefined : value), 1);
}

const sources = [
  generateTerraform(400),
  fs.readFileSync(path.join(FIXTURES, 'valid/complete-model/main.tf'), 'utf8'),
  fs.readFileSync(path.join(FIXTURES, 'valid/tricky-syntax/main.tf'), 'utf8'),
];

describe('SyntaxReader', () => {
  it('reads the same from the text as from the tree', async () => {
    for (const source of sources) {
      const document = await openDocument(source);
      assert.equal(readAll(document, false), readAll(document, true));
      document.dispose();
    }
  });

  it('reads the same both ways after random edits, broken files included', async () => {
    const base = sources[1]!;
    const fragments = ['{', '}', '"', '=', '\n', ' ', 'x', '.y', '[0]', '[*]', '${a}', '#', '2e-4', '-1', 'null', 'true', ',', '\\', '<<EOT\n', '\nEOT\n', '(', ')', '?', ':', '%{', '/*', '*/'];
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 10 }), insert: fc.constantFrom(...fragments) });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        let text = base;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
        }
        // Known grammar deviation: tree-sitter reads `$$${a}` as an interpolation, HCL (and the text path) as the
        // literal `$${a}`; the text path is right there.
        fc.pre(!/\$\$\$\{|%%%\{/.test(text));
        const document = await openDocument(text);
        assert.equal(readAll(document, false), readAll(document, true));
        document.dispose();
      }),
      { numRuns: 150 },
    );
  });

  it('decodes escapes and literal template markers', async () => {
    const document = await openDocument('x = "a\\"b\\\\c\\n\\u00e9 $${x} %%{y}"\n');
    const reader = new SyntaxReader(document.chunks[0]!.source);
    const [item] = reader.topLevel(document.chunks[0]!.tree.rootNode);
    assert.ok(item?.kind === 'attribute' && item.value.kind === 'string');
    assert.equal(item.value.value, 'a"b\\c\né ${x} %{y}');
  });
});
