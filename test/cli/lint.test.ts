import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BUILT_CLI } from '../support/lspClient';
import { sampleModel } from '../support/samples';
import { writeModule } from '../support/workspace';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function lint(cwd: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [BUILT_CLI, 'lint', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const GOOD = sampleModel({ trainingConfig: ['training_config_type = "LORA_TRAINING_CONFIG"', 'lora_r = 8'] });
const VARIABLES = 'variable "compartment_id" {}\n';
/** One error (unknown argument) on line 15, after an emoji on line 4. */
const WITH_ERROR = sampleModel({ displayName: '😀é', trainingConfig: ['training_config_type = "LORA_TRAINING_CONFIG"', 'lora_rank = 8'] });
/** One warning only: a LoRA field under Vanilla training. */
const WITH_WARNING = sampleModel({ trainingConfig: ['training_config_type = "VANILLA_TRAINING_CONFIG"', 'lora_r = 8'] });

const roots: string[] = [];
after(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});
function tree(files: Record<string, string>): string {
  const root = writeModule(files);
  roots.push(root);
  return root;
}

describe('oci-genai-tf lint', () => {
  it('exits 0 on a clean module, 1 on findings, 2 on a path that does not exist even with findings', () => {
    const root = tree({ 'good/main.tf': GOOD, 'good/variables.tf': VARIABLES, 'bad/main.tf': WITH_ERROR, 'bad/variables.tf': VARIABLES });
    assert.equal(lint(root, 'good').status, 0);
    assert.equal(lint(root, 'bad').status, 1);
    const missing = lint(root, 'bad', 'nowhere');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nowhere: no such file or folder/);
    assert.match(missing.stdout, /lora_rank/, 'the existing paths are still checked');
  });

  it('fails on warnings only from --min-severity warning, and reports them always', () => {
    const root = tree({ 'main.tf': WITH_WARNING, 'variables.tf': VARIABLES });
    const byDefault = lint(root);
    assert.equal(byDefault.status, 0);
    assert.match(byDefault.stdout, /warning: `lora_r` applies to LORA_TRAINING_CONFIG only/);
    assert.equal(lint(root, '--min-severity', 'warning').status, 1);
    assert.equal(lint(root, '--min-severity=info').status, 1);
    assert.equal(lint(root, '--min-severity', 'error').status, 0);
  });

  it('refuses bad options with exit 2 and the usage', () => {
    const root = tree({ 'main.tf': GOOD });
    for (const args of [['--format', 'xml'], ['--min-severity', 'fatal'], ['--frobnicate'], ['--format']]) {
      const run = lint(root, ...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /Usage: oci-genai-tf lint/);
    }
    assert.equal(lint(root, 'README.md').status, 2);
  });

  it('prints text as file:line:col: severity: message [rule], counting the column in characters', () => {
    const root = tree({ 'm/main.tf': `locals {\n  note = "😀😀" bad = 1\n}\n` + WITH_ERROR, 'm/variables.tf': VARIABLES });
    const run = lint(root);
    const lines = run.stdout.trim().split('\n');
    // `  note = "😀😀" ` is 14 characters (16 UTF-16 code units) before `bad`.
    assert.equal(lines[0], 'm/main.tf:2:15: error: Missing line break: each argument or block starts on a new line. [syntax]');
    assert.equal(lines[1], 'm/main.tf:18:7: error: `lora_rank` is not an argument of `training_config`. Did you mean `lora_r`? [unknown-argument]');
    assert.match(run.stderr, /2 error\(s\), 0 warning\(s\) in 2 file\(s\)/);
  });

  it('prints JSON with LSP positions', () => {
    const root = tree({ 'main.tf': WITH_ERROR, 'variables.tf': VARIABLES });
    const items = JSON.parse(lint(root, '--format', 'json').stdout) as unknown[];
    assert.deepEqual(items, [
      {
        file: 'main.tf',
        range: { start: { line: 14, character: 6 }, end: { line: 14, character: 15 } },
        severity: 'error',
        rule: 'unknown-argument',
        message: '`lora_rank` is not an argument of `training_config`. Did you mean `lora_r`?',
      },
    ]);
  });

  it('searches folders recursively, leaving out hidden ones and .terraform, and checks .tfvars', () => {
    const root = tree({
      'a/b/c/main.tf': WITH_ERROR,
      'a/b/c/variables.tf': VARIABLES,
      'a/terraform.tfvars': 'region = "us-chicago-1\n',
      '.terraform/modules/m/main.tf': 'resource "oci_generative_ai_model" "broken" {\n',
      'a/.hidden/main.tf': 'resource "oci_generative_ai_model" "broken" {\n',
      'notes.txt': 'not terraform {',
    });
    const files = new Set((JSON.parse(lint(root, '--format', 'json').stdout) as { file: string }[]).map((item) => item.file));
    assert.deepEqual([...files].sort(), ['a/b/c/main.tf', 'a/terraform.tfvars']);
  });

  it('treats each folder as one module for references', () => {
    const root = tree({ 'one/main.tf': GOOD, 'one/variables.tf': VARIABLES, 'two/main.tf': GOOD });
    const items = JSON.parse(lint(root, '--format', 'json').stdout) as { file: string; rule: string }[];
    assert.deepEqual(items.map((item) => `${item.file} ${item.rule}`), ['two/main.tf undeclared-reference']);
    // Linting one file still reads its folder.
    assert.equal(lint(root, 'one/main.tf').status, 0);
  });

  it('writes SARIF 2.1.0 that passes the SARIF and GitHub code-scanning rules of Microsoft\'s validator', () => {
    const root = tree({ 'infra/main.tf': WITH_ERROR + WITH_WARNING.replace('"m"', '"w"'), 'infra/variables.tf': VARIABLES });
    const run = lint(root, '--format', 'sarif');
    assert.equal(run.status, 1);
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    const [only] = log.runs;
    assert.equal(only.tool.driver.name, 'oci-genai-tf');
    const ruleIds = only.tool.driver.rules.map((rule: { id: string }) => rule.id);
    assert.ok(ruleIds.includes('unknown-argument') && ruleIds.includes('training-field-ignored') && ruleIds.includes('syntax'));
    for (const rule of only.tool.driver.rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
    }
    assert.deepEqual(
      only.results.map((r: { ruleId: string; level: string }) => `${r.ruleId}:${r.level}`),
      ['unknown-argument:error', 'training-field-ignored:warning'],
    );
    const location = only.results[0].locations[0].physicalLocation;
    assert.deepEqual(location.artifactLocation, { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(location.region, { startLine: 15, startColumn: 7, endLine: 15, endColumn: 16 });

    const file = path.join(root, 'result.sarif');
    fs.writeFileSync(file, run.stdout);
    const multitool = require('@microsoft/sarif-multitool') as string;
    const report = path.join(root, 'validation.sarif');
    const validated = spawnSync(multitool, ['validate', file, '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', '-o', report], { encoding: 'utf8' });
    assert.equal(validated.status, 0, validated.stdout + validated.stderr);
    const findings = JSON.parse(fs.readFileSync(report, 'utf8')).runs[0].results as { ruleId: string; message: { text?: string } }[];
    assert.deepEqual(findings.map((f) => `${f.ruleId}`), [], JSON.stringify(findings, null, 1));
  });
});
