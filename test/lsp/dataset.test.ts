import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { LspTestClient } from '../support/lspClient';

/** An emoji before the empty completion on line 2, an unknown key on line 3, a duplicate on line 4. */
const DATASET = [
  '{"prompt": "What is OCI?", "completion": "Oracle Cloud Infrastructure."}',
  '{"prompt": "😀😀", "completion": ""}',
  '{"prompt": "Say hi", "completion": "Hi!", "lable": "greeting"}',
  '{"prompt": "What is OCI?", "completion": "Oracle Cloud Infrastructure."}',
  '',
].join('\n');

describe('training data over stdio', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('publishes the checker findings for a .jsonl document, with its version and UTF-16 ranges', async () => {
    const published = await client.open('file:///lsp/data/train.jsonl', DATASET, 'jsonl', 4);
    assert.equal(published.version, 4);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity, d.range]),
      [
        ['empty-field', 1, { start: { line: 1, character: 33 }, end: { line: 1, character: 35 } }],
        ['unknown-key', 2, { start: { line: 2, character: 42 }, end: { line: 2, character: 49 } }],
        ['duplicate-example', 2, { start: { line: 3, character: 0 }, end: { line: 3, character: 72 } }],
      ],
    );
    assert.equal(published.diagnostics[0]!.source, 'oci-genai-tf');
  });

  it('shows the summary on a hover over the first line', async () => {
    const uri = 'file:///lsp/data/train.jsonl';
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } })) as Hover;
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /\| Examples \| 3 \|/);
    assert.match(contents.value, /\| Training \(80%\) \| 2 \|/);
    assert.match(contents.value, /\| Validation \(20%\) \| 1 \|/);
    assert.match(contents.value, /\| Longest completion \| 28 characters \(line 1\) \|/);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } }), null);
  });

  it('checks again after an edit, and clears on close', async () => {
    const uri = 'file:///lsp/data/train.jsonl';
    const fixed = await client.change(uri, 5, [{ range: { start: { line: 1, character: 34 }, end: { line: 1, character: 34 } }, text: 'Two emoji.' }]);
    assert.deepEqual(
      fixed.diagnostics.map((d) => d.code),
      ['unknown-key', 'duplicate-example'],
    );
    assert.deepEqual((await client.close(uri)).diagnostics, []);
  });

  it('never takes a .jsonl file for Terraform, whatever its language, and answers Terraform requests with nothing', async () => {
    const uri = 'file:///lsp/data/valid.jsonl';
    const published = await client.open(uri, 'resource "x" {\n', 'terraform');
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['not-json', 'no-examples'],
    );
    const textDocument = { uri };
    assert.deepEqual(await client.connection.sendRequest('textDocument/completion', { textDocument, position: { line: 0, character: 1 } }), []);
    assert.deepEqual(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument }), []);
    assert.deepEqual(await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument }), { data: [] });
    await client.close(uri);
  });
});
