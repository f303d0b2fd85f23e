// Prints how long the built server takes, over stdio as an editor drives it, to answer completion in a generated
// 10,000-line file: at an argument name, in a value, after a reference's dot, in training_config and at top level,
// each right after a one-character edit (as when typing), so that the answer cannot come from a warm cache alone.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { LspTestClient } = require(join(root, 'out/test/support/lspClient.js'));
const { generateTerraform } = require(join(root, 'out/test/support/terraformGenerator.js'));

const lines = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 100);
const text = generateTerraform(lines);
const uri = 'file:///latency/main.tf';
const textLines = text.split('\n');
const middle = textLines.findIndex((l, i) => i > textLines.length / 2 && l.includes('display_name   = "support-bot-'));
const lineOf = (fragment) => textLines.findIndex((l, i) => i > middle && l.includes(fragment));
const at = (line, fragment, offset = 0) => ({ line, character: textLines[line].indexOf(fragment) + offset });

const positions = {
  'argument name': at(middle, 'display_name', 3),
  'allowed value': at(lineOf('dataset_type = "OBJECT_STORAGE"'), '"', 1),
  'after a reference dot': at(lineOf('dedicated_ai_cluster_id = oci_'), '.fine_tuning', 1),
  'in training_config': at(lineOf('lora_alpha '), 'lora_alpha', 2),
  'top level': { line: middle - 3, character: 0 },
};

const client = await LspTestClient.start({
  capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } } } },
});
await client.open(uri, text);
// Edits go into a comment line of their own above the model, so every completion position stays where it is.
const editLine = middle - 4;
await client.change(uri, 2, [{ range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: '#\n' }]);
const shifted = Object.fromEntries(Object.entries(positions).map(([name, p]) => [name, { line: p.line + 1, character: p.character }]));

let version = 2;
const times = Object.fromEntries(Object.keys(positions).map((name) => [name, []]));
const all = [];
let itemCount = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, position] of Object.entries(shifted)) {
    const insert = version % 2 === 0;
    const range = { start: { line: editLine, character: 1 }, end: { line: editLine, character: insert ? 1 : 2 } };
    await client.change(uri, ++version, [{ range, text: insert ? 'x' : '' }]);
    const begin = performance.now();
    const result = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    const elapsed = performance.now() - begin;
    times[name].push(elapsed);
    all.push(elapsed);
    itemCount[name] = (Array.isArray(result) ? result : result.items).length;
  }
}
const percentile = (list, p) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
console.log(`file: ${textLines.length} lines; ${rounds} completions per position, each after an edit`);
for (const [name, list] of Object.entries(times)) {
  console.log(`  ${name} (${itemCount[name]} items): p50 ${percentile(list, 50).toFixed(2)} ms, p95 ${percentile(list, 95).toFixed(2)} ms`);
}
console.log(`completion request -> answer, all positions: p50 ${percentile(all, 50).toFixed(2)} ms, p95 ${percentile(all, 95).toFixed(2)} ms, max ${Math.max(...all).toFixed(2)} ms`);
await client.stop();
