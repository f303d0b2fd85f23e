import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LspTestClient } from '../support/lspClient';
import { sampleModel } from '../support/samples';
import { fileUri, writeModule } from '../support/workspace';

const BUILT_CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** Every request a client sends about a position, at `position`; answers what each returned. */
async function askEverything(client: LspTestClient, uri: string, position: { line: number; character: number }): Promise<unknown[]> {
  const textDocument = { uri };
  const range = { start: { line: 0, character: 0 }, end: position };
  return Promise.all([
    client.connection.sendRequest('textDocument/completion', { textDocument, position }),
    client.connection.sendRequest('textDocument/hover', { textDocument, position }),
    client.connection.sendRequest('textDocument/definition', { textDocument, position }),
    client.connection.sendRequest('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }),
    client.connection.sendRequest('textDocument/documentSymbol', { textDocument }),
    client.connection.sendRequest('textDocument/foldingRange', { textDocument }),
    client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument }),
    client.connection.sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }),
    client.connection.sendRequest('textDocument/codeLens', { textDocument }),
    client.connection.sendRequest('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }),
  ]);
}

const MODEL = sampleModel({ trainingConfig: ['training_config_type = "LORA_TRAINING_CONFIG"'] });

const codes = (diagnostics: Diagnostic[]): unknown[] => diagnostics.map((d) => d.code);

describe('limits instead of stalls', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  for (const [kind, open, close] of [
    ['lists', '[', ']'],
    ['objects', '{ a = ', ' }'],
    ['parentheses', '(', ')'],
    ['function calls', 'max(', ')'],
    ['conditionals', 'true ? ', ' : 0'],
  ] as const) {
    it(`answers everything about 20,000 nested ${kind}, closed and unclosed`, async () => {
      const depth = 20000;
      const closed = `locals {\n  deep = ${open.repeat(depth)}1${close.repeat(depth)}\n}\n`;
      const unclosed = `locals {\n  deep = ${open.repeat(depth)}1\n`;
      for (const [name, text] of [
        ['closed', closed],
        ['unclosed', unclosed],
      ]) {
        const uri = `file:///deep/${kind.replace(/ /g, '-')}-${name}.tf`;
        const published = await client.open(uri, text);
        assert.ok(Array.isArray(published.diagnostics));
        const answers = await askEverything(client, uri, { line: 1, character: 9 + open.length * depth });
        assert.equal(answers.length, 10);
        await client.close(uri);
      }
    });
  }

  it('answers everything about 5,000 nested blocks', async () => {
    const depth = 5000;
    const text = `resource "a" "b" {\n${'  x {\n'.repeat(depth)}${'  }\n'.repeat(depth)}}\n`;
    const uri = 'file:///deep/blocks.tf';
    await client.open(uri, text);
    await askEverything(client, uri, { line: depth, character: 3 });
    await client.close(uri);
  });

  it('does not analyse a file with a NUL character, and analyses it again once the NUL is gone', async () => {
    const uri = 'file:///limits/binary.tf';
    const published = await client.open(uri, `${MODEL}\nx\u0000y\n`);
    assert.deepEqual(codes(published.diagnostics), ['not-analysed']);
    assert.equal(published.diagnostics[0]!.severity, 3);
    assert.match(String(published.diagnostics[0]!.message), /binary data \(a NUL character on line \d+\)/);
    const answers = await askEverything(client, uri, { line: 1, character: 2 });
    const empty = (answer: unknown): boolean =>
      answer === null || (Array.isArray(answer) && answer.length === 0) || JSON.stringify(answer) === '{"data":[]}';
    assert.ok(answers.every(empty), JSON.stringify(answers));

    const lines = `${MODEL}\nx\u0000y\n`.split('\n');
    const nulLine = lines.findIndex((line) => line.includes('\u0000'));
    const fixed = await client.change(uri, 2, [{ range: { start: { line: nulLine, character: 0 }, end: { line: nulLine, character: 3 } }, text: '' }]);
    assert.ok(!codes(fixed.diagnostics).includes('not-analysed'));
    assert.ok((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } })) !== null);

    const binaryAgain = await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\u0000' }]);
    assert.deepEqual(codes(binaryAgain.diagnostics), ['not-analysed']);
    assert.match(String(binaryAgain.diagnostics[0]!.message), /line 1\b/);
    await client.close(uri);
  });

  it('does not analyse a file of more than 5 million characters', async () => {
    const uri = 'file:///limits/huge.tf';
    const line = `# ${'x'.repeat(98)}\n`;
    const started = performance.now();
    const published = await client.open(uri, line.repeat(55_000));
    assert.deepEqual(codes(published.diagnostics), ['not-analysed']);
    assert.match(String(published.diagnostics[0]!.message), /5.3 million characters, over the limit of 5 million/);
    assert.ok(performance.now() - started < 5000);
    const smaller = await client.change(uri, 2, [{ range: { start: { line: 5000, character: 0 }, end: { line: 55_000, character: 0 } }, text: '' }]);
    assert.deepEqual(codes(smaller.diagnostics), []);
    await client.close(uri);
  });

  it('reads a binary file beside an open one as unknown, reporting no reference as undeclared', async () => {
    const dir = writeModule({ 'main.tf': 'resource "a" "b" {\n  x = var.declared_in_binary\n}\n', 'binary.tf': 'variable "declared_in_binary" {}\n\u0000\u0001' });
    try {
      const uri = fileUri(path.join(dir, 'main.tf'));
      const published = await client.open(uri, fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'));
      assert.deepEqual(codes(published.diagnostics), []);
      await client.close(uri);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lint and the limits', () => {
  it('reports a binary and a huge file as not analysed, and lints the rest', async () => {
    const dir = writeModule({ 'binary.tf': 'a\u0000b', 'main.tf': 'resource "oci_generative_ai_model" "m" {\n  lora_rank = 8\n}\n' });
    try {
      fs.writeFileSync(path.join(dir, 'huge.tf'), Buffer.alloc(16 * 1024 * 1024 + 1, 0x23));
      const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [BUILT_CLI, 'lint', dir, '--format', 'json', '--min-severity', 'info']);
        let stdout = '';
        child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
        child.on('exit', (code) => resolve({ code, stdout }));
      });
      assert.equal(result.code, 1);
      const found = JSON.parse(result.stdout) as { file: string; rule: string; message: string }[];
      const byFile = (name: string) => found.filter((d) => path.basename(d.file) === name).map((d) => d.rule);
      assert.deepEqual(byFile('binary.tf'), ['not-analysed']);
      assert.deepEqual(byFile('huge.tf'), ['not-analysed']);
      assert.ok(byFile('main.tf').includes('unknown-argument'));
      assert.match(found.find((d) => path.basename(d.file) === 'huge.tf')!.message, /16\.0 MB/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
