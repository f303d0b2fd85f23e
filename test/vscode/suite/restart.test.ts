import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { diagnosticsWhen, workspaceFile } from './helpers';

/** The language server VS Code started for this extension host, found by its command line. */
function serverPids(): number[] {
  const output = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return output
    .split('\n')
    .filter((line) => line.includes('dist/cli.js lsp --stdio') && line.includes(`--clientProcessId=${process.pid}`))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('a crashed language server', () => {
  it('is restarted, and diagnostics work again', async () => {
    const main = workspaceFile('fine-tuning/main.tf');
    const document = await vscode.workspace.openTextDocument(main);
    await vscode.window.showTextDocument(document);
    const [pid] = serverPids();
    assert.ok(pid, 'the server runs');
    process.kill(pid, 'SIGKILL');
    // A new server appears and publishes diagnostics for a new mistake.
    const deadline = Date.now() + 30_000;
    while (!serverPids().some((other) => other !== pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.ok(serverPids().some((other) => other !== pid), 'a new server was started');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(main, new vscode.Position(3, 0), '  displayname = "typo"\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await diagnosticsWhen(main, (d) => d.some((x) => x.message.includes('displayname')));
    assert.ok(diagnostics.some((d) => d.message.includes('Did you mean `display_name`')));
  });
});
