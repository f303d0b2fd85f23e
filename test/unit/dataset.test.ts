import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkDatasetStream, checkDatasetText } from '../../server/src/dataset/checkDataset';
import { DatasetChecker, trainingSplit, type DatasetCheckerOptions, type DatasetReport } from '../../server/src/dataset/datasetChecker';
import { DATASET_RULES } from '../../server/src/dataset/datasetRules';
import { objectMembers } from '../../server/src/dataset/jsonMembers';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function check(bytes: Uint8Array | string, options: DatasetCheckerOptions = {}): DatasetReport {
  const checker = new DatasetChecker(options);
  checker.push(typeof bytes === 'string' ? utf8(bytes) : bytes);
  return checker.finish();
}

/** The same bytes pushed in pieces cut at `cuts`. */
function checkInPieces(bytes: Uint8Array, cuts: number[]): DatasetReport {
  const checker = new DatasetChecker();
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    checker.push(bytes.subarray(start, cut));
    start = cut;
  }
  checker.push(bytes.subarray(start));
  return checker.finish();
}

const found = (report: DatasetReport): [number, string][] => report.findings.map((finding) => [finding.line, finding.rule]);

function example(prompt: string, completion: string): string {
  return JSON.stringify({ prompt, completion });
}

describe('DatasetChecker', () => {
  it('reports each kind of problem at its line, and goes on after it', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${example('What is OCI?', 'Oracle Cloud Infrastructure.')}\n`), // 1: byte-order mark
      Buffer.from('{"prompt": "a", "completion": "b"\n'), // 2: not JSON
      Buffer.from('["a", "b"]\n'), // 3: not an object
      Buffer.from('{"completion": "b"}\n'), // 4: no prompt
      Buffer.from('{"prompt": 7, "completion": null}\n'), // 5: not strings, twice
      Buffer.from('{"prompt": "", "completion": " \\t "}\n'), // 6: empty, white space only
      Buffer.from(`{"prompt": "a", "completion": "b", "label": 1}\n`), // 7: unknown key (still an example)
      Buffer.from('\n'), // 8: blank
      Buffer.from('   \r\n'), // 9: blank, with CRLF
      Buffer.from(`${example('What is OCI?', 'Oracle Cloud Infrastructure.')}\r\n`), // 10: duplicate of line 1
      Buffer.concat([Buffer.from('{"prompt": "caf'), Buffer.from([0xe9]), Buffer.from('", "completion": "b"}\n')]), // 11: Latin-1
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${example('joined', 'files')}\n`), // 12: byte-order mark mid-file
      Buffer.from('{"prompt": "cut here", "compl'), // 13: cut off
    ]);
    const report = check(bytes);
    assert.deepEqual(found(report), [
      [1, 'byte-order-mark'],
      [2, 'not-json'],
      [3, 'not-object'],
      [4, 'missing-field'],
      [5, 'field-not-string'],
      [5, 'field-not-string'],
      [6, 'empty-field'],
      [6, 'empty-field'],
      [7, 'unknown-key'],
      [8, 'blank-line'],
      [9, 'blank-line'],
      [10, 'duplicate-example'],
      [11, 'invalid-utf8'],
      [12, 'byte-order-mark'],
      [13, 'truncated-line'],
    ]);
    for (const finding of report.findings) assert.equal(finding.severity, DATASET_RULES[finding.rule].severity);
    assert.match(report.findings.find((f) => f.line === 10)!.message, /line 1\b/);
    assert.match(report.findings.find((f) => f.line === 6 && f.message.includes('white space'))!.message, /"completion"/);
    assert.equal(report.summary.examples, 4, 'lines 1, 7, 10 and 12');
    assert.equal(report.summary.duplicates, 1);
    assert.equal(report.summary.lines, 13);
    assert.equal(report.summary.errors, 9);
    assert.equal(report.summary.warnings, 6);
  });

  it('suggests the field a misspelt key was meant to be', () => {
    const report = check(`{"promt": "a", "completion": "b"}\n${example('a', 'b')}\n`);
    assert.deepEqual(found(report), [
      [1, 'missing-field'],
      [1, 'unknown-key'],
    ]);
    assert.match(report.findings[1]!.message, /did you mean "prompt"/);
  });

  it('accepts a last line without a line break when it is complete, and calls an incomplete one cut off', () => {
    assert.deepEqual(found(check(example('a', 'b'))), []);
    assert.deepEqual(found(check(`${example('a', 'b')}\n{"prompt": "a", "completion": 3}`)), [[2, 'field-not-string']]);
    // Cut inside the two bytes of "é": the cut, not the encoding, is the problem.
    const cutInCharacter = utf8(`${example('a', 'b')}\n{"prompt": "caf\u00e9`).subarray(0, -1);
    assert.deepEqual(found(check(cutInCharacter)), [[2, 'truncated-line']]);
    // The same bytes followed by a line break are a line in another encoding.
    assert.deepEqual(found(check(Buffer.concat([cutInCharacter, Buffer.from('"}\n')]))), [[2, 'invalid-utf8']]);
  });

  it('places findings in UTF-16 code units of the line, after emoji and a byte-order mark', () => {
    const line = '{"prompt": "😀é 😀", "extrá": 1, "completion": ""}';
    const report = check(`${line}\n\uFEFF${line}\n`);
    const at = (lineNumber: number, rule: string) => report.findings.find((f) => f.line === lineNumber && f.rule === rule)!.span!;
    const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);
    assert.equal(slice(line, at(1, 'unknown-key')), '"extrá"');
    assert.equal(slice(line, at(1, 'empty-field')), '""');
    assert.equal(slice(`\uFEFF${line}`, at(2, 'unknown-key')), '"extrá"');
    assert.equal(slice(`\uFEFF${line}`, at(2, 'empty-field')), '""');
    assert.deepEqual(at(2, 'byte-order-mark'), { start: 0, end: 1 });
    const notJson = check('{"prompt": "😀", "completion" "b"}\n').findings[0]!;
    assert.equal(notJson.rule, 'not-json');
    // 30 UTF-16 code units before the place, 29 characters.
    assert.equal(notJson.span!.start, 30);
    assert.match(notJson.message, /column 30\b/);
  });

  it('skips a line longer than the limit without keeping it, and reads the next', () => {
    const long = (completion: string): string => `{"prompt": "${'x'.repeat(5000)}", "completion": "${completion}"}`;
    const text = `${long('y')}\n${example('a', 'b')}\n${long('z')}`;
    const report = checkInPieces(utf8(text), [100, 2000, 4000, 5050]);
    const limited = check(text, { maxLineBytes: 1024 });
    assert.deepEqual(found(report), []);
    assert.deepEqual(found(limited), [
      [1, 'line-too-long'],
      [3, 'line-too-long'],
    ]);
    assert.equal(limited.summary.examples, 1);
  });

  it('says so when the file has no example', () => {
    assert.deepEqual(found(check('')), [[1, 'no-examples']]);
    assert.match(check('').findings[0]!.message, /empty/);
    assert.deepEqual(found(check('{}\n')), [
      [1, 'missing-field'],
      [1, 'missing-field'],
      [1, 'no-examples'],
    ]);
  });

  it('keeps the first findings and counts the rest, handing every one to onFinding', () => {
    const handed: number[] = [];
    const report = check('x\n'.repeat(5), { keptFindings: 2, onFinding: (finding) => handed.push(finding.line) });
    assert.deepEqual(found(report), [
      [1, 'not-json'],
      [2, 'not-json'],
    ]);
    assert.equal(report.omittedFindings, 4, 'three lines and no-examples');
    assert.equal(report.summary.errors, 6);
    assert.deepEqual(handed, [1, 2, 3, 4, 5, 1]);
  });

  it('refuses to go on after finish', () => {
    const checker = new DatasetChecker();
    checker.finish();
    assert.throws(() => checker.push(utf8('x')), /after finish/);
  });
});

