// The benchmark: the built server over stdio, as an editor drives it, on generated Terraform of 100, 1,000 and
// 10,000 lines and on a workspace of 2,000 files in 200 module folders; HashiCorp's parser (@cdktf/hcl2json) on the
// same input in the same run as the reference. Prints a table, writes test-results/bench.json, and checks the
// budgets: exit 1 when one is missed. `npm run bench` builds first.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { LspTestClient, BUILT_CLI } = require(path.join(root, 'out/test/support/lspClient.js'));
const { generateTerraform } = require(path.join(root, 'out/test/support/terraformGenerator.js'));
const { parse: hclParse } = require('@cdktf/hcl2json');

const SIZES = [100, 1000, 10000];
const COLD_RUNS = 5;
const EDITS = 300;
const REQUESTS = 100;
const WORKSPACE_FOLDERS = 200;
const FILES_PER_FOLDER = 10;

const BUDGETS = [
  { name: 'edit -> diagnostics p50, 10,000 lines', limit: 5, unit: 'ms', value: (r) => r.sizes[10000].edit.p50 },
  { name: 'completion p95, 10,000 lines', limit: 10, unit: 'ms', value: (r) => r.sizes[10000].completion.p95 },
  { name: 'cold start -> first diagnostics, 10,000 lines', limit: 300, unit: 'ms', value: (r) => r.sizes[10000].coldStart },
  { name: 'cold start -> first diagnostics, 1,000 lines', limit: 300, unit: 'ms', value: (r) => r.sizes[1000].coldStart },
  { name: 'server RSS, 10,000-line file open', limit: 100, unit: 'MB', value: (r) => r.sizes[10000].openRssMb },
  { name: 'server RSS, 2,000-file workspace', limit: 150, unit: 'MB', value: (r) => r.workspace.rssMb },
  {
    name: 'edit cost in the 2,000-file workspace / in a lone file',
    limit: 1.5,
    unit: '×',
    value: (r) => r.workspace.editP50 / r.workspace.loneEditP50,
  },
];

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values) => percentile(values, 50);
const round = (value, digits = 1) => Number(value.toFixed(digits));
const currentRssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const peakRssMb = (pid) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
/** Waits until the server has published nothing new for a while: a large file's complete diagnostics are in. */
async function settled(client, quietMs = 1000) {
  let count = -1;
  while (count !== client.published.length) {
    count = client.published.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}
const time = async (run) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};
/** Servers must not see a developer's OCI config: the benchmark measures the editor, not a tenancy. */
const noCloud = { OCI_CONFIG_FILE: path.join(os.tmpdir(), 'oci-genai-tf-bench-no-config') };

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-genai-tf-bench-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

/** Inside the first display name of a model: where typing goes in a small file. */
function editPosition(text) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('display_name   = "support-bot-'));
  return { line, character: lines[line].indexOf('"') + 1 };
}

/** Lines of the text where a model's display name and its training type are, for edits, completion and hover. */
function positionsIn(text) {
  const lines = text.split('\n');
  const middle = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('display_name   = "support-bot-'));
  const after = (fragment) => lines.findIndex((l, i) => i > middle && l.includes(fragment));
  const at = (line, fragment, offset) => ({ line, character: lines[line].indexOf(fragment) + offset });
  return {
    edit: at(middle, '"', 1),
    completion: [at(middle, 'display_name', 3), at(after('dataset_type = "OBJECT_STORAGE"'), '"', 1), at(after('dedicated_ai_cluster_id = oci_'), '.fine_tuning', 1), at(after('training_config_type'), '"', 1)],
    hover: [at(middle, 'display_name', 3), at(after('dedicated_ai_cluster_id'), 'dedicated_ai_cluster_id', 5), at(after('var.bucket'), 'var.bucket', 5)],
  };
}

