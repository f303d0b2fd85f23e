import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspTestClient } from '../support/lspClient';
import { generateTerraform } from '../support/terraformGenerator';

describe('a large file, over stdio', () => {
  it('publishes the diagnostics of its top first, then all of them, the first a subset of the second', async () => {
    const client = await LspTestClient.start();
    try {
      // A mistake near the top (the schema's), and one that needs the whole module (an undeclared variable) at the end.
      const text = `${generateTerraform(10000).replace('lora_r                = 8', 'lora_rank             = 8')}\nresource "oci_generative_ai_model" "last" {\n  compartment_id = var.not_declared\n}\n`;
      const uri = 'file:///large/main.tf';
      const published: PublishDiagnosticsParams[] = [];
      const complete = new Promise<void>((resolve) => {
        client.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
          published.push(params);
          if (params.diagnostics.some((d) => String(d.message).includes('not_declared'))) resolve();
        });
      });
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version: 1, text } });
      await complete;
      assert.ok(published.length >= 2, `published ${published.length} times`);
      const [first] = published;
      const last = published[published.length - 1]!;
      assert.ok(first!.diagnostics.some((d) => d.code === 'unknown-argument' && String(d.message).includes('lora_rank')), 'the top, first');
      assert.ok(!first!.diagnostics.some((d) => String(d.message).includes('not_declared')));
      const key = (d: { range: unknown; message: unknown }) => JSON.stringify([d.range, d.message]);
      const all = new Set(last.diagnostics.map(key));
      assert.ok(first!.diagnostics.every((d) => all.has(key(d))), 'nothing the complete diagnostics do not have');
      assert.ok(published.every((p) => p.version === 1));
    } finally {
      await client.stop();
    }
  });

  it('answers a request while it is still analysing, and an edit meanwhile is published complete', async () => {
    const client = await LspTestClient.start();
    try {
      const text = generateTerraform(10000);
      const uri = 'file:///large/edited.tf';
      const completed = client.nextDiagnostics(uri, (p) => p.version === 1);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version: 1, text } });
      const hovered = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      assert.ok(hovered === null || typeof hovered === 'object');
      await completed;
      const edited = await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      assert.deepEqual(edited.diagnostics, []);
    } finally {
      await client.stop();
    }
  });
});