describe('duplicates', () => {
  it('compares decoded pairs, and keeps the prompt apart from the completion', () => {
    const report = check(
      [example('ab', 'c'), example('a', 'bc'), '{"prompt": "\\u0061b", "completion": "c"}', example('ab', 'c '), example('c', 'ab')].join('\n'),
    );
    assert.deepEqual(found(report), [[3, 'duplicate-example']]);
    assert.match(report.findings[0]!.message, /as line 1$/);
  });

  it('finds every repeat among many distinct examples, with the first line of each', () => {
    const distinct = 5000;
    const lines = Array.from({ length: distinct }, (_, i) => example(`question ${i}`, `answer ${i}`));
    const report = check(`${[...lines, ...lines.slice().reverse()].join('\n')}\n`);
    assert.equal(report.summary.duplicates, distinct);
    assert.equal(report.summary.examples, 2 * distinct);
    const first = report.findings[0]!;
    assert.equal(first.line, distinct + 1);
    assert.equal(first.message, `the same prompt and completion as line ${distinct}`);
  });
});

describe('the summary', () => {
  it('counts examples, the 80/20 split, and the longest fields in code points', () => {
    const report = check(
      [example('😀😀😀', 'ab'), example('abc', 'xyzw'), '{"prompt": "", "completion": "left out"}', example('abcd', 'é'), example('😀😀😀', 'ab'), ''].join('\n'),
    );
    const { summary } = report;
    assert.equal(summary.lines, 5);
    assert.equal(summary.examples, 4);
    assert.equal(summary.training, 3);
    assert.equal(summary.validation, 1);
    assert.equal(summary.duplicates, 1);
    assert.deepEqual(summary.longestPrompt, { characters: 4, line: 4 }, 'three emoji are three characters, six UTF-16 code units');
    assert.deepEqual(summary.longestCompletion, { characters: 4, line: 2 });
    assert.equal(summary.bytes, utf8([example('😀😀😀', 'ab'), example('abc', 'xyzw'), '{"prompt": "", "completion": "left out"}', example('abcd', 'é'), example('😀😀😀', 'ab'), ''].join('\n')).length);
    assert.equal(summary.errors, 1);
    assert.equal(summary.warnings, 1);
    assert.equal(check('').summary.longestPrompt, null);
  });

  it('splits 80/20 rounding validation up, in exact arithmetic', () => {
    const splits = [0, 1, 4, 5, 6, 10, 15, 99, 1001].map((examples) => [examples, trainingSplit(examples)]);
    assert.deepEqual(splits, [
      [0, { training: 0, validation: 0 }],
      [1, { training: 0, validation: 1 }],
      [4, { training: 3, validation: 1 }],
      [5, { training: 4, validation: 1 }],
      [6, { training: 4, validation: 2 }],
      [10, { training: 8, validation: 2 }],
      [15, { training: 12, validation: 3 }],
      [99, { training: 79, validation: 20 }],
      [1001, { training: 800, validation: 201 }],
    ]);
  });
});

