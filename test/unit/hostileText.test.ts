import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyStatements } from '../../server/src/hcl/bodyStatements';
import { scan, TOP_LEVEL } from '../../server/src/hcl/lexicalScan';
import { syntaxDiagnostics } from '../../server/src/hcl/syntaxDiagnostics';
import { openDocument, testParser } from '../support/parser';
import { testWorkspace } from '../support/workspace';

/**
 * Text pasted by accident that the LSP fuzz suite found hard. A line of many openers once took minutes, with the
 * server answering nothing meanwhile: the scan and the check were quadratic in the number of brackets. The bounds
 * are far above the linear cost and far below the quadratic one.
 */
describe('long pasted lines', () => {
  it('of unclosed brackets are scanned in linear time, and the scan still says what is open', () => {
    const text = '[('.repeat(100_000);
    const started = performance.now();
    const { state } = scan(text, 0, text.length, TOP_LEVEL);
    const elapsed = performance.now() - started;
    assert.equal(state.stack, text);
    assert.ok(elapsed < 2_000, `${Math.round(elapsed)} ms`);
    // Continuing from that state closes what the text opened.
    assert.equal(scan(')]'.repeat(100_000), 0, 200_000, state).state.stack, '');
  });

  it('of unclosed brackets get their one syntax error without walking the brackets pairwise', async () => {
    const text = `${'[('.repeat(30_000)}\nvariable "v" {}\n`;
    const parser = await testParser();
    const document = await openDocument(text);
    const started = performance.now();
    const found = document.chunks.flatMap((chunk) => syntaxDiagnostics(chunk.source, chunk.tree.rootNode, parser));
    const elapsed = performance.now() - started;
    assert.equal(found.length, 1);
    assert.equal(found[0]!.range.start.line, 0);
    assert.ok(elapsed < 8_000, `${Math.round(elapsed)} ms`);
  });

  it('with a `..` in a long traversal are described without the parent of a MISSING node, which broke the parser for good', async () => {
    // A `..` in a long traversal: tree-sitter's `parent` of the MISSING name between the dots read outside its
    // WebAssembly memory, and every parse after that failed.
    const text = `x = ${'a.'.repeat(10_000)}.${'a.'.repeat(1_000)}`;
    const parser = await testParser();
    const document = await openDocument(text);
    const found = document.chunks.flatMap((chunk) => syntaxDiagnostics(chunk.source, chunk.tree.rootNode, parser));
    assert.equal(found.length, 1);
    const after = parser.parse('x = 1\n');
    assert.equal(after?.rootNode.hasError, false);
    after?.delete();
  });

  it('ending in `\r\n` or holding U+2028 are read as statements in linear time', () => {
    for (const end of ['\r\n', '\u2028\n']) {
      const text = `${'x'.repeat(100_000)}${end}  y = 1${end}`;
      const started = performance.now();
      const statements = bodyStatements(text, 0, text.length);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 1_000, `${JSON.stringify(end)}: ${Math.round(elapsed)} ms`);
      assert.deepEqual(
        statements.map((s) => [s.name.length, s.kind]),
        [[100_000, 'block'], [1, 'attribute']],
      );
    }
  });

  it('in a block are parsed again for their statement only, not for the whole block, whose tree is there', async () => {
    const text = `resource "a" "b" {\n  x = "${'${'.repeat(20_000)}\n  y = 1\n}\n`;
    const parser = await testParser();
    const document = await openDocument(text);
    const [chunk] = document.chunks;
    let parses = 0;
    const counting = new Proxy(parser, {
      get: (target, key) => (key === 'parse' ? (...args: Parameters<typeof parser.parse>) => (parses++, target.parse(...args)) : Reflect.get(target, key)),
    });
    const found = syntaxDiagnostics(chunk!.source, chunk!.tree.rootNode, counting);
    assert.equal(found.length, 1);
    // The block's two statements, each alone; the block itself has the chunk's tree.
    assert.equal(parses, 2);
  });

  it('after a `{` are checked for object separators in linear time', async () => {
    // A pattern that picks the lines worth the check backtracked through such a line at each step.
    const text = `locals {  b64 = "${'QUJD'.repeat(50_000)}"\n}\ny = { a = 1 b = 2 }\n`;
    const parser = await testParser();
    const document = await openDocument(text);
    const started = performance.now();
    const found = document.chunks.flatMap((chunk) => syntaxDiagnostics(chunk.source, chunk.tree.rootNode, parser).map((d) => String(d.message)));
    const elapsed = performance.now() - started;
    assert.equal(found.length, 2);
    assert.match(found[1]!, /Missing `,` or line break between object attributes/);
    assert.ok(elapsed < 2_000, `${Math.round(elapsed)} ms`);
  });
});

describe('deeply nested pasted text', () => {
  const diagnosticsOf = async (text: string) => {
    const workspace = await testWorkspace();
    try {
      workspace.open('file:///work/main.tf', 'terraform', 1, text);
      return workspace.diagnostics('file:///work/main.tf');
    } finally {
      workspace.dispose();
    }
  };

  it('of operations is read without exhausting the call stack', async () => {
    // `x = 1<<EOT` a thousand times: operations nested in operations, without an `expression` between to count.
    const found = await diagnosticsOf(`x = 1${'<<EOT\n'.repeat(1_000)}`);
    assert.ok(found.some((d) => d.code === 'syntax'), JSON.stringify(found.slice(0, 3)));
  });

  it('gets its syntax error without exhausting the call stack', async () => {
    // The first error lies four thousand nodes deep.
    const found = await diagnosticsOf(`locals {\n  x = 1${'<<EOT\n'.repeat(4_000)}}\n`);
    assert.ok(found.some((d) => d.code === 'syntax'), JSON.stringify(found.slice(0, 3)));
  });
});
