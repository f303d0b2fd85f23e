import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import { syntaxDiagnostics } from '../../server/src/hcl/syntaxDiagnostics';
import { openDocument, testParser } from '../support/parser';
import { FIXTURES } from '../support/workspace';

const R = 'resource "a" "b" {\n';

/** [snippet, 1-based line of our first error, words our message must hold] */
const BROKEN: [string, number, string][] = [
  [`${R}  x = [\n}\n`, 2, 'Missing `]`'],
  [`${R}  comp\n}\n`, 2, '`comp` is incomplete'],
  [`${R}  x = 1\n  comp\n  y = 2\n}\n`, 3, '`comp` is incomplete'],
  [`${R}  x = \n}\n`, 2, 'needs a value after `=`'],
  [`${R}  x = \n  y = 2\n}\n`, 2, 'needs a value after `=`'],
  [`${R}  x = 1\n}\n}\n`, 4, 'Unexpected `}`'],
  [`${R}  x = (1 + \n}\n`, 2, 'Missing `)`'],
  [`${R}  x = "abc\n}\n`, 2, 'not closed on its line'],
  ['resource "a" "b"\n{\n}\n', 1, 'must be on one line'],
  [`${R}  x = 1,\n}\n`, 2, 'not commas'],
  [`${R}  x == 1\n}\n`, 2, 'single `=`'],
  [`${R}  "x" = 1\n}\n`, 2, 'not quoted'],
  [`${R}  x = 1 2\n}\n`, 2, 'Unexpected `2` after the value'],
  [`${R}  x: 1\n}\n`, 2, 'Use `=`'],
  [`${R}  x = {a = 1 b = 2}\n}\n`, 2, 'Missing `,` or line break between object attributes'],
  [`${R}  x = [1 2]\n}\n`, 2, 'Missing `,` between list items'],
  [`${R}  x = f(1 2)\n}\n`, 2, 'Missing `,` between function arguments'],
  [`${R}  x = a.\n}\n`, 2, 'Missing attribute name after `.`'],
  [`${R}  x = a[\n}\n`, 2, 'Missing `]`'],
  [`${R}  nested {\n}\n`, 1, 'the block `resource "a" "b"` opened here is never closed'],
  [`${R}  x = "\${a"\n}\n`, 2, 'the interpolation `${` opened here'],
  [`${R}  x = <<EOT\nabc\n}\n`, 2, 'Missing `EOT`'],
  [`${R}  = 1\n}\n`, 2, 'Missing argument name'],
  [`${R}  1x = 1\n}\n`, 2, 'not a valid name'],
  ['resource "a" "b {\n}\n', 1, 'not closed on its line'],
  ['resource "a" "b" { x = 1 y = 2 }\n', 1, 'at most one argument'],
  [`${R}  x = 1 }\n`, 2, 'Missing line break before `}`'],
  ['resource "a"\n"b" {\n}\n', 1, 'must be on one line'],
  [`${R}  x =\n    1\n}\n`, 3, 'must start on the same line as its `=`'],
  [`${R}  x = a ?\n    1 : 2\n}\n`, 2, 'continues on the next line'],
  [`locals {\n  x = a ?\n    1 : 2\n  bad = "\\q"\n}\n`, 2, 'incomplete after `?`'],
  ['a { b {} }\n', 1, 'cannot hold a nested block'],
  [`${R}  x = 1\n`, 1, 'never closed'],
  ['}\n', 1, 'Unexpected `}`'],
  [`${R}  x = 1 nested {}\n}\n`, 2, 'Missing line break'],
  ['a {} b {}\n', 1, 'Missing line break after `}`'],
  [`${R}  x = "a\\qb"\n}\n`, 2, 'Invalid escape sequence'],
  [`${R}  x = {\n    a = 1\n}\n`, 1, 'never closed'],
  // A list left open where the text ends: its `]` is missing at the very end, the `[` is what to show.
  [`${R}  x = [o\n`, 2, 'Missing `]`'],
  ['x = [a, b', 1, 'Missing `]`'],
  [`${R}  x =# "c"\n}\n`, 2, 'needs a value after `=`'],
];

