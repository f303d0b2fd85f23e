// `npm run demo`, checked end to end without a person: started on what `npm test` built (--no-build), the packaged
// .vsix installed into its code-server must activate in a browser and list the emulator's models, and Ctrl+C must
// leave no process and no temporary folder behind. Run by npm test and npm run test:e2e after the real-VS-Code suite.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { repo } from './suiteSetup.mjs';
import { ensureTools } from './tools.mjs';

/** The command lines of every process on the machine that name `text` (the demo's folder is in all of its own). */
function processesNaming(text) {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(text) && !line.includes('ps -eo'));
}

test('npm run demo: the packaged extension works against the emulator, and Ctrl+C leaves nothing behind', { timeout: 120_000 }, async () => {
  const tools = ensureTools();
  const exampleTfvars = readFileSync(join(repo, 'examples', 'fine-tuning', 'terraform.tfvars'), 'utf8');
  const demo = spawn(process.execPath, [join(repo, 'scripts', 'demo.mjs'), '--no-build', '--json'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  demo.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => demo.once('exit', (code, signal) => resolve({ code, signal })));
  const browserProfile = mkdtempSync(join(tmpdir(), 'oci-genai-tf-demo-check-'));
  let info;
  try {
    info = await new Promise((resolve, reject) => {
      let buffered = '';
      demo.stdout.on('data', (chunk) => {
        buffered += chunk;
        if (buffered.includes('\n')) resolve(JSON.parse(buffered.split('\n')[0]));
      });
      void exited.then(({ code }) => reject(new Error(`the demo exited (${code}) before it was ready:\n${stderr}`)));
    });

    // The copy of examples/ points at the emulator; the repository's own example is untouched.
    const tfvars = readFileSync(join(info.workspace, 'fine-tuning', 'terraform.tfvars'), 'utf8');
    assert.match(tfvars, new RegExp(`^compartment_id += "${info.compartmentId.replaceAll('.', '\\.')}"$`, 'm'));
    assert.equal(readFileSync(join(repo, 'examples', 'fine-tuning', 'terraform.tfvars'), 'utf8'), exampleTfvars);
    assert.ok(existsSync(join(info.workspace, 'common-mistakes', 'main.tf')));

    // A person opens the URL: the installed .vsix activates on the workspace's .tf files, reads the emulator's
    // config, and the models view lists the configured compartment's models.
    const browser = await launchBrowser(tools, browserProfile);
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(info.url);
      await page.locator('.statusbar-item', { hasText: 'OCI: DEFAULT · us-chicago-1' }).first().waitFor({ timeout: 45_000 });
      await page.locator('.activitybar .action-item a[aria-label^="OCI Generative AI"]').first().click({ timeout: 10_000 });
      await page.locator('.monaco-list-row', { hasText: 'genai-dev' }).first().click({ timeout: 20_000 });
      await page.locator('.monaco-list-row', { hasText: 'support-assistant-v1' }).first().waitFor({ timeout: 20_000 });
    } finally {
      await browser.close();
    }
    const { items } = await (await fetch(`${info.emulatorUrl}/__emulator/requests`)).json();
    assert.ok(items.some((request) => request.operation === 'ListModels' && request.status === 200), 'the view listed models with the emulator\'s key');
  } finally {
    demo.kill('SIGINT');
    rmSync(browserProfile, { recursive: true, force: true });
  }

  // Ctrl+C: the demo stops code-server (its whole process group) and the emulator, removes its folder, exits 0.
  const { code } = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve({ code: 'still running after 20 s' }), 20_000).unref())]);
  assert.equal(code, 0, stderr);
  assert.deepEqual(processesNaming(info.root), [], 'no process of the demo is left');
  assert.equal(existsSync(info.root), false, 'its temporary folder is removed');
});
