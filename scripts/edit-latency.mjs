// Prints how long the built server takes, over stdio as an editor drives it, from a one-character edit of a
// generated 10,000-line file to the diagnostics for that edit. The full benchmark is `npm run bench`.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { LspTestClient } = require(join(root, 'out/test/support/lspClient.js'));
const { generateTerraform } = require(join(root, 'out/test/support/terraformGenerator.js'));

const lines = Number(process.argv[2] ?? 10000);
const edits = Number(process.argv[3] ?? 400);
const text = generateTerraform(lines);
const uri = 'file:///latency/main.tf';

const started = performance.now();
const client = await LspTestClient.start();
const opened = await client.open(uri, text);
const coldStart = performance.now() - started;

// Type into a value in the middle of the file, then delete what was typed: a realistic, steady edit.
const textLines = text.split('\n');
const line = textLines.findIndex((l, i) => i > textLines.length / 2 && l.includes('display_name   = "support-bot-'));
const character = textLines[line].indexOf('"') + 1;
const times = [];
for (let i = 0; i < edits; i++) {
  const insert = i % 2 === 0;
  const range = { start: { line, character }, end: { line, character: insert ? character : character + 1 } };
  const begin = performance.now();
  await client.change(uri, i + 2, [{ range, text: insert ? 'x' : '' }]);
  times.push(performance.now() - begin);
}
times.sort((a, b) => a - b);
const percentile = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
console.log(`file: ${textLines.length} lines, ${text.length} characters; diagnostics on open: ${opened.diagnostics.length}`);
console.log(`cold start to first diagnostics: ${coldStart.toFixed(1)} ms`);
console.log(`edit -> diagnostics over ${edits} edits: p50 ${percentile(50).toFixed(2)} ms, p95 ${percentile(95).toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms`);
await client.stop();
