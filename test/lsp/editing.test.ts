import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  SemanticTokens,
  SymbolInformation,
  TextEdit,
} from 'vscode-languageserver';
import { applyEdits, withCursor } from '../support/cursor';
import { LspTestClient } from '../support/lspClient';
import { sampleModel } from '../support/samples';
import { fileUri, writeModule } from '../support/workspace';

const VARIABLES = 'variable "compartment_id" {\n  type = string\n}\n';
const MARKED = `resource "oci_generative_ai_model" "m" {
  compartment_id = var.compartment_id
  |
}
`;

function items(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  return Array.isArray(result) ? result : (result?.items ?? []);
}

describe('editing requests over stdio', () => {
  let snippetClient: LspTestClient;
  let plainClient: LspTestClient;
  let dir: string;
  before(async () => {
    dir = writeModule({ 'variables.tf': VARIABLES });
    snippetClient = await LspTestClient.start({
      capabilities: {
        textDocument: {
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    });
    plainClient = await LspTestClient.start();
  });
  after(async () => {
    await snippetClient.stop();
    await plainClient.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('advertises completion, hover, quick fixes, navigation, formatting, outline, folding and highlighting', () => {
    const capabilities = plainClient.initializeResult!.capabilities;
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['.', '"', '=']);
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.equal(capabilities.documentFormattingProvider, true);
    assert.equal(capabilities.documentSymbolProvider, true);
    assert.equal(capabilities.foldingRangeProvider, true);
    assert.equal(capabilities.semanticTokensProvider?.full, true);
    assert.equal(capabilities.semanticTokensProvider?.range, true);
  });

  it('answers completion with snippets or plain text, as the client supports', async () => {
    const { text, position } = withCursor(MARKED);
    const uri = fileUri(path.join(dir, 'main.tf'));
    for (const [client, snippets] of [[snippetClient, true], [plainClient, false]] as const) {
      await client.open(uri, text);
      const completed = items(await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }));
      const block = completed.find((item) => item.label === 'fine_tune_details')!;
      assert.equal(block.insertTextFormat, snippets ? 2 : 1);
      const newText = (block.textEdit as TextEdit).newText;
      assert.equal(/\$\{\d/.test(newText), snippets, newText);
      const documentation = completed.find((item) => item.label === 'base_model_id')!.documentation;
      assert.equal(typeof documentation === 'object' && documentation.kind, snippets ? 'markdown' : false);
    }
  });

  it('answers hover in markdown with the range of the word', async () => {
    const uri = fileUri(path.join(dir, 'hover.tf'));
    const { text, position } = withCursor('resource "oci_generative_ai_model" "m" {\n  base_mo|del_id = "x"\n}\n');
    await plainClient.open(uri, text);
    const shown = (await plainClient.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover;
    assert.match((shown.contents as { value: string }).value, /\*\*base_model_id\*\*/);
    assert.deepEqual(shown.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 15 } });
  });

  it('offers a quick fix for a published diagnostic, and the edit fixes it', async () => {
    const uri = fileUri(path.join(dir, 'fix.tf'));
    const text = sampleModel({ trainingConfig: ['training_config_type = "LORA_TRAINING_CONFIG"', 'lora_rank = 8'] });
    const published = await plainClient.open(uri, text);
    const actions = (await plainClient.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: published.diagnostics[0]!.range,
      context: { diagnostics: published.diagnostics },
    })) as CodeAction[];
    assert.equal(actions[0]!.title, 'Change `lora_rank` to `lora_r`');
    const fixed = applyEdits(text, actions[0]!.edit!.changes![uri]!);
    const after = await plainClient.change(uri, 2, [{ text: fixed }]);
    assert.deepEqual(after.diagnostics, []);
  });

  it('goes to a definition in another file and finds references', async () => {
    const uri = fileUri(path.join(dir, 'main.tf'));
    const position = { line: 1, character: 24 };
    const location = (await plainClient.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position })) as Location;
    assert.equal(path.basename(location.uri), 'variables.tf');
    const found = (await plainClient.connection.sendRequest('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } })) as Location[];
    // The declaration, and the uses in main.tf and in fix.tf, opened above in the same folder.
    assert.deepEqual(found.map((l) => path.basename(l.uri)).sort(), ['fix.tf', 'main.tf', 'variables.tf']);
  });

  it('formats a document as terraform fmt does, and leaves a broken one alone', async () => {
    const uri = fileUri(path.join(dir, 'format.tf'));
    const text = 'variable "x" {\ntype = string\n  default="a"\n}\n';
    await plainClient.open(uri, text);
    const edits = (await plainClient.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })) as TextEdit[];
    assert.equal(applyEdits(text, edits), 'variable "x" {\n  type    = string\n  default = "a"\n}\n');
    const broken = fileUri(path.join(dir, 'broken.tf'));
    await plainClient.open(broken, 'variable "x" {\ntype = string\n');
    assert.deepEqual(await plainClient.connection.sendRequest('textDocument/formatting', { textDocument: { uri: broken }, options: { tabSize: 2, insertSpaces: true } }), []);
  });

  it('answers the outline nested or flat, as the client supports, with folds and semantic tokens', async () => {
    const uri = fileUri(path.join(dir, 'outline.tf'));
    const text = `${VARIABLES}${sampleModel({ trainingConfig: ['training_config_type = "TFEW_TRAINING_CONFIG"'] })}`;
    for (const client of [snippetClient, plainClient]) await client.open(uri, text);
    const nested = (await snippetClient.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(nested.map((symbol) => symbol.name), ['var.compartment_id', 'oci_generative_ai_model.m']);
    assert.ok(nested[1]!.children!.some((child) => child.name === 'fine_tune_details'));
    const flat = (await plainClient.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as SymbolInformation[];
    const details = flat.find((symbol) => symbol.name === 'fine_tune_details')!;
    assert.equal(details.containerName, 'oci_generative_ai_model.m');
    assert.equal(details.location.uri, uri);
    assert.ok(!('children' in details));

    const folds = (await plainClient.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
    const lines = text.split('\n');
    const modelLine = lines.findIndex((line) => line.startsWith('resource'));
    assert.ok(folds.some((fold) => fold.startLine === modelLine && lines[fold.endLine + 1] === '}'), JSON.stringify(folds));

    const tokens = (await plainClient.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
    assert.equal(tokens.data.length % 5, 0);
    // The first token is `variable`, a keyword at the start of the file.
    assert.deepEqual(tokens.data.slice(0, 3), [0, 0, 'variable'.length]);
    const legend = plainClient.initializeResult!.capabilities.semanticTokensProvider!.legend;
    assert.equal(legend.tokenTypes[tokens.data[3]!], 'keyword');
    const range = { start: { line: modelLine, character: 0 }, end: { line: modelLine + 1, character: 0 } };
    const inRange = (await plainClient.connection.sendRequest('textDocument/semanticTokens/range', { textDocument: { uri }, range })) as SemanticTokens;
    // Encoded from the document's start: the first token is on the model's first line.
    assert.equal(inRange.data[0], modelLine);
    assert.ok(inRange.data.length < tokens.data.length);
  });
});