/** Lines of every kind, with multi-byte characters, CRLF, byte-order marks and bytes that are not UTF-8. */
const datasetLine = fc.oneof(
  fc.record({ prompt: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), completion: fc.constantFrom('é', '😀 ok', 'b', ' ') }).map((pair) => utf8(JSON.stringify(pair))),
  fc.constantFrom(
    '{"prompt": "é😀", "completion": "ß"}',
    '{"prompt": "a", "completion": "b", "ключ": 1}',
    '{"prompt": "a"',
    '[1]',
    '',
    '  ',
    '\uFEFF{"prompt": "a", "completion": "b"}',
  ).map(utf8),
  fc.constant(Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d])),
);
const lineBreak = fc.constantFrom('\n', '\r\n').map(utf8);
const dataset = fc
  .tuple(fc.array(fc.tuple(datasetLine, lineBreak), { maxLength: 12 }), fc.option(datasetLine))
  .map(([lines, last]) => Buffer.concat([...lines.flat(), ...(last ? [last] : [])]));

describe('reading in chunks', () => {
  it('gives the same report however the bytes are cut', () => {
    fc.assert(
      fc.property(
        dataset.chain((bytes) => fc.tuple(fc.constant(bytes), fc.uniqueArray(fc.nat({ max: bytes.length }), { maxLength: 10 }))),
        ([bytes, cuts]) => assert.deepEqual(checkInPieces(bytes, cuts), check(bytes)),
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same report for every cut of a small file, in a character and between CR and LF', () => {
    const bytes = utf8('\uFEFF{"prompt": "é😀", "completion": "ß"}\r\n\r\n{"prompt": "a", "completion": "é😀"}\r\n{"prompt": "é');
    const whole = check(bytes);
    for (let cut = 0; cut <= bytes.length; cut++) assert.deepEqual(checkInPieces(bytes, [cut]), whole, `cut at byte ${cut}`);
    assert.deepEqual(checkInPieces(bytes, Array.from({ length: bytes.length }, (_, i) => i)), whole, 'a byte at a time');
  });
});

describe('objectMembers', () => {
  it('finds the key and the value of every member, whatever they hold and however spaced', () => {
    const spacing = fc.constantFrom('', ' ', '\t', '  ');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), spacing, spacing, (object, inside, around) => {
        const members = Object.entries(object).map(([key, value]) => `${inside}${JSON.stringify(key)}${inside}:${inside}${JSON.stringify(value)}${inside}`);
        const text = `${around}{${members.join(',')}}${around}`;
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const places = objectMembers(text);
        assert.deepEqual([...places.keys()].sort(), Object.keys(parsed).sort());
        for (const [key, { key: keySpan, value }] of places) {
          assert.equal(JSON.parse(text.slice(keySpan.start, keySpan.end)), key);
          assert.deepEqual(JSON.parse(text.slice(value.start, value.end)), parsed[key]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkDatasetText', () => {
  it('finds what the UTF-8 bytes of the text give, also across its slices', async () => {
    // A surrogate pair straddles the first slice boundary (2^20 characters).
    const head = '{"prompt": "';
    const text = `${head}${'x'.repeat((1 << 20) - 1 - head.length)}😀", "completion": "y"}\n${example('a', '')}\n\n${example('é😀', 'b')}\n${example('é😀', 'b')}`;
    assert.equal(text.charCodeAt((1 << 20) - 1) >= 0xd800, true, 'the pair is cut by a slice');
    const report = await checkDatasetText(text);
    assert.deepEqual(report, check(utf8(text)));
    assert.deepEqual(found(report), [
      [2, 'empty-field'],
      [3, 'blank-line'],
      [5, 'duplicate-example'],
    ]);
  });
});

describe('checkDatasetStream', () => {
  it('reads a stream of chunks and reports progress in bytes', async () => {
    const chunks = [example('a', 'b'), '\n', example('c', 'd'), '\n{"prompt'].map((text) => Buffer.from(text));
    const progress: number[] = [];
    const report = await checkDatasetStream(Readable.from(chunks), { onProgress: (bytes) => progress.push(bytes) });
    assert.deepEqual(found(report), [[3, 'truncated-line']]);
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    assert.equal(progress.at(-1), total);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
    assert.equal(report.summary.bytes, total);
  });

  it('stops when aborted, and destroys a Node stream it reads', async () => {
    const controller = new AbortController();
    let produced = 0;
    const endless = new Readable({
      read() {
        produced++;
        this.push(Buffer.from(`${example('a', 'b')}\n`));
      },
    });
    const checked = checkDatasetStream(endless, {
      signal: controller.signal,
      onProgress: () => {
        if (produced > 10) controller.abort();
      },
    });
    await assert.rejects(checked, { name: 'AbortError' });
    assert.equal(endless.destroyed, true);
  });

  it('refuses a stream of text', async () => {
    await assert.rejects(checkDatasetStream(Readable.from(['{"prompt": "a"}'])), TypeError);
  });
});
