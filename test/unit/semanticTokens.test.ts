import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver-types';
import type { HclDocument } from '../../server/src/hcl/chunkedDocument';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens, semanticTokensInRange } from '../../server/src/features/semanticTokens';
import { assertCachedAnswersMatchFresh, editSequences, openEdited } from '../support/edits';
import { openDocument } from '../support/parser';
import { generateTerraform } from '../support/terraformGenerator';
import { FIXTURES } from '../support/workspace';
import { COMPLETE_MODEL, FINE_TUNING_EXAMPLE } from '../support/samples';

interface DecodedToken {
  line: number;
  character: number;
  length: number;
  text: string;
  type: string;
  modifiers: string[];
}

/** Reads LSP's relative encoding back into positions, text and legend names. */
function decode(document: HclDocument, data: number[]): DecodedToken[] {
  const tokens: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    character = data[i] === 0 ? character + data[i + 1]! : data[i + 1]!;
    const length = data[i + 2]!;
    tokens.push({
      line,
      character,
      length,
      text: document.lineText(line).slice(character, character + length),
      type: SEMANTIC_TOKENS_LEGEND.tokenTypes[data[i + 3]!]!,
      modifiers: SEMANTIC_TOKENS_LEGEND.tokenModifiers.filter((_, bit) => data[i + 4]! & (1 << bit)),
    });
  }
  return tokens;
}

async function tokensOf(text: string): Promise<DecodedToken[]> {
  const document = await openDocument(text);
  return decode(document, semanticTokens(document).data);
}

/** `text:type[.modifier...]` per token, to compare a line at a glance. */
function summary(tokens: DecodedToken[]): string[] {
  return tokens.map((t) => [`${t.text}:${t.type}`, ...t.modifiers].join('.'));
}

function onLine(tokens: DecodedToken[], line: number): string[] {
  return summary(tokens.filter((t) => t.line === line));
}

/** What LSP requires of tokens without `multilineTokenSupport`, and what the legend promises. */
function assertWellFormed(document: HclDocument, tokens: DecodedToken[]): void {
  let previous: DecodedToken | undefined;
  for (const token of tokens) {
    assert.ok(token.length > 0, `empty token at ${token.line}:${token.character}`);
    assert.ok(token.character + token.length <= document.lineText(token.line).length, `token past its line at ${token.line}:${token.character}`);
    if (previous && previous.line === token.line) {
      assert.ok(previous.character + previous.length <= token.character, `tokens overlap at ${token.line}:${token.character}`);
    }
    if (previous) assert.ok(previous.line <= token.line);
    previous = token;
  }
}


