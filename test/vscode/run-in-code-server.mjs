// Runs the mocha suite of test/vscode inside a real VS Code: code-server 4.139.1 serves VS Code 1.139.1, headless
// Chromium (driven by playwright-core) is the workbench that makes code-server start an extension host, and the
// extension host loads this repository as the extension under development and out/test/vscode/index.js as its
// tests. Two passes, each a code-server of its own:
//   trusted    every scenario of suite/*.test.ts, workspace trust disabled (the folder is trusted);
//   untrusted  suite/untrusted/*.test.ts, workspace trust enabled and the folder not trusted.
// `--pass NAME` runs one. Each writes its summary (suiteSetup.mjs: resultsFileOf); the exit code is 0 only if
// every pass passed. Needs `npm run build` and the compiled tests first (npm run test:e2e).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { cleanUpOnSignals, onCleanup, runCleanups } from './cleanup.mjs';
import { isolatedHome, startCodeServer, writeUserSettings } from './codeServer.mjs';
import { PASSES, prepareSuite, repo, resultsDir, resultsFileOf } from './suiteSetup.mjs';
import { ensureTools } from './tools.mjs';
import { attachUiDriver, takeScreenshot } from './uiDriver.mjs';

const { values: options } = parseArgs({ options: { pass: { type: 'string', multiple: true } } });
const passes = options.pass ?? PASSES;
for (const pass of passes) if (!PASSES.includes(pass)) throw new Error(`--pass ${pass}: one of ${PASSES.join(', ')}`);
// The untrusted pass is one short scenario; the trusted one runs every other.
const timeoutsMs = {
  trusted: Number(process.env.OCI_GENAI_TF_E2E_TIMEOUT_MS ?? 300_000),
  untrusted: Number(process.env.OCI_GENAI_TF_E2E_TIMEOUT_MS ?? 120_000),
};
const verbose = process.env.OCI_GENAI_TF_E2E_VERBOSE === '1';

cleanUpOnSignals();
const tools = ensureTools();

/** One code-server, one browser, one run of the suite's `pass`; resolves with the suite's exit code. */
async function runPass(pass) {
  const root = mkdtempSync(join(tmpdir(), `oci-genai-tf-e2e-${pass}-`));
  onCleanup(() => rmSync(root, { recursive: true, force: true }));
  const dirs = Object.fromEntries(['userData', 'extensions', 'browser'].map((name) => [name, join(root, name)]));
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const suite = await prepareSuite({ root, pass, uiDriver: 'playwright' });
  onCleanup(suite.emulator.stop);
  writeUserSettings(dirs.userData, {
    ...suite.userSettings,
    // The untrusted pass opens the folder in restricted mode without the modal "Do you trust the authors?" dialog,
    // which a person would answer and the suite cannot.
    ...(pass === 'untrusted' ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
  });
  const server = await startCodeServer({
    tools,
    workspace: suite.workspace,
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    env: { ...process.env, ...isolatedHome(join(root, 'home')), ...suite.env },
    workspaceTrust: pass === 'untrusted' ? 'enabled' : 'disabled',
    smokeTestDriver: true,
  });
  onCleanup(server.stop);

  const started = Date.now();
  let exitCode = 1;
  try {
    const browser = await launchBrowser(tools, dirs.browser);
    onCleanup(() => browser.close().catch(() => undefined));
    // VS Code's clipboard in a browser is the browser's: the suite reads what "Copy OCID" wrote.
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = browser.pages()[0] ?? (await browser.newPage());
    attachUiDriver(page, { screenshotsDir: resultsDir, verbose });
    const finished = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(join(repo, 'out', 'test', 'vscode', 'index.js'))],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(suite.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutsMs[pass]));
    const outcome = await Promise.race([finished, timeout]);
    if (outcome === 'timeout') {
      await takeScreenshot(page, join(resultsDir, `vscode-${pass}-timeout.png`));
      throw new Error(`the ${pass} pass did not finish within ${timeoutsMs[pass]} ms`);
    }
    exitCode = Number(outcome);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n--- code-server log ---\n${server.log().slice(-4000)}\n`);
    exitCode = 1;
  }
  if (exitCode !== 0) {
    // Keep VS Code's logs (extension host, our output channel) next to the results for diagnosis.
    cpSync(join(dirs.userData, 'logs'), join(resultsDir, `vscode-${pass}-logs`), { recursive: true, force: true });
  }
  await runCleanups();
  return { exitCode, seconds: (Date.now() - started) / 1000, resultsFile: suite.resultsFile };
}

let exitCode = 0;
const outcomes = [];
for (const pass of passes) {
  process.stdout.write(`real VS Code, ${pass} pass\n`);
  try {
    const outcome = await runPass(pass);
    outcomes.push([pass, outcome]);
    if (outcome.exitCode !== 0) exitCode = 1;
  } catch (error) {
    // Could not start (the emulator, code-server): nothing ran; what was started is stopped.
    process.stderr.write(`the ${pass} pass could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    outcomes.push([pass, { exitCode: 1, seconds: 0, resultsFile: resultsFileOf(pass) }]);
    exitCode = 1;
    await runCleanups();
  }
}
for (const [pass, outcome] of outcomes) {
  try {
    const results = JSON.parse(readFileSync(outcome.resultsFile, 'utf8'));
    for (const test of results.tests) {
      process.stdout.write(`  ${{ passed: 'ok  ', skipped: 'skip' }[test.state] ?? 'FAIL'} ${test.title}\n${test.error ? `${test.error}\n` : ''}`);
    }
    process.stdout.write(`real VS Code, ${pass} pass: ${results.passed} passed, ${results.failed} failed, ${results.pending ?? 0} skipped (${outcome.seconds.toFixed(0)} s)\n`);
  } catch {
    process.stdout.write(`real VS Code, ${pass} pass: the suite wrote no results\n`);
    exitCode = 1;
  }
}
writeFileSync(join(resultsDir, 'vscode-exit-code'), String(exitCode));
process.exit(exitCode);
