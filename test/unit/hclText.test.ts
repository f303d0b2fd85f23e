import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { hclString, hclValue, isIdentifier, isTraversal, numberText, resourceName } from '../../server/src/convert/hclText';
import type { Value } from '../../server/src/convert/values';
import { distinctInNfc, hostileString, terraformJsonString } from '../support/modelConversion';

/** hcl2json's JSON of `a0 = <text 0>`, `a1 = <text 1>`... in one resource body. */
async function readBack(expressions: string[]): Promise<unknown[]> {
  const body = expressions.map((expression, index) => `  a${index} = ${expression}\n`).join('');
  const json = (await parse('main.tf', `resource "t" "n" {\n${body}}\n`)) as { resource: { t: { n: Record<string, unknown>[] } } };
  const attributes = json.resource.t.n[0]!;
  return expressions.map((_, index) => attributes[`a${index}`]);
}

/** A value as hcl2json's JSON holds it: strings and keys in Terraform's JSON spelling and NFC, -0 as 0. */
function inTerraformJson(value: Value): unknown {
  if (typeof value === 'string') return terraformJsonString(value);
  if (typeof value === 'number') return value === 0 ? 0 : value;
  if (Array.isArray(value)) return value.map(inTerraformJson);
  if (value === null || typeof value === 'boolean') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [terraformJsonString(key), inTerraformJson(item)]));
}

const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e21, 1.5e-7, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 0.1, -0.000001, 123456789012345680000),
);

const randomValue: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    number,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }).filter(distinctInNfc),
  ),
})).value;

describe('hclString', () => {
  it('is read back by HashiCorp\'s parser as exactly the string, never as a template', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileString, { minLength: 1, maxLength: 12 }), async (values) => {
        assert.deepEqual(await readBack(values.map(hclString)), values.map(terraformJsonString));
      }),
      { numRuns: 100 },
    );
  });

  it('writes an interpolation or a directive as literal text', async () => {
    const injection = 'x ${file("/etc/passwd")} %{ if true }y%{ endif }';
    assert.equal(hclString(injection), '"x $${file(\\"/etc/passwd\\")} %%{ if true }y%%{ endif }"');
    assert.deepEqual(await readBack([hclString(injection)]), [terraformJsonString(injection)]);
  });

  it('doubles the `$` or `%` right before the brace, and escapes one before that, as the editor\'s grammar needs', async () => {
    const runs = ['${', '$${', '$$${a}', '$', '$$', 'a$', '%{', '%%{', '%%%{', '100%', '$}{', '$%{', '%${'];
    assert.deepEqual(runs.map(hclString), [
      '"$${"',
      '"\\u0024$${"',
      '"$\\u0024$${a}"',
      '"$"',
      '"$$"',
      '"a$"',
      '"%%{"',
      '"\\u0025%%{"',
      '"%\\u0025%%{"',
      '"100%"',
      '"$}{"',
      '"$%%{"',
      '"%$${"',
    ]);
    assert.deepEqual(await readBack(runs.map(hclString)), runs.map(terraformJsonString));
  });

  it('escapes quotes, backslashes, controls, bidi controls and line separators; writes other characters as they are', () => {
    assert.equal(hclString('a"b\\c\nd\re\tf'), String.raw`"a\"b\\c\nd\re\tf"`);
    assert.equal(hclString('\u0000\u001b\u007f\u0085'), String.raw`"\u0000\u001B\u007F\u0085"`);
    assert.equal(hclString('abc\u202Edef\u2066\u2028\u2029\uFEFF'), String.raw`"abc\u202Edef\u2066\u2028\u2029\uFEFF"`);
    assert.equal(hclString('😀 q\u0301 \u0301 👨‍👩‍👧 🏴󠁧󠁢󠁳󠁣󠁴󠁿 中文'), '"😀 q\u0301 \u0301 👨‍👩‍👧 🏴󠁧󠁢󠁳󠁣󠁴󠁿 中文"');
  });

  it('writes the string in Unicode NFC, as Terraform holds every string', async () => {
    const decomposed = ['e\u0301', '\u212B', '\uF9F1', 'a\u0308\u0301'];
    assert.deepEqual(decomposed.map(hclString), ['"\u00E9"', '"\u00C5"', '"\u96A3"', '"\u00E4\u0301"']);
    assert.deepEqual(await readBack(decomposed.map(hclString)), decomposed.map((text) => text.normalize('NFC')));
  });

  it('refuses a lone surrogate, which no Terraform string can hold', () => {
    assert.throws(() => hclString('a\uD800b'), /lone UTF-16 surrogate \(U\+D800\)/);
    assert.throws(() => hclString('\uDE00'), /U\+DE00/);
  });
});