describe('semantic tokens', () => {
  it('advertises standard token types and modifiers only', () => {
    const standardTypes = new Set<string>(Object.values(SemanticTokenTypes));
    const standardModifiers = new Set<string>(Object.values(SemanticTokenModifiers));
    for (const type of SEMANTIC_TOKENS_LEGEND.tokenTypes) assert.ok(standardTypes.has(type), type);
    for (const modifier of SEMANTIC_TOKENS_LEGEND.tokenModifiers) assert.ok(standardModifiers.has(modifier), modifier);
  });

  it('tokenizes block headers, arguments, references and literals of a realistic file', async () => {
    const document = await openDocument(COMPLETE_MODEL);
    const tokens = decode(document, semanticTokens(document).data);
    assertWellFormed(document, tokens);
    const lines = COMPLETE_MODEL.split('\n');
    const lineOf = (start: string): number => lines.findIndex((line) => line.startsWith(start));

    assert.deepEqual(onLine(tokens, lineOf('resource "oci_generative_ai_model" "everything"')), [
      'resource:keyword',
      '"oci_generative_ai_model":type',
      '"everything":variable.declaration',
    ]);
    assert.deepEqual(onLine(tokens, lineOf('data "oci_generative_ai_models" "base"')), [
      'data:keyword',
      '"oci_generative_ai_models":type',
      '"base":variable.declaration',
    ]);
    assert.deepEqual(onLine(tokens, lineOf('variable "compartment_id"')), ['variable:keyword', '"compartment_id":variable.declaration']);
    assert.deepEqual(onLine(tokens, lineOf('  base_model_id  = data.')), [
      'base_model_id:property',
      '=:operator',
      'data:variable.defaultLibrary',
      'oci_generative_ai_models:type',
      'base:variable',
      'model_collection:property',
      '0:number',
      'items:property',
      '0:number',
      'id:property',
    ]);
    assert.deepEqual(onLine(tokens, lineOf('  version        = 2')), ['version:property', '=:operator', '2:number']);
    assert.deepEqual(onLine(tokens, lineOf('  epochs     = 3')), ['epochs:variable.declaration', '=:operator', '3:number']);
    assert.deepEqual(onLine(tokens, lineOf('  count      = var.enabled')), [
      'count:property',
      '=:operator',
      'var:variable.defaultLibrary',
      'enabled:variable',
      '?:operator',
      '1:number',
      '::operator',
      '0:number',
    ]);
    assert.deepEqual(onLine(tokens, lineOf('  fine_tune_details {')), ['fine_tune_details:property']);
    assert.deepEqual(onLine(tokens, lineOf('  dynamic "fine_tune_details" {')), ['dynamic:property', '"fine_tune_details":property']);
    assert.deepEqual(onLine(tokens, lineOf('  provisioner "local-exec" {')), ['provisioner:property', '"local-exec":type']);
    assert.deepEqual(onLine(tokens, lineOf('  freeform_tags  = { team')), [
      'freeform_tags:property',
      '=:operator',
      'team:property',
      '=:operator',
      '"ml":string',
      'enabled:property',
      '=:operator',
      'true:keyword',
    ]);
    assert.deepEqual(onLine(tokens, lineOf('  value = [for m in')), [
      'value:property',
      '=:operator',
      'for:keyword',
      'm:variable.declaration',
      'in:keyword',
      'oci_generative_ai_model:variable',
      'per_variant:property',
      '::operator',
      'm:variable',
      'state:property',
    ]);
    assert.deepEqual(onLine(tokens, 0), ['# Every argument and block of oci_generative_ai_model, Terraform\'s meta-arguments, and value forms that:comment']);
  });

  it('tokenizes interpolations inside strings as code, not string', async () => {
    const tokens = await tokensOf('x = "a-${var.name}-${upper(local.suffix)}-z"\n');
    assert.deepEqual(onLine(tokens, 0), [
      'x:property',
      '=:operator',
      '"a-:string',
      'var:variable.defaultLibrary',
      'name:variable',
      '-:string',
      'upper:function',
      'local:variable.defaultLibrary',
      'suffix:variable',
      '-z":string',
    ]);
  });

  it('tokenizes template directives and heredocs one line at a time', async () => {
    const text = `locals {
  names = "%{for n in var.names}\${n},%{endfor}"
  script = <<-EOT
    echo \${each.key}
    %{if var.debug}set -x%{else}true%{endif}
  EOT
}
`;
    const document = await openDocument(text);
    const tokens = decode(document, semanticTokens(document).data);
    assertWellFormed(document, tokens);
    assert.deepEqual(onLine(tokens, 1), [
      'names:variable.declaration',
      '=:operator',
      '":string',
      'for:keyword',
      'n:variable.declaration',
      'in:keyword',
      'var:variable.defaultLibrary',
      'names:variable',
      'n:variable',
      ',:string',
      'endfor:keyword',
      '":string',
    ]);
    assert.deepEqual(onLine(tokens, 2), ['script:variable.declaration', '=:operator', '<<-EOT:string']);
    assert.deepEqual(onLine(tokens, 3), ['echo:string', 'each:variable.defaultLibrary', 'key:property']);
    assert.deepEqual(onLine(tokens, 4), [
      'if:keyword',
      'var:variable.defaultLibrary',
      'debug:variable',
      'set -x:string',
      'else:keyword',
      'true:string',
      'endif:keyword',
    ]);
    assert.deepEqual(onLine(tokens, 5), ['EOT:string']);
  });

  it('splits block comments into one token per line, without line breaks', async () => {
    const text = 'a = 1 /* one\r\n two\r\n three */\r\nb = 2 # end\r\n';
    const document = await openDocument(text);
    const tokens = decode(document, semanticTokens(document).data);
    assertWellFormed(document, tokens);
    assert.deepEqual(
      tokens.filter((t) => t.type === 'comment').map((t) => [t.line, t.character, t.text]),
      [
        [0, 6, '/* one'],
        [1, 0, ' two'],
        [2, 0, ' three */'],
        [3, 6, '# end'],
      ],
    );
  });

  it('counts positions and lengths in UTF-16 code units', async () => {
    // x=0 ' '=1 '='=2 ' '=3 '"'=4 'é'=5 '😀'=6,7 '$'=8 '{'=9 'var'=10..12 '.'=13 'v'=14 '}'=15 '😀'=16,17 '"'=18
    const tokens = await tokensOf('x = "é😀${var.v}😀" # ü😀\ny = 1\n');
    assert.deepEqual(
      tokens.map((t) => [t.line, t.character, t.length, t.type]),
      [
        [0, 0, 1, 'property'],
        [0, 2, 1, 'operator'],
        [0, 4, 4, 'string'],
        [0, 10, 3, 'variable'],
        [0, 14, 1, 'variable'],
        [0, 16, 3, 'string'],
        [0, 20, 5, 'comment'],
        [1, 0, 1, 'property'],
        [1, 2, 1, 'operator'],
        [1, 4, 1, 'number'],
      ],
    );
  });

  it('gives well-formed tokens for generated and example files', async () => {
    for (const text of [generateTerraform(600), FINE_TUNING_EXAMPLE, COMPLETE_MODEL]) {
      const document = await openDocument(text);
      const tokens = decode(document, semanticTokens(document).data);
      assertWellFormed(document, tokens);
      assert.ok(!tokens.some((t) => t.type === 'string' && t.text.includes('${')), 'a string token covers an interpolation');
      document.dispose();
    }
  });

  it('tokenizes what it can of half-typed files, without throwing', async () => {
    for (const file of fs.readdirSync(path.join(FIXTURES, 'half-typed'))) {
      const document = await openDocument(fs.readFileSync(path.join(FIXTURES, 'half-typed', file), 'utf8'));
      assertWellFormed(document, decode(document, semanticTokens(document).data));
    }
    const tokens = await tokensOf(`resource "oci_generative_ai_model" "m" {
  display_name = "x"
  fine_tune_details {
    lora_r = 
`);
    assert.deepEqual(onLine(tokens, 0), ['resource:keyword', '"oci_generative_ai_model":type', '"m":variable.declaration']);
    assert.deepEqual(onLine(tokens, 1), ['display_name:property', '=:operator', '"x":string']);
    assert.deepEqual(onLine(tokens, 2), ['fine_tune_details:property']);
    assert.deepEqual(onLine(tokens, 3), ['lora_r:property', '=:operator']);
    for (const text of ['', '"', '${', 'resource "oci_gen', '}}}', '/* never closed\n\n', 'x = <<EOT\nno end\n']) {
      const document = await openDocument(text);
      assertWellFormed(document, decode(document, semanticTokens(document).data));
    }
  });

  it('moves the tokens of the chunks below an edit that adds a line', async () => {
    const text = 'variable "a" {}\n\nvariable "b" {\n  default = 1\n}\n';
    const document = await openDocument(text);
    const before = decode(document, semanticTokens(document).data);
    document.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# new\n' }], 2);
    const after = decode(document, semanticTokens(document).data);
    assert.deepEqual(after[0], { line: 0, character: 0, length: 5, text: '# new', type: 'comment', modifiers: [] });
    assert.deepEqual(
      after.slice(1),
      before.map((t) => ({ ...t, line: t.line + 1 })),
    );
    assert.deepEqual(semanticTokens(document), semanticTokens(await openDocument(document.text)));
  });

  it('answers from its cache what it answers for a freshly opened document, after any edits', async () => {
    await assertCachedAnswersMatchFresh(generateTerraform(120), semanticTokens);
  });

  it('stays well-formed on randomly edited, mostly broken text', async () => {
    await fc.assert(
      fc.asyncProperty(editSequences, async (edits) => {
        const document = await openEdited(COMPLETE_MODEL, edits);
        assertWellFormed(document, decode(document, semanticTokens(document).data));
        document.dispose();
      }),
      { numRuns: 100 },
    );
  });

  it('answers at once for a traversal of thousands of steps, leaving its chunk to the grammar (found by the LSP fuzz suite)', async () => {
    for (const steps of ['a.'.repeat(20_000), '[0]'.repeat(20_000)]) {
      // Tree-sitter's query took seconds whatever holds the steps: an expression, or what error recovery makes of
      // a broken one (an operation, an ERROR).
      for (const value of [`x${steps}x`, `var.x${steps}y != ""`, `"\${${steps}`]) {
        const document = await openDocument(`variable "v" {}\nlocals {\n  y = 1\n  x = ${value}\n}\n`);
        const started = performance.now();
        const tokens = decode(document, semanticTokens(document).data);
        const elapsed = performance.now() - started;
        assert.ok(elapsed < 1_000, `${Math.round(elapsed)} ms`);
        assert.deepEqual(tokens.map((t) => t.text), ['variable', '"v"']);
      }
    }
  });

  it('answers a range with the tokens of the full answer that overlap it', async () => {
    const document = await openDocument(COMPLETE_MODEL);
    const all = decode(document, semanticTokens(document).data);
    const range = { start: { line: 57, character: 30 }, end: { line: 70, character: 8 } };
    const inRange = decode(document, semanticTokensInRange(document, range).data);
    const expected = all.filter((t) => {
      const endsAfterStart = t.line > 57 || t.character + t.length > 30;
      const startsBeforeEnd = t.line < 70 || t.character < 8;
      return t.line >= 57 && t.line <= 70 && endsAfterStart && startsBeforeEnd;
    });
    assert.ok(expected.length > 20);
    assert.deepEqual(inRange, expected);
  });
});
