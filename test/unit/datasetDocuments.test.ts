import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { DatasetDocuments, isDatasetDocument, type DatasetDiagnostics } from '../../server/src/dataset/datasetDocuments';

const URI = 'file:///data/train.jsonl';

/** The diagnostics of a document opened alone: its check cannot be replaced. */
async function openedAlone(text: string, version = 1): Promise<DatasetDiagnostics> {
  const published = await new DatasetDocuments().opened(URI, 'jsonl', version, text);
  assert.ok(published);
  return published;
}

function textAt(text: string, range: Range): string {
  const document = TextDocument.create(URI, 'jsonl', 1, text);
  return text.slice(document.offsetAt(range.start), document.offsetAt(range.end));
}

describe('DatasetDocuments', () => {
  it('knows datasets by language or by name', () => {
    assert.equal(isDatasetDocument('file:///a/train.jsonl', 'plaintext'), true);
    assert.equal(isDatasetDocument('file:///a/TRAIN.JSONL', 'json'), true);
    assert.equal(isDatasetDocument('untitled:Untitled-1', 'jsonl'), true);
    assert.equal(isDatasetDocument('file:///a/main.tf', 'terraform'), false);
    assert.equal(isDatasetDocument('file:///a/data.json', 'json'), false);
  });

  it('publishes findings as diagnostics at their place in the document, in UTF-16 code units', async () => {
    const text = '{"prompt": "😀 é", "completion": "ok"}\n{"prompt": "😀😀", "completion": "", "note": 1}\n\n';
    const published = await openedAlone(text, 3);
    assert.equal(published.uri, URI);
    assert.equal(published.version, 3);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, textAt(text, d.range)]),
      [
        ['empty-field', DiagnosticSeverity.Error, 1, '""'],
        ['unknown-key', DiagnosticSeverity.Warning, 1, '"note"'],
        ['blank-line', DiagnosticSeverity.Warning, 2, ''],
      ],
    );
    assert.deepEqual(published.diagnostics[0]!.range.start, { line: 1, character: 33 });
    assert.equal(published.diagnostics[0]!.source, 'oci-genai-tf');
  });

  it('places findings by offset, so a lone CR (a line break to LSP, not to JSON Lines) does not shift them', async () => {
    const text = '{"prompt": "a",\r"completion": ""}\n{"prompt": "b"}\n{"prompt": "c", "completion": "d"}\n';
    const { diagnostics } = await openedAlone(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, textAt(text, d.range)]),
      [
        ['empty-field', 1, '""'],
        ['missing-field', 2, '{"prompt": "b"}'],
      ],
    );
  });

  it('shows the first thousand findings and says how many more there are', async () => {
    const text = 'not json\n'.repeat(1200);
    const { diagnostics } = await openedAlone(text);
    assert.equal(diagnostics.length, 1001);
    const more = diagnostics.at(-1)!;
    assert.equal(more.severity, DiagnosticSeverity.Information);
    assert.match(String(more.message), /first 1000 of 1201 problems/);
    assert.match(String(more.message), /oci-genai-tf dataset check/);
  });

  it('checks again after each change, and forgets a closed document', async () => {
    const datasets = new DatasetDocuments();
    await datasets.opened(URI, 'jsonl', 1, '{"prompt": "a", "completion": ""}\n');
    const fixed = await datasets.changed(URI, [{ range: { start: { line: 0, character: 31 }, end: { line: 0, character: 31 } }, text: 'b' }], 2);
    assert.deepEqual(fixed, { uri: URI, version: 2, diagnostics: [] });
    assert.equal(await datasets.changed('file:///other.jsonl', [{ text: '' }], 2), undefined);
    assert.equal(datasets.closed(URI), true);
    assert.equal(datasets.has(URI), false);
    assert.equal(datasets.closed(URI), false);
  });

  it('ends the check of a version an edit has replaced, and publishes only the newest', async () => {
    const datasets = new DatasetDocuments();
    // Several slices of a megabyte, so that the check gives way to the edit.
    const text = Array.from({ length: 60_000 }, (_, i) => `{"prompt": "question ${i}", "completion": "answer"}\n`).join('');
    assert.ok(text.length > 2 * 1024 * 1024);
    const first = datasets.opened(URI, 'jsonl', 1, text);
    const second = datasets.changed(URI, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }], 2);
    assert.equal(await first, undefined);
    const published = await second;
    assert.equal(published?.version, 2);
    assert.deepEqual(
      published?.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['not-json', 0]],
    );
    const closing = datasets.changed(URI, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' }], 3);
    datasets.closed(URI);
    assert.equal(await closing, undefined, 'nothing is published after a close');
  });

  it('shows the summary on a hover over the first line only', async () => {
    const datasets = new DatasetDocuments();
    const text = ['{"prompt": "a", "completion": "b"}', '{"prompt": "😀😀😀", "completion": "b"}', '{"prompt": "a", "completion": "b"}', ''].join('\n');
    await datasets.opened(URI, 'jsonl', 1, text);
    const hover = datasets.hover(URI, { line: 0, character: 4 });
    assert.ok(hover && typeof hover.contents === 'object' && 'kind' in hover.contents);
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /\| Examples \| 3 \|/);
    assert.match(hover.contents.value, /\| Training \(80%\) \| 2 \|/);
    assert.match(hover.contents.value, /\| Validation \(20%\) \| 1 \|/);
    assert.match(hover.contents.value, /\| Duplicates \| 1 \|/);
    assert.match(hover.contents.value, /\| Longest prompt \| 3 characters \(line 2\) \|/);
    assert.deepEqual(hover.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 34 } });
    assert.equal(datasets.hover(URI, { line: 1, character: 0 }), null);
    assert.equal(datasets.hover('file:///closed.jsonl', { line: 0, character: 0 }), null);
  });
});
