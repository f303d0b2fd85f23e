import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { documentFormattingEdits, formattingEdits } from '../../server/src/features/formatting';
import { formatHcl } from '../../server/src/format/formatHcl';
import { applyEdits } from '../support/cursor';
import { sampleModel } from '../support/samples';
import { TemporaryModules } from '../support/workspace';

const MISALIGNED = `resource "oci_generative_ai_model" "m" {
compartment_id = var.compartment_id
    display_name="tuned"
  fine_tune_details {
  training_dataset {
      bucket = "b"
   dataset_type   =   "OBJECT_STORAGE"
  }
  }
}
`;

const TERRAFORM_FMT_STYLE = `resource "oci_generative_ai_model" "m" {
  compartment_id = var.compartment_id
  display_name   = "tuned"
  fine_tune_details {
    training_dataset {
      bucket       = "b"
      dataset_type = "OBJECT_STORAGE"
    }
  }
}
`;

const UNCLOSED_BLOCK = `resource "oci_generative_ai_model" "m" {
  compartment_id = var.compartment_id
  display_name   = 

resource "oci_generative_ai_model" "n" {
compartment_id = var.compartment_id
}
`;

const modules = new TemporaryModules();
after(() => modules.removeAll());

/** The document's diagnostics, as the server holds them, from a real workspace. */
async function diagnosticsOf(text: string): Promise<Diagnostic[]> {
  const { workspace, uri } = await modules.open({ 'main.tf': text, 'variables.tf': 'variable "compartment_id" {}\n' });
  const diagnostics = workspace.diagnostics(uri);
  workspace.dispose();
  return diagnostics;
}

describe('formatHcl', () => {
  it('formats as terraform fmt does: indents blocks and aligns the equals signs of adjacent arguments', async () => {
    assert.equal(await formatHcl(MISALIGNED), TERRAFORM_FMT_STYLE);
  });

  it('formats text with syntax errors too, which is why the editor checks syntax first', async () => {
    // hclwrite works on tokens: the block after the unclosed one is indented into it.
    assert.match(await formatHcl(UNCLOSED_BLOCK), /^ {2}resource "oci_generative_ai_model" "n" \{$/m);
  });

  it('stops a worker that overruns its time limit, with a clear error, and formats again afterwards', async () => {
    await assert.rejects(formatHcl(MISALIGNED, 1), /HCL formatter gave no answer within 1 ms and was stopped/);
    assert.equal(await formatHcl(MISALIGNED), TERRAFORM_FMT_STYLE);
  });

  it('answers calls made together, each with its own text', async () => {
    const texts = [MISALIGNED, 'a=1\n', 'bb = 2\nc=3\n'];
    assert.deepEqual(await Promise.all(texts.map((text) => formatHcl(text))), [
      TERRAFORM_FMT_STYLE,
      'a = 1\n',
      'bb = 2\nc  = 3\n',
    ]);
  });

  it('ends each formatter thread before starting the next, so formatter memory does not pile up', async () => {
    const threadCount = (): number => fs.readdirSync('/proc/self/task').length;
    await formatHcl(MISALIGNED); // starts libuv's thread pool, which stays
    const rssBefore = process.memoryUsage().rss;
    const threadsAfterEachFormat: number[] = [];
    for (let call = 0; call < 5; call++) {
      await formatHcl(MISALIGNED);
      threadsAfterEachFormat.push(threadCount());
    }
    // A format answers before its thread has ended; the next starts only once it has: never more than one.
    const threadsAdded = Math.max(...threadsAfterEachFormat) - Math.min(...threadsAfterEachFormat);
    assert.ok(threadsAdded <= 1, `threads after each format: ${threadsAfterEachFormat.join(' ')}`);
    // One formatter runtime holds ~100 MB and the last may still be ending; five kept would hold ~500 MB.
    const growth = process.memoryUsage().rss - rssBefore;
    assert.ok(growth < 150 * 1024 * 1024, `RSS grew by ${Math.round(growth / 1024 / 1024)} MB over five formats`);
  });
});

describe('documentFormattingEdits', () => {
  it('turns a misaligned document into terraform fmt style', async () => {
    const edits = await documentFormattingEdits(MISALIGNED, await diagnosticsOf(MISALIGNED));
    assert.equal(applyEdits(MISALIGNED, edits), TERRAFORM_FMT_STYLE);
  });

  it('gives no edits for a document already in terraform fmt style', async () => {
    const trainingConfig = ['training_config_type = "LORA_TRAINING_CONFIG"', 'lora_r               = 8'];
    const text = sampleModel({ trainingConfig });
    assert.deepEqual(await documentFormattingEdits(text, await diagnosticsOf(text)), []);
  });

  it('gives no edits, and does not throw, for a document with a syntax error', async () => {
    const diagnostics = await diagnosticsOf(UNCLOSED_BLOCK);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'syntax'));
    assert.deepEqual(await documentFormattingEdits(UNCLOSED_BLOCK, diagnostics), []);
  });

  it('keeps a CRLF file CRLF', async () => {
    const text = MISALIGNED.replace(/\n/g, '\r\n');
    const formatted = applyEdits(text, await documentFormattingEdits(text, await diagnosticsOf(text)));
    assert.equal(formatted, TERRAFORM_FMT_STYLE.replace(/\n/g, '\r\n'));
  });
});

describe('formattingEdits', () => {
  it('edits only what differs within each changed line', () => {
    const original = 'a=1\nbb = 2\nccc  =  3\n';
    const edits = formattingEdits(original, 'a   = 1\nbb  = 2\nccc = 3\n');
    assert.deepEqual(edits, [
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, newText: '   = ' },
      { range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } }, newText: ' ' },
      { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 7 } }, newText: '=' },
    ]);
    assert.equal(applyEdits(original, edits), 'a   = 1\nbb  = 2\nccc = 3\n');
  });

  it('gives no edits for unchanged text', () => {
    assert.deepEqual(formattingEdits(TERRAFORM_FMT_STYLE, TERRAFORM_FMT_STYLE), []);
  });

  it('counts positions in UTF-16 code units and never splits a surrogate pair', () => {
    const edits = formattingEdits('x = "😀" # a\nname="😀😀"\n', 'x = "😁" # a\nname = "😀😀"\n');
    assert.deepEqual(edits, [
      { range: { start: { line: 0, character: 5 }, end: { line: 0, character: 7 } }, newText: '😁' },
      { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, newText: ' = ' },
    ]);
  });

  it('counts a lone CR as a line break, as LSP does', () => {
    const original = 'a=1\rbb=2\n';
    const edits = formattingEdits(original, 'a = 1\rbb = 2\n');
    assert.deepEqual(
      edits.map((edit) => edit.range.start.line),
      [0, 1],
    );
    assert.equal(applyEdits(original, edits), 'a = 1\rbb = 2\n');
  });

  it('replaces the whole text in one edit when the line counts differ', () => {
    const original = 'a=1\n\n\nb=2';
    const edits = formattingEdits(original, 'a = 1\nb = 2\n');
    assert.deepEqual(edits, [
      { range: { start: { line: 0, character: 0 }, end: { line: 3, character: 3 } }, newText: 'a = 1\nb = 2\n' },
    ]);
  });
});
