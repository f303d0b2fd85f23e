import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BUILT_CLI } from '../support/lspClient';
import { sampleModel } from '../support/samples';

/**
 * Independent LSP clients drive the built server: Neovim's built-in client and Emacs with eglot. Each opens a
 * file with a misspelled argument, must see the diagnostic at its place, then fixes it with an edit and must
 * see the diagnostics clear. `.ci/run` installs both editors from Debian; elsewhere a missing editor is skipped.
 */
const SCRIPTS = path.join(__dirname, '..', '..', '..', 'test', 'editors');
const FILE = sampleModel({
  compartment: '"ocid1.compartment.oc1..aaaaaaaaxyzxyzxyzxyz"',
  displayName: 'é😀',
  trainingConfig: ['training_config_type = "LORA_TRAINING_CONFIG"', 'lora_rank = 8'],
});

function installed(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

interface Seen {
  stage: string;
  line?: number;
  message?: string;
  count?: number;
}

function run(command: string, args: string[]): Seen[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oci-genai-tf-editor-'));
  try {
    const file = path.join(dir, 'main.tf');
    const result = path.join(dir, 'result.jsonl');
    fs.writeFileSync(file, FILE);
    execFileSync(command, args, {
      env: { ...process.env, OCI_GENAI_TF_CLI: BUILT_CLI, TF_FILE: file, RESULT: result, HOME: dir, OCI_CONFIG_FILE: path.join(dir, 'no-oci-config') },
      timeout: 60_000,
      stdio: 'pipe',
    });
    return fs.readFileSync(result, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Seen);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertSeen(seen: Seen[]): void {
  const opened = seen.filter((s) => s.stage === 'open');
  assert.deepEqual(opened.find((s) => s.count !== undefined)?.count, 1);
  const diagnostic = opened.find((s) => s.message);
  assert.equal(diagnostic?.line, 14);
  assert.match(diagnostic!.message!, /`lora_rank` is not an argument of `training_config`\. Did you mean `lora_r`\?/);
  assert.deepEqual(seen.find((s) => s.stage === 'fixed' && s.count !== undefined)?.count, 0);
}

describe('other editors', () => {
  it('Neovim (built-in LSP client)', { skip: !installed('nvim') && 'nvim is not installed' }, () => {
    assertSeen(run('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${path.join(SCRIPTS, 'neovim.lua')}`]));
  });

  it('Emacs (eglot)', { skip: !installed('emacs') && 'emacs is not installed' }, () => {
    assertSeen(run('emacs', ['--batch', '-Q', '-l', path.join(SCRIPTS, 'emacs-eglot.el')]));
  });
});