async function hashicorpRejects(text: string): Promise<boolean> {
  try {
    await parse('main.tf', text);
    return false;
  } catch {
    return true;
  }
}

describe('syntax diagnostics', () => {
  for (const [text, line, words] of BROKEN) {
    it(`reports ${JSON.stringify(text)}`, async () => {
      assert.ok(await hashicorpRejects(text), "HashiCorp's parser must reject the case too");
      const parser = await testParser();
      const document = await openDocument(text);
      const found = document.chunks.flatMap((chunk) =>
        syntaxDiagnostics(chunk.source, chunk.tree.rootNode, parser).map((d) => ({ ...d, line: d.range.start.line + chunk.startLine + 1 })),
      );
      assert.ok(found.length > 0, 'no syntax error reported');
      const first = found.sort((a, b) => a.line - b.line)[0]!;
      const message = String(first.message);
      assert.equal(first.line, line, message);
      assert.ok(message.includes(words), `"${message}" should say "${words}"`);
      assert.equal(first.severity, 1);
    });
  }

  it('gives ranges that stay inside the document, with `\n` or `\r\n` line breaks', async () => {
    const parser = await testParser();
    // `\r\n`: a range to the end of a line once took the `\r` with it (found by the LSP fuzz suite).
    for (const text of BROKEN.flatMap(([text]) => [text, text.replace(/\n/g, '\r\n')])) {
      const document = await openDocument(text);
      for (const chunk of document.chunks) {
        for (const d of syntaxDiagnostics(chunk.source, chunk.tree.rootNode, parser)) {
          const line = d.range.end.line + chunk.startLine;
          assert.ok(line < document.lineCount, `${JSON.stringify(text)}: line ${line} is past the end`);
          assert.ok(d.range.end.character <= document.lineText(line).length, `${JSON.stringify(text)}: ${JSON.stringify(d.range)}`);
        }
      }
    }
  });
});

describe('syntax diagnostics of `\r\n` files', () => {
  it('are those of the same text with `\n` (found by the LSP fuzz suite)', async () => {
    const parser = await testParser();
    const found = async (text: string) => {
      const document = await openDocument(text);
      return document.chunks.flatMap((chunk) => syntaxDiagnostics(chunk.source, chunk.tree.rootNode, parser).map((d) => ({ ...d, line: chunk.startLine })));
    };
    for (const [text] of BROKEN) assert.deepEqual(await found(text.replace(/\n/g, '\r\n')), await found(text), JSON.stringify(text));
  });
});

describe('a list left open at the end of the text', () => {
  it('is reported at its `[`, not past the end (found by the LSP fuzz suite)', async () => {
    const parser = await testParser();
    for (const text of ['x = [o\n', 'x = [o', 'a {\n  x = [o, p\n']) {
      const document = await openDocument(text);
      const [chunk] = document.chunks;
      const [found] = syntaxDiagnostics(chunk!.source, chunk!.tree.rootNode, parser);
      const line = text.split('\n').findIndex((l) => l.includes('['));
      const character = text.split('\n')[line]!.indexOf('[');
      assert.deepEqual(found?.range, { start: { line, character }, end: { line, character: character + 1 } }, JSON.stringify(text));
    }
  });
});

describe('valid files', () => {
  const files = [
    ...fs.readdirSync(path.join(FIXTURES, 'valid'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(FIXTURES, 'valid', f)),
    ...fs.readdirSync(path.join(FIXTURES, '..', '..', 'examples'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(FIXTURES, '..', '..', 'examples', f)),
  ].filter((file) => /\.(tf|tfvars)$/.test(file) && !file.includes('common-mistakes'));

  for (const file of files) {
    it(`${path.basename(path.dirname(file))}/${path.basename(file)} is valid HCL for HashiCorp's parser`, async () => {
      assert.equal(await hashicorpRejects(fs.readFileSync(file, 'utf8')), false);
    });
  }
});