describe('hclValue', () => {
  it('is read back by HashiCorp\'s parser as the same value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(randomValue, { minLength: 1, maxLength: 6 }), async (values) => {
        assert.deepEqual(await readBack(values.map((value) => hclValue(value, '  '))), values.map(inTerraformJson));
      }),
      { numRuns: 100 },
    );
  });

  it('writes numbers as numbers in positional digits', async () => {
    const numbers = [1e21, 1.5e-7, -2.5, 0, 42, 5e-324, 1.7976931348623157e308];
    const texts = numbers.map((n) => hclValue(n, ''));
    assert.deepEqual(texts.slice(0, 5), ['1000000000000000000000', '0.00000015', '-2.5', '0', '42']);
    for (const text of texts) assert.match(text, /^-?\d+(\.\d+)?$/);
    assert.deepEqual(await readBack(texts), numbers);
  });

  it('has positional digits that read back to the same double for every number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = numberText(n);
        assert.match(text, /^-?\d+(\.\d+)?$/);
        assert.equal(Number(text), n === 0 ? 0 : n);
      }),
    );
  });

  it('refuses numbers Terraform cannot hold', () => {
    for (const n of [NaN, Infinity, -Infinity]) assert.throws(() => hclValue(n, ''), /not a number Terraform can hold/);
  });

  it('quotes every object key, so that dots, spaces and keywords stay literal keys', async () => {
    const tags = { 'Operations.CostCenter': '42', 'a b': 'x', for: 'y', null: 'z', '${x}': 'w' };
    assert.equal(
      hclValue(tags, '  '),
      '{\n    "Operations.CostCenter" = "42"\n    "a b" = "x"\n    "for" = "y"\n    "null" = "z"\n    "$${x}" = "w"\n  }',
    );
    assert.deepEqual(await readBack([hclValue(tags, '  ')]), [inTerraformJson(tags)]);
  });

  it('refuses two keys that Terraform could not tell apart', () => {
    assert.throws(() => hclValue({ '\u00E9': 'precomposed', 'e\u0301': 'decomposed' }, ''), /same text once normalized/);
  });

  it('writes lists one item a line, and empty lists and objects on one', () => {
    assert.equal(hclValue(['a', [1, true], null], ''), '[\n  "a",\n  [\n    1,\n    true,\n  ],\n  null,\n]');
    assert.equal(hclValue([], ''), '[]');
    assert.equal(hclValue({}, ''), '{}');
  });
});

describe('resourceName', () => {
  it('is a lower-case identifier of at most 64 characters, not one of those taken', () => {
    fc.assert(
      fc.property(fc.option(hostileString, { nil: undefined }), fc.array(fc.constantFrom('model', 'model_2', 'a', 'x_y', 'model_3'), { maxLength: 5 }), (displayName, taken) => {
        const name = resourceName(displayName, new Set(taken));
        assert.match(name, /^[a-z][a-z0-9_]*$/);
        assert.ok(name.length <= 64 + '_99'.length);
        assert.ok(isIdentifier(name));
        assert.ok(!new Set<string>(taken).has(name));
      }),
    );
  });

  it('keeps letters and digits, drops accents, and joins words with one underscore', () => {
    const none = new Set<string>();
    assert.equal(resourceName('My Model — v2', none), 'my_model_v2');
    assert.equal(resourceName('  support-chat.LoRA  (r=8) ', none), 'support_chat_lora_r_8');
    assert.equal(resourceName('Café Crème', none), 'cafe_creme');
    assert.equal(resourceName('Straße Łódź Ørsted Æsir', none), 'strasse_lodz_orsted_aesir');
    assert.equal(resourceName('ｆｕｌｌｗｉｄｔｈ', none), 'fullwidth');
    assert.equal(resourceName('x ${file("/etc/passwd")}', none), 'x_file_etc_passwd');
  });

  it('starts with a letter, falls back to `model`, and stays short', () => {
    const none = new Set<string>();
    assert.equal(resourceName('2024 run', none), 'model_2024_run');
    assert.equal(resourceName(undefined, none), 'model');
    assert.equal(resourceName('', none), 'model');
    assert.equal(resourceName('日本語のモデル', none), 'model');
    assert.equal(resourceName('😀', none), 'model');
    const long = resourceName('word '.repeat(40), none);
    assert.ok(long.length <= 64 && !long.endsWith('_'), long);
  });

  it('is made unique with _2, _3...', () => {
    assert.equal(resourceName('model', new Set(['model'])), 'model_2');
    assert.equal(resourceName(undefined, new Set(['model', 'model_2'])), 'model_3');
    assert.equal(resourceName('Chat', new Set(['model'])), 'chat');
  });
});

describe('isTraversal', () => {
  it('accepts plain references only', () => {
    for (const reference of ['var.compartment_id', 'oci_generative_ai_dedicated_ai_cluster.training.id', 'data.x.y.items[0].id', 'local.ids["a"]']) {
      assert.ok(isTraversal(reference), reference);
    }
    for (const expression of ['var.x\n}', '"ocid1..."', 'var.x + 1', 'file("/etc/passwd")', '${var.x}', 'var.', '1abc', 'local.ids["${x}"]']) {
      assert.ok(!isTraversal(expression), expression);
    }
  });
});
