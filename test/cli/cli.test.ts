import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { BUILT_CLI } from '../support/lspClient';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BUILT_CLI, ...args], { encoding: 'utf8', input: '', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('oci-genai-tf command line', () => {
  it('prints its version and its help', () => {
    assert.match(cli('--version').stdout, /^\d+\.\d+\.\d+\n$/);
    const help = cli('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /oci-genai-tf lsp --stdio/);
  });

  it('refuses unknown commands and options with exit code 2 and a message', () => {
    const unknown = cli('frobnicate');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
    const noTransport = cli('lsp');
    assert.equal(noTransport.status, 2);
    assert.match(noTransport.stderr, /--stdio/);
    assert.equal(cli('lsp', '--stdio', '--socket=1').status, 2);
  });

  it('accepts the process id a language client adds after --stdio', () => {
    // With no input the server ends at once: what matters is that it starts instead of refusing the option.
    const started = cli('lsp', '--stdio', `--clientProcessId=${process.pid}`);
    assert.equal(started.stderr, '');
    assert.notEqual(started.status, 2);
  });
});
