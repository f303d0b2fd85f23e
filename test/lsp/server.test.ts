import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../support/lspClient';
import { sampleModel } from '../support/samples';
import { fileUri, writeModule } from '../support/workspace';

// Line 3 holds accents and emoji before the error on line 14: positions must count UTF-16 code units.
const BROKEN_MODEL = `${sampleModel({
  displayName: 'é😀 😀',
  trainingConfig: ['training_config_type = "LORA_TRAINING_CONFIG"', 'lora_rank = 8'],
})}variable "compartment_id" {}
`;

describe('language server over stdio', () => {
  let client: LspTestClient;
  const dirs: string[] = [];
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says what it can do', () => {
    const result = client.initializeResult!;
    assert.equal(result.serverInfo?.name, 'oci-genai-tf');
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
  });

  it('publishes diagnostics on open, with the version, code and source', async () => {
    const published = await client.open('file:///lsp/one/main.tf', BROKEN_MODEL, 'terraform', 7);
    assert.equal(published.version, 7);
    assert.equal(published.diagnostics.length, 1);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic!.code, 'unknown-argument');
    assert.equal(diagnostic!.source, 'oci-genai-tf');
    assert.deepEqual(diagnostic!.range, { start: { line: 14, character: 6 }, end: { line: 14, character: 15 } });
  });

  it('counts UTF-16 code units on lines with accents and emoji', async () => {
    const uri = 'file:///lsp/utf16/main.tf';
    const text = 'variable "x" {}\nlocals {\n  s = "é😀😀" bad = 1\n}\n';
    const published = await client.open(uri, text);
    // `  s = "é😀😀" ` is 2 + 4 + 1 + 2 + 2 + 1 + 1 = 13 UTF-16 code units before `bad`.
    assert.deepEqual(published.diagnostics[0]?.range.start, { line: 2, character: 14 });
    assert.equal(text.split('\n')[2]!.slice(14, 17), 'bad');
  });

  it('applies incremental edits and publishes after every change, fixed or not', async () => {
    const uri = 'file:///lsp/one/main.tf';
    const line = 14;
    const rename = await client.change(uri, 8, [{ range: { start: { line, character: 6 }, end: { line, character: 15 } }, text: 'lora_r' }]);
    assert.deepEqual(rename.diagnostics, []);
    const whitespace = await client.change(uri, 9, [{ range: { start: { line, character: 6 }, end: { line, character: 6 } }, text: ' ' }]);
    assert.equal(whitespace.version, 9);
    assert.deepEqual(whitespace.diagnostics, []);
    const broken = await client.change(uri, 10, [{ range: { start: { line: 17, character: 0 }, end: { line: 17, character: 1 } }, text: '' }]);
    assert.equal(broken.diagnostics[0]?.code, 'syntax');
    assert.match(String(broken.diagnostics[0]?.message), /never closed/);
  });

  it('clears the diagnostics of a closed document', async () => {
    const cleared = await client.close('file:///lsp/one/main.tf');
    assert.deepEqual(cleared.diagnostics, []);
  });

  it('checks a document again when another file of its module declares what it uses', async () => {
    const dir = writeModule({ 'main.tf': 'locals {\n  x = var.region\n}\n' });
    dirs.push(dir);
    const main = fileUri(path.join(dir, 'main.tf'));
    // Only our blocks are judged: use the variable from one of them.
    const text = 'resource "oci_generative_ai_dedicated_ai_cluster" "c" {\n  compartment_id = var.compartment_id\n  type = "FINE_TUNING"\n  unit_count = 1\n  unit_shape = "LARGE_COHERE_V2"\n}\n';
    const opened = await client.open(main, text);
    assert.deepEqual(opened.diagnostics.map((d) => d.code), ['undeclared-reference']);
    const rechecked = client.nextDiagnostics(main, (p) => p.diagnostics.length === 0);
    await client.open(fileUri(path.join(dir, 'variables.tf')), 'variable "compartment_id" {}\n');
    assert.deepEqual((await rechecked).diagnostics, []);
  });

  it('notices a closed file of the module changing on disk', async () => {
    const dir = writeModule({ 'variables.tf': '' });
    dirs.push(dir);
    const main = fileUri(path.join(dir, 'main.tf'));
    const text = 'resource "oci_generative_ai_dedicated_ai_cluster" "c" {\n  compartment_id = var.compartment_id\n  type = "FINE_TUNING"\n  unit_count = 1\n  unit_shape = "LARGE_COHERE_V2"\n}\n';
    assert.equal((await client.open(main, text)).diagnostics.length, 1);
    const rechecked = client.nextDiagnostics(main, (p) => p.diagnostics.length === 0);
    fs.writeFileSync(path.join(dir, 'variables.tf'), 'variable "compartment_id" {}\n');
    assert.deepEqual((await rechecked).diagnostics, []);
  });

  it('leaves other languages alone', async () => {
    let published = false;
    const uri = 'file:///lsp/other/data.json';
    void client.nextDiagnostics(uri).then(() => (published = true));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: '{' } });
    await client.open('file:///lsp/other/ok.tf', 'variable "x" {}\n');
    assert.equal(published, false);
  });

  it('answers unknown requests with an error and keeps working', async () => {
    await assert.rejects(client.connection.sendRequest('oci/unknownRequest', {}), /Unhandled method|not found/i);
    const published = await client.open('file:///lsp/after/main.tf', 'variable "y" {\n');
    assert.equal(published.diagnostics[0]?.code, 'syntax');
  });
});

describe('language server lifecycle', () => {
  it('registers file watchers with clients that support them', async () => {
    const client = await LspTestClient.start({ capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
    const registration = await new Promise<unknown>((resolve) => client.connection.onRequest('client/registerCapability', (params) => {
      resolve(params);
      return null;
    }));
    assert.match(JSON.stringify(registration), /workspace\/didChangeWatchedFiles.*\*\*\/\*\.tf/);
    await client.stop();
  });

  it('exits when the editor closes its input without saying goodbye', async () => {
    const client = await LspTestClient.start();
    const exited = new Promise<number | null>((resolve) => client.process.once('exit', (code) => resolve(code)));
    client.process.stdin.end();
    // LSP: an exit without a shutdown request first ends with code 1.
    assert.equal(await exited, 1);
  });

  it('exits when the editor process it was told of is gone, its pipes still open', async () => {
    const editor = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const client = await LspTestClient.start({ processId: editor.pid! });
    const exited = new Promise<number | null>((resolve) => client.process.once('exit', (code) => resolve(code)));
    editor.kill();
    // vscode-languageserver looks for the editor's process every 3 seconds.
    const timeout = setTimeout(() => client.process.kill(), 10000);
    assert.equal(await exited, 1);
    clearTimeout(timeout);
  });

  it('exits with 0 after shutdown and exit', async () => {
    const client = await LspTestClient.start();
    const exited = new Promise<number | null>((resolve) => client.process.once('exit', (code) => resolve(code)));
    await client.stop();
    assert.equal(await exited, 0);
  });
});