async function measureSize(lines) {
  const text = generateTerraform(lines);
  const file = path.join(scratch, `size-${lines}`, 'main.tf');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;

  // First diagnostics: a large file's top comes first; complete: the last publish for the opened version.
  const cold = [];
  const coldComplete = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    const started = performance.now();
    const client = await LspTestClient.start({ env: noCloud });
    await client.open(uri, text);
    cold.push(performance.now() - started);
    await settled(client);
    coldComplete.push(client.publishedAt[client.publishedAt.length - 1] - started);
    await client.stop();
  }

  // Warm: the same file closed and opened again in a server that has run; one document open at a time.
  const client = await LspTestClient.start({ env: noCloud });
  await client.open(uri, text);
  await settled(client);
  const openRssMb = currentRssMb(client.process.pid);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  const openStarted = performance.now();
  await client.open(uri, text);
  await settled(client);
  const open = client.publishedAt[client.publishedAt.length - 1] - openStarted;
  const positions = positionsIn(text);
  const edits = [];
  let version = 1;
  for (let i = 0; i < EDITS; i++) {
    const insert = i % 2 === 0;
    const { line, character } = positions.edit;
    const range = { start: { line, character }, end: { line, character: insert ? character : character + 1 } };
    edits.push(await time(() => client.change(uri, ++version, [{ range, text: insert ? 'x' : '' }])));
  }
  const request = async (method, position) => time(() => client.connection.sendRequest(method, { textDocument: { uri }, position }));
  const completion = [];
  const hover = [];
  for (let i = 0; i < REQUESTS; i++) {
    // Each after an edit, as when typing: nothing comes from a warm cache alone.
    const { line, character } = positions.edit;
    await client.change(uri, ++version, [{ range: { start: { line, character }, end: { line, character: i % 2 ? character + 1 : character } }, text: i % 2 ? '' : 'x' }]);
    completion.push(await request('textDocument/completion', positions.completion[i % positions.completion.length]));
    hover.push(await request('textDocument/hover', positions.hover[i % positions.hover.length]));
  }
  const rssMb = peakRssMb(client.process.pid);
  await client.stop();

  await hclParse('warm-up.tf', 'x = 1\n');
  const reference = [];
  for (let run = 0; run < 5; run++) reference.push(await time(() => hclParse('main.tf', text)));
  return {
    lines: text.split('\n').length,
    coldStart: round(median(cold)),
    coldStartComplete: round(median(coldComplete)),
    open: round(open),
    edit: { p50: round(percentile(edits, 50), 2), p95: round(percentile(edits, 95), 2) },
    completion: { p50: round(percentile(completion, 50), 2), p95: round(percentile(completion, 95), 2) },
    hover: { p50: round(percentile(hover, 50), 2), p95: round(percentile(hover, 95), 2) },
    openRssMb: round(openRssMb),
    rssMb: round(rssMb),
    hcl2jsonParse: round(median(reference)),
  };
}

function writeWorkspace() {
  const dir = path.join(scratch, 'workspace');
  const text = generateTerraform(150);
  for (let folder = 0; folder < WORKSPACE_FOLDERS; folder++) {
    const module = path.join(dir, `module-${String(folder).padStart(3, '0')}`);
    fs.mkdirSync(module, { recursive: true });
    for (let file = 0; file < FILES_PER_FOLDER; file++) fs.writeFileSync(path.join(module, `file-${file}.tf`), text);
  }
  return { dir, text, fileCount: WORKSPACE_FOLDERS * FILES_PER_FOLDER };
}

/** The built CLI's wall time and peak RSS (GNU time's %M, in KB). */
function runLint(dir) {
  return new Promise((resolve) => {
    const started = performance.now();
    execFile('/usr/bin/time', ['-f', '%M', process.execPath, BUILT_CLI, 'lint', dir, '--format', 'json'], { maxBuffer: 1 << 30, env: { ...process.env, ...noCloud } }, (_error, _stdout, stderr) => {
      const kb = Number(stderr.trim().split('\n').pop());
      resolve({ seconds: round((performance.now() - started) / 1000, 2), rssMb: round(kb / 1024) });
    });
  });
}

