import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { sampleModel } from '../support/samples';
import { fileUri, openFile, testWorkspace, writeModule } from '../support/workspace';

const MODEL_WITH_LORA = sampleModel({ trainingConfig: ['training_config_type = "LORA_TRAINING_CONFIG"', 'lora_r = 8'] });

const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`);
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function module(files: Record<string, string>): string {
  const dir = writeModule(files);
  dirs.push(dir);
  return dir;
}

describe('module context', () => {
  it('resolves variables declared in other files of the folder, read from disk', async () => {
    const dir = module({ 'main.tf': MODEL_WITH_LORA, 'variables.tf': 'variable "compartment_id" {}\n' });
    const workspace = await testWorkspace();
    assert.deepEqual(codes(openFile(workspace, path.join(dir, 'main.tf'))), []);
    workspace.dispose();
  });

  it('reports an undeclared variable, and stops when another open file declares it', async () => {
    const dir = module({ 'main.tf': MODEL_WITH_LORA, 'variables.tf': '' });
    const workspace = await testWorkspace();
    const main = fileUri(path.join(dir, 'main.tf'));
    assert.deepEqual(codes(openFile(workspace, path.join(dir, 'main.tf'))), ['2:undeclared-reference']);
    const variables = fileUri(path.join(dir, 'variables.tf'));
    workspace.open(variables, 'terraform', 1, '');
    const affected = workspace.change(variables, [{ text: 'variable "compartment_id" {}\n' }], 2);
    assert.ok(affected.includes(main), 'the other file of the module is checked again');
    assert.deepEqual(codes(workspace.diagnostics(main)), []);
    workspace.dispose();
  });

  it('sees a file changed on disk once told', async () => {
    const dir = module({ 'main.tf': MODEL_WITH_LORA, 'variables.tf': '' });
    const workspace = await testWorkspace();
    const main = path.join(dir, 'main.tf');
    assert.deepEqual(codes(openFile(workspace, main)), ['2:undeclared-reference']);
    fs.writeFileSync(path.join(dir, 'variables.tf'), 'variable "compartment_id" {}\n');
    const affected = workspace.filesChanged([fileUri(path.join(dir, 'variables.tf'))]);
    assert.deepEqual(affected, [fileUri(main)]);
    assert.deepEqual(codes(workspace.diagnostics(fileUri(main))), []);
    workspace.dispose();
  });

  it('does not judge references while a file of the module has syntax errors', async () => {
    const dir = module({ 'main.tf': MODEL_WITH_LORA, 'variables.tf': 'variable "compartment_id" {\n' });
    const workspace = await testWorkspace();
    assert.deepEqual(codes(openFile(workspace, path.join(dir, 'main.tf'))), []);
    workspace.dispose();
  });

  it('warns about LoRA fields when the version constraint excludes 6.1.0', async () => {
    const versions = 'terraform {\n  required_providers {\n    oci = {\n      source  = "oracle/oci"\n      version = "~> 5.30"\n    }\n  }\n}\nvariable "compartment_id" {}\n';
    const dir = module({ 'main.tf': MODEL_WITH_LORA, 'versions.tf': versions });
    const workspace = await testWorkspace();
    const found = openFile(workspace, path.join(dir, 'main.tf'));
    assert.deepEqual(codes(found), ['14:newer-than-pinned-provider', '15:newer-than-pinned-provider']);
    assert.match(String(found[0]!.message), /LORA_TRAINING_CONFIG.*6\.1\.0.*`~> 5\.30`/);
    workspace.dispose();
  });

  it('follows the lock file over the constraint, and accepts a new enough lock', async () => {
    const versions = 'terraform {\n  required_providers {\n    oci = { source = "hashicorp/oci" }\n  }\n}\nvariable "compartment_id" {}\n';
    const lock = (version: string): string => `provider "registry.terraform.io/hashicorp/oci" {\n  version = "${version}"\n}\n`;
    const old = module({ 'main.tf': MODEL_WITH_LORA, 'versions.tf': versions, '.terraform.lock.hcl': lock('5.40.0') });
    const fresh = module({ 'main.tf': MODEL_WITH_LORA, 'versions.tf': versions, '.terraform.lock.hcl': lock('7.0.0') });
    const workspace = await testWorkspace();
    const found = openFile(workspace, path.join(old, 'main.tf'));
    assert.deepEqual(codes(found), ['14:newer-than-pinned-provider', '15:newer-than-pinned-provider']);
    assert.match(String(found[1]!.message), /lock\.hcl` selects 5\.40\.0/);
    assert.deepEqual(codes(openFile(workspace, path.join(fresh, 'main.tf'))), []);
    workspace.dispose();
  });

  it('treats an untitled document as a module of its own', async () => {
    const workspace = await testWorkspace();
    workspace.open('untitled:Untitled-1', 'terraform', 1, MODEL_WITH_LORA);
    assert.deepEqual(codes(workspace.diagnostics('untitled:Untitled-1')), ['2:undeclared-reference']);
    workspace.dispose();
  });

  it('answers only the edited document when its declarations stay the same', async () => {
    const dir = module({ 'main.tf': MODEL_WITH_LORA, 'variables.tf': 'variable "compartment_id" {}\n' });
    const workspace = await testWorkspace();
    const main = fileUri(path.join(dir, 'main.tf'));
    openFile(workspace, path.join(dir, 'main.tf'));
    openFile(workspace, path.join(dir, 'variables.tf'));
    const edit = { range: { start: { line: 12, character: 29 }, end: { line: 12, character: 29 } }, text: ' ' };
    assert.deepEqual(workspace.change(main, [edit], 2), [main]);
    workspace.dispose();
  });
});
