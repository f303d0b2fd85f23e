import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { BUILT_CLI } from '../support/lspClient';
import { writeModule } from '../support/workspace';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function datasetCli(cwd: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [BUILT_CLI, 'dataset', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const example = (prompt: string, completion: string): string => `${JSON.stringify({ prompt, completion })}\n`;

const CLEAN = example('What is OCI?', 'Oracle Cloud Infrastructure.') + example('Say hi', 'Hi! 😀');
/** An error on line 2, a warning on line 3. */
const WITH_PROBLEMS = `${example('a', 'b')}{"prompt": "c", "completion": ""}\n${example('a', 'b')}`;
const WARNINGS_ONLY = `${example('a', 'b')}\n${example('c', 'd')}`;

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});
function folder(files: Record<string, string>): string {
  const root = writeModule(files);
  roots.push(root);
  return root;
}

describe('oci-genai-tf dataset check', () => {
  it('exits 0 on a clean file, with the summary as its only line', () => {
    const root = folder({ 'train.jsonl': CLEAN });
    const run = datasetCli(root, 'check', 'train.jsonl');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      'train.jsonl: 2 examples (1 training, 1 validation); 0 duplicates; longest prompt 12 characters (line 1); longest completion 28 characters (line 1); 2 lines, 0.1 KB; 0 errors, 0 warnings\n',
    );
    assert.equal(run.stderr, '');
  });

  it('exits 1 on errors and on warnings alone: file:line: severity: message, then the summary last', () => {
    const root = folder({ 'bad.jsonl': WITH_PROBLEMS, 'warn.jsonl': WARNINGS_ONLY });
    const bad = datasetCli(root, 'check', 'bad.jsonl');
    assert.equal(bad.status, 1);
    const lines = bad.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, -1), [
      'bad.jsonl:2: error: "completion" is empty [empty-field]',
      'bad.jsonl:3: warning: the same prompt and completion as line 1 [duplicate-example]',
    ]);
    assert.match(lines.at(-1)!, /^bad\.jsonl: 2 examples \(1 training, 1 validation\); 1 duplicate; .*; 1 error, 1 warning$/);
    const warn = datasetCli(root, 'check', 'warn.jsonl');
    assert.equal(warn.status, 1);
    assert.match(warn.stdout, /^warn\.jsonl:2: warning: blank line \[blank-line\]$/m);
  });

  it('writes JSON: one { file, findings, summary } per file', () => {
    const root = folder({ 'bad.jsonl': WITH_PROBLEMS, 'good.jsonl': CLEAN });
    const run = datasetCli(root, 'check', 'bad.jsonl', 'good.jsonl', '--format', 'json');
    assert.equal(run.status, 1);
    const files = JSON.parse(run.stdout) as { file: string; findings: { line: number; severity: string; rule: string; message: string; span?: unknown }[]; summary: Record<string, unknown> }[];
    assert.deepEqual(
      files.map((file) => file.file),
      ['bad.jsonl', 'good.jsonl'],
    );
    assert.deepEqual(files[0]!.findings[0], { rule: 'empty-field', severity: 'error', line: 2, message: '"completion" is empty', span: { start: 30, end: 32 } });
    assert.equal(files[0]!.findings.length, 2);
    assert.deepEqual(files[1]!.findings, []);
    assert.deepEqual(files[1]!.summary, {
      lines: 2,
      bytes: Buffer.byteLength(CLEAN),
      examples: 2,
      training: 1,
      validation: 1,
      duplicates: 0,
      longestPrompt: { characters: 12, line: 1 },
      longestCompletion: { characters: 28, line: 1 },
      errors: 0,
      warnings: 0,
    });
    assert.deepEqual(JSON.parse(datasetCli(root, 'check', '--format=json', 'good.jsonl').stdout)[0].findings, []);
  });

  it('exits 2 on a path that does not exist or is a folder, naming it, and still checks the others', () => {
    const root = folder({ 'data/bad.jsonl': WITH_PROBLEMS });
    const run = datasetCli(root, 'check', 'data/bad.jsonl', 'nowhere.jsonl', 'data');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /nowhere\.jsonl: no such file/);
    assert.match(run.stderr, /data: a folder; name the files to check \(such as data\/\*\.jsonl\)/);
    assert.match(run.stdout, /data\/bad\.jsonl:2: error/);
    const json = datasetCli(root, 'check', 'nowhere.jsonl', '--format', 'json');
    assert.equal(json.status, 2);
    assert.deepEqual(JSON.parse(json.stdout), []);
  });

  it('refuses bad usage with exit 2 and the usage, and prints its help', () => {
    const root = folder({ 'train.jsonl': CLEAN });
    for (const args of [['check'], ['check', 'train.jsonl', '--format', 'sarif'], ['check', 'train.jsonl', '--strict'], ['verify', 'train.jsonl'], []]) {
      const run = datasetCli(root, ...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /Usage: oci-genai-tf dataset check PATH\.\.\./);
    }
    const help = datasetCli(root, '--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Exit codes: 0 no problems, 1 an error or a warning/);
    const main = spawnSync(process.execPath, [BUILT_CLI, '--help'], { encoding: 'utf8' });
    assert.match(main.stdout, /oci-genai-tf dataset check PATH/);
  });
});

