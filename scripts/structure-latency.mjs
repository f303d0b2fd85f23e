// Prints what the outline, folding ranges and semantic tokens cost on a generated 10,000-line file: the first call
// (every chunk computed), the second (all cached), and after a one-character edit and a line break (one chunk
// recomputed; with the line break, the chunks below it move).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { openDocument } = require(join(root, 'out/test/support/parser.js'));
const { generateTerraform } = require(join(root, 'out/test/support/terraformGenerator.js'));
const { documentSymbols } = require(join(root, 'out/server/src/features/documentSymbols.js'));
const { foldingRanges } = require(join(root, 'out/server/src/features/foldingRanges.js'));
const { semanticTokens } = require(join(root, 'out/server/src/features/semanticTokens.js'));

const lines = Number(process.argv[2] ?? 10000);
const text = generateTerraform(lines);
const textLines = text.split('\n');
const middle = textLines.findIndex((l, i) => i > textLines.length / 2 && l.includes('display_name   = "support-bot-'));
const character = textLines[middle].indexOf('"') + 1;

const features = { documentSymbols, foldingRanges, semanticTokens };
const time = (f) => {
  const start = performance.now();
  f();
  return performance.now() - start;
};
/** The median of a few runs of `run`, which answers the time of what it measures. */
const median = (run, runs = 9) => {
  const times = Array.from({ length: runs }, run).sort((a, b) => a - b);
  return times[runs >> 1];
};

console.log(`file: ${textLines.length} lines`);
for (const [name, feature] of Object.entries(features)) {
  const document = await openDocument(text);
  let version = 1;
  /** The cost of answering again after `change`, without the cost of the edit itself. */
  const afterEach = (change) =>
    median(() => {
      document.update([change], ++version);
      return time(() => feature(document));
    });
  const first = time(() => feature(document));
  const second = median(() => time(() => feature(document)));
  const typed = afterEach({ range: { start: { line: middle, character }, end: { line: middle, character } }, text: 'x' });
  const lineBreak = afterEach({ range: { start: { line: middle, character: 0 }, end: { line: middle, character: 0 } }, text: '\n' });
  console.log(
    `${name}: first ${first.toFixed(1)} ms, second ${second.toFixed(2)} ms, after a one-character edit ${typed.toFixed(2)} ms, ` +
      `after a line break half-way ${lineBreak.toFixed(2)} ms`,
  );
  document.dispose();
}