async function measureWorkspace() {
  const { dir, text, fileCount } = writeWorkspace();
  const target = path.join(dir, 'module-100', 'file-0.tf');
  const uri = pathToFileURL(target).href;
  const client = await LspTestClient.start({ env: noCloud, rootUri: pathToFileURL(dir).href });
  const open = await time(() => client.open(uri, text));
  const edit = editPosition(text);
  const edits = [];
  for (let i = 0; i < EDITS; i++) {
    const insert = i % 2 === 0;
    const range = { start: edit, end: { line: edit.line, character: insert ? edit.character : edit.character + 1 } };
    edits.push(await time(() => client.change(uri, i + 2, [{ range, text: insert ? 'x' : '' }])));
  }
  const rssMb = peakRssMb(client.process.pid);
  await client.stop();

  // The same file alone in its folder: does an edit cost more when 1,999 other files are around?
  const lone = path.join(scratch, 'lone', 'file-0.tf');
  fs.mkdirSync(path.dirname(lone), { recursive: true });
  fs.writeFileSync(lone, text);
  const loneClient = await LspTestClient.start({ env: noCloud });
  const loneUri = pathToFileURL(lone).href;
  await loneClient.open(loneUri, text);
  const loneEdits = [];
  for (let i = 0; i < EDITS; i++) {
    const insert = i % 2 === 0;
    const range = { start: edit, end: { line: edit.line, character: insert ? edit.character : edit.character + 1 } };
    loneEdits.push(await time(() => loneClient.change(loneUri, i + 2, [{ range, text: insert ? 'x' : '' }])));
  }
  await loneClient.stop();

  const lint = await runLint(dir);
  await hclParse('warm-up.tf', 'x = 1\n');
  const reference = await time(async () => {
    for (const folder of fs.readdirSync(dir)) for (const file of fs.readdirSync(path.join(dir, folder))) await hclParse(file, fs.readFileSync(path.join(dir, folder, file), 'utf8'));
  });
  return {
    files: fileCount,
    lines: fileCount * text.split('\n').length,
    openOneFile: round(open),
    rssMb: round(rssMb),
    editP50: round(percentile(edits, 50), 2),
    loneEditP50: round(percentile(loneEdits, 50), 2),
    lint,
    hcl2jsonParseAllSeconds: round(reference / 1000, 2),
  };
}

const results = { machine: { cpus: os.cpus().length, node: process.version }, sizes: {}, workspace: undefined };
for (const lines of SIZES) results.sizes[lines] = await measureSize(lines);
results.workspace = await measureWorkspace();

const rows = [['', ...SIZES.map((n) => `${n.toLocaleString('en')} lines`)]];
const row = (name, value) => rows.push([name, ...SIZES.map((n) => value(results.sizes[n]))]);
row('cold start -> first diagnostics', (s) => `${s.coldStart} ms`);
row('cold start -> all diagnostics', (s) => `${s.coldStartComplete} ms`);
row('open -> all diagnostics (warm server)', (s) => `${s.open} ms`);
row('edit -> diagnostics p50 / p95', (s) => `${s.edit.p50} / ${s.edit.p95} ms`);
row('completion p50 / p95', (s) => `${s.completion.p50} / ${s.completion.p95} ms`);
row('hover p50 / p95', (s) => `${s.hover.p50} / ${s.hover.p95} ms`);
row('server RSS with the file open', (s) => `${s.openRssMb} MB`);
row(`server peak RSS, after ${EDITS + REQUESTS} edits and ${2 * REQUESTS} requests`, (s) => `${s.rssMb} MB`);
row('hcl2json parse (HashiCorp, reference)', (s) => `${s.hcl2jsonParse} ms`);
row('open -> all diagnostics / hcl2json parse', (s) => `${round(s.open / s.hcl2jsonParse, 2)}×`);
row('edit -> diagnostics p50 / hcl2json parse', (s) => `${round(s.edit.p50 / s.hcl2jsonParse, 3)}×`);
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const print = (r) => console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
console.log(`oci-genai-tf benchmark (${results.machine.cpus} CPUs, Node ${results.machine.node})\n`);
rows.forEach(print);
const w = results.workspace;
console.log(`\nworkspace: ${w.files.toLocaleString('en')} files, ${w.lines.toLocaleString('en')} lines in ${WORKSPACE_FOLDERS} module folders`);
console.log(`  open one file -> diagnostics ${w.openOneFile} ms; server peak RSS ${w.rssMb} MB; edit p50 ${w.editP50} ms (the same file alone: ${w.loneEditP50} ms)`);
console.log(`  lint of the whole workspace: ${w.lint.seconds} s, peak RSS ${w.lint.rssMb} MB; hcl2json parsing every file: ${w.hcl2jsonParseAllSeconds} s`);

console.log('\nbudgets:');
let missed = 0;
for (const budget of BUDGETS) {
  const value = budget.value(results);
  const ok = value <= budget.limit;
  if (!ok) missed++;
  console.log(`  ${ok ? 'ok  ' : 'MISS'} ${budget.name}: ${round(value, 2)} ${budget.unit} (budget ${budget.limit} ${budget.unit})`);
}
results.budgets = BUDGETS.map((b) => ({ name: b.name, limit: b.limit, unit: b.unit, value: round(b.value(results), 2) }));
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'test-results', 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten: test-results/bench.json');
process.exitCode = missed ? 1 : 0;