/** The peak resident memory of a process in bytes so far (VmHWM), or undefined once it has gone. */
function peakResidentBytes(pid: number): number | undefined {
  try {
    const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}

/** Writes `size` bytes of examples, a few of them repeated and one broken, without holding them: answers the line count. */
async function writeLargeDataset(file: string, size: number): Promise<{ lines: number; duplicates: number }> {
  const out = fs.createWriteStream(file);
  let written = 0;
  let lines = 0;
  let duplicates = 0;
  while (written < size) {
    lines++;
    const repeated = lines % 100_000 === 0;
    if (repeated) duplicates++;
    const n = repeated ? 1 : lines;
    const line =
      lines === 123_456
        ? '{"prompt": "a broken line", "completion": }\n'
        : example(`Ticket ${n}: what does the customer need, and which team should answer? ${'Context sentence. '.repeat(12)}`, ` Order ${n % 997} needs the billing team. ${'Detail. '.repeat(8)}`);
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { lines, duplicates };
}

describe('oci-genai-tf dataset check on a large file', { skip: !fs.existsSync('/proc/self/status') && 'needs /proc to measure memory' }, () => {
  it('streams it: the peak memory stays far under the file size', async () => {
    const root = folder({});
    const file = path.join(root, 'large.jsonl');
    const size = 256 * 1024 * 1024;
    const { lines, duplicates } = await writeLargeDataset(file, size);

    const child = spawn(process.execPath, [BUILT_CLI, 'dataset', 'check', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    let peak = 0;
    // Measured from outside: the kernel's high-water mark of the child's resident memory, read until it exits.
    const poll = setInterval(() => (peak = Math.max(peak, peakResidentBytes(child.pid!) ?? 0)), 20);
    const [status] = (await once(child, 'exit')) as [number | null];
    clearInterval(poll);

    assert.equal(status, 1, 'one broken line and the duplicates');
    const output = stdout.trimEnd().split('\n');
    assert.deepEqual(
      output.slice(0, -1).filter((line) => !line.endsWith('[duplicate-example]')),
      [`${file}:123456: error: not valid JSON: unexpected token '}' [not-json]`],
    );
    assert.equal(output.length, 1 + duplicates + 1);
    assert.match(output.at(-1)!, new RegExp(`: ${lines - 1} examples .*; ${duplicates} duplicates; .*; ${lines} lines, 256\\.\\d MB; 1 error, ${duplicates} warnings$`));
    console.log(`checked ${lines} lines (${size / 1024 / 1024} MB): peak resident memory ${(peak / 1024 / 1024).toFixed(1)} MB`);
    assert.ok(peak > 0, 'the memory was measured');
    assert.ok(peak < size / 2, `peak resident memory ${peak} bytes`);
  });
});
