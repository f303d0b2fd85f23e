import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { documentSymbols, flatSymbols } from '../../server/src/features/documentSymbols';
import type { HclDocument } from '../../server/src/hcl/chunkedDocument';
import { assertCachedAnswersMatchFresh, editSequences, openEdited } from '../support/edits';
import { openDocument } from '../support/parser';
import { generateTerraform } from '../support/terraformGenerator';
import { FIXTURES } from '../support/workspace';
import { COMPLETE_MODEL, FINE_TUNING_EXAMPLE } from '../support/samples';

/** `name (detail)` per symbol, children indented below their parent. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((symbol) => [
    `${'  '.repeat(depth)}${symbol.name}${symbol.detail ? ` (${symbol.detail})` : ''}`,
    ...outline(symbol.children ?? [], depth + 1),
  ]);
}

function find(symbols: DocumentSymbol[], name: string): DocumentSymbol {
  const found = symbols.find((symbol) => symbol.name === name);
  assert.ok(found, `no symbol ${name} among ${symbols.map((s) => s.name).join(', ')}`);
  return found;
}

function text(document: HclDocument, range: Range): string {
  return document.text.slice(document.offsetAt(range.start), document.offsetAt(range.end));
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** What VS Code checks of document symbols: a name, the selection inside the range, children inside parents. */
function assertWellFormed(symbols: DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const symbol of symbols) {
    assert.ok(symbol.name.trim() !== '', 'a symbol without a name');
    assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: selection outside its range`);
    if (parent) assert.ok(contains(parent.range, symbol.range), `${symbol.name}: outside ${parent.name}`);
    assertWellFormed(symbol.children ?? [], symbol);
  }
}


describe('document symbols', () => {
  it('names top-level blocks like Terraform addresses', async () => {
    const document = await openDocument(COMPLETE_MODEL);
    const symbols = documentSymbols(document);
    assertWellFormed(symbols);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.kind]),
      [
        ['terraform', undefined, SymbolKind.Namespace],
        ['var.compartment_id', 'variable', SymbolKind.Variable],
        ['var.models', 'variable', SymbolKind.Variable],
        ['var.enabled', 'variable', SymbolKind.Variable],
        ['locals', undefined, SymbolKind.Namespace],
        ['data.oci_generative_ai_models.base', 'data', SymbolKind.Class],
        ['data.oci_generative_ai_model.one', 'data', SymbolKind.Class],
        ['oci_generative_ai_dedicated_ai_cluster.training', 'resource', SymbolKind.Class],
        ['oci_generative_ai_model.everything', 'resource', SymbolKind.Class],
        ['oci_generative_ai_model.per_variant', 'resource', SymbolKind.Class],
        ['oci_generative_ai_model.null_optionals', 'resource', SymbolKind.Class],
        ['oci_generative_ai_endpoint.serving', 'resource', SymbolKind.Class],
        ['output.states', 'output', SymbolKind.Interface],
      ],
    );
    const model = find(symbols, 'oci_generative_ai_model.everything');
    assert.equal(text(document, model.selectionRange), '"oci_generative_ai_model" "everything"');
    assert.ok(text(document, model.range).startsWith('resource "oci_generative_ai_model" "everything" {'));
    assert.ok(text(document, model.range).endsWith('  }\n}'));
    assert.equal(text(document, find(symbols, 'var.models').selectionRange), '"models"');
  });

  it('nests blocks and arguments, and lists local values by their references', async () => {
    const document = await openDocument(COMPLETE_MODEL);
    const symbols = documentSymbols(document);
    const fineTune = find(find(symbols, 'oci_generative_ai_model.everything').children!, 'fine_tune_details');
    assert.equal(fineTune.kind, SymbolKind.Object);
    assert.deepEqual(outline([fineTune]), [
      'fine_tune_details',
      '  dedicated_ai_cluster_id',
      '  training_dataset',
      '    bucket',
      '    dataset_type',
      '    namespace',
      '    object',
      '  training_config',
      ...[
        'training_config_type',
        'early_stopping_patience',
        'early_stopping_threshold',
        'learning_rate',
        'log_model_metrics_interval_in_steps',
        'total_training_epochs',
        'training_batch_size',
        'lora_alpha',
        'lora_dropout',
        'lora_r',
      ].map((name) => `    ${name}`),
    ]);
    const bucket = find(find(fineTune.children!, 'training_dataset').children!, 'bucket');
    assert.equal(bucket.kind, SymbolKind.Property);
    assert.equal(text(document, bucket.range), 'bucket       = "datasets"');
    assert.equal(text(document, bucket.selectionRange), 'bucket');

    const locals = find(symbols, 'locals');
    assert.deepEqual(
      locals.children!.map((c) => [c.name, c.kind, text(document, c.selectionRange)]),
      [
        ['local.cluster_id', SymbolKind.Constant, 'cluster_id'],
        ['local.epochs', SymbolKind.Constant, 'epochs'],
      ],
    );

    const perVariant = find(symbols, 'oci_generative_ai_model.per_variant');
    assert.deepEqual(outline(perVariant.children!).filter((line) => !line.startsWith('    ')), [
      'for_each',
      'compartment_id',
      'base_model_id',
      'display_name',
      'fine_tune_details (dynamic)',
      '  for_each',
      '  content',
    ]);
    const dynamic = find(perVariant.children!, 'fine_tune_details');
    assert.equal(text(document, dynamic.selectionRange), '"fine_tune_details"');
    const everything = find(symbols, 'oci_generative_ai_model.everything');
    assert.ok(everything.children!.some((c) => c.name === 'provisioner "local-exec"'));
  });

  it('names modules, providers and other blocks', async () => {
    const symbols = documentSymbols(
      await openDocument(`provider "oci" {
  region = "us-chicago-1"
}
module "network" {
  source = "./network"
}
moved {
  from = oci_core_vcn.a
  to   = oci_core_vcn.b
}
check "health" {}
ephemeral "random_password" "db" {}
resource "oci_generative_ai_model" {
}
`),
    );
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.kind]),
      [
        ['provider.oci', 'provider', SymbolKind.Package],
        ['module.network', 'module', SymbolKind.Module],
        ['moved', undefined, SymbolKind.Object],
        ['check "health"', undefined, SymbolKind.Object],
        ['ephemeral.random_password.db', 'ephemeral', SymbolKind.Class],
        ['oci_generative_ai_model', 'resource', SymbolKind.Class],
      ],
    );
  });

  it('flattens the outline for clients without nesting, each symbol naming its container', async () => {
    const document = await openDocument(COMPLETE_MODEL);
    const symbols = documentSymbols(document);
    const flat = flatSymbols(symbols, 'file:///m/main.tf');
    const count = (list: DocumentSymbol[]): number => list.reduce((sum, s) => sum + 1 + count(s.children ?? []), 0);
    assert.equal(flat.length, count(symbols));
    const bucket = flat.filter((s) => s.name === 'bucket' && s.containerName === 'training_dataset');
    assert.ok(bucket.length > 0);
    assert.equal(flat.find((s) => s.name === 'fine_tune_details')?.containerName, 'oci_generative_ai_model.everything');
    assert.equal(flat[0]!.containerName, undefined);
    assert.equal(flat[0]!.location.uri, 'file:///m/main.tf');
  });

  it('counts positions in UTF-16 code units on lines with accents and emoji', async () => {
    const document = await openDocument('variable "é😀" { default = "😀" }\nlocals {\n  ünï = "é😀"\n}\n');
    const symbols = documentSymbols(document);
    const variable = find(symbols, 'var.é😀');
    // `variable "é😀" { default = "😀" }`: the label spans 9..14, the block ends at 33.
    assert.deepEqual(variable.selectionRange, { start: { line: 0, character: 9 }, end: { line: 0, character: 14 } });
    assert.deepEqual(variable.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 33 } });
    assert.deepEqual(find(variable.children!, 'default').range, { start: { line: 0, character: 17 }, end: { line: 0, character: 31 } });
    const local = find(find(symbols, 'locals').children!, 'local.ünï');
    assert.deepEqual(local.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 13 } });
    assert.deepEqual(local.selectionRange, { start: { line: 2, character: 2 }, end: { line: 2, character: 5 } });
  });

  it('shows what half-typed files hold, without throwing', async () => {
    for (const file of fs.readdirSync(path.join(FIXTURES, 'half-typed'))) {
      const document = await openDocument(fs.readFileSync(path.join(FIXTURES, 'half-typed', file), 'utf8'));
      assertWellFormed(documentSymbols(document));
    }
    const unclosed = await openDocument(fs.readFileSync(path.join(FIXTURES, 'half-typed/unclosed-middle.tf'), 'utf8'));
    assert.deepEqual(outline(documentSymbols(unclosed)), [
      'var.compartment_id (variable)',
      'oci_generative_ai_model.being_written (resource)',
      '  compartment_id',
      '  fine_tune_details',
      '    dedicated_ai_cluster_id',
      'oci_generative_ai_dedicated_ai_cluster.complete (resource)',
      '  compartment_id',
      '  type',
      '  unit_count',
      '  unit_shape',
    ]);
    // Error recovery closes the block after the chunk's last line break: the symbol ends on its last line typed.
    assert.deepEqual(find(documentSymbols(unclosed), 'oci_generative_ai_model.being_written').range.end, { line: 6, character: 110 });
    const typing = await openDocument('resource "oci_generative_ai_model" "m" {\n  display_name = "x"\n  fine_tune_details {\n    lora_r = \n');
    assert.deepEqual(outline(documentSymbols(typing)), ['oci_generative_ai_model.m (resource)', '  display_name']);
    const noLabelYet = await openDocument('resource "oci_generative_ai_model" # typing\n');
    assert.deepEqual(outline(documentSymbols(noLabelYet)), ['oci_generative_ai_model (resource)']);
    // `{resource ...`: the header is read past the ERROR node that holds only its type (found by the LSP fuzz suite).
    for (const broken of ['', '"', '${', 'resource "oci_gen', '}}}', 'resource "" "" {\n', 'locals {\n  a = [1,\n', ' = 1\n', '{resource "a" "x" {\n}\n']) {
      assertWellFormed(documentSymbols(await openDocument(broken)));
    }
  });

  it('stays well-formed on randomly edited, mostly broken text', async () => {
    await fc.assert(
      fc.asyncProperty(editSequences, async (edits) => {
        const document = await openEdited(COMPLETE_MODEL, edits);
        assertWellFormed(documentSymbols(document));
        document.dispose();
      }),
      { numRuns: 100 },
    );
  });

  it('moves the symbols of the chunks below an edit that adds lines', async () => {
    const document = await openDocument(FINE_TUNING_EXAMPLE);
    const before = documentSymbols(document);
    document.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'variable "new" {}\n\n' }], 2);
    const after = documentSymbols(document);
    assert.equal(after[0]!.name, 'var.new');
    const lines = (symbols: DocumentSymbol[]): [string, number, number][] =>
      symbols.flatMap((s) => [[s.name, s.range.start.line, s.range.end.line] as [string, number, number], ...lines(s.children ?? [])]);
    assert.deepEqual(
      lines(after.slice(1)),
      lines(before).map(([name, start, end]) => [name, start + 2, end + 2]),
    );
    assert.deepEqual(after, documentSymbols(await openDocument(document.text)));
  });

  it('answers from its cache what it answers for a freshly opened document, after any edits', async () => {
    await assertCachedAnswersMatchFresh(generateTerraform(120), documentSymbols);
  });
});
