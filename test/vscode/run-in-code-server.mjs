// Runs the mocha suite of test/vscode inside a real VS Code: code-server 4.139.1 serves VS Code 1.139.1, headless
// Chromium (driven by playwright-core) is the workbench that makes code-server start an extension host, and the
// extension host loads this repository as the extension under development and out/test/vscode/index.js as its
// tests. Exits with the suite's exit code. Needs `npm run build` and the compiled tests first (npm run test:e2e).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ensureTools } from './tools.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const timeoutMs = Number(process.env.OCI_GENAI_TF_E2E_TIMEOUT_MS ?? 300_000);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The OCI emulator of test/emulator, with a config and key of its own: what the suites' OCI calls reach. */
async function startEmulator(stateDir) {
  const child = spawn(process.execPath, [join(repo, 'out', 'test', 'emulator', 'main.js'), '--json', '--state-dir', stateDir, '--work-request-seconds', '2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const firstLine = await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`the OCI emulator exited with ${code}`)));
  });
  return { child, ...JSON.parse(firstLine) };
}

/** Written under another name and renamed, so that a suite waiting for the file never reads half of it. */
async function takeScreenshot(page, name) {
  const file = join(resultsDir, `${name}.png`);
  try {
    writeFileSync(`${file}.partial`, await page.screenshot());
    renameSync(`${file}.partial`, file);
  } catch (error) {
    process.stderr.write(`the screenshot ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** Clicks the first list row with this text, then moves the mouse off it so that no hover hides the rows below. */
async function clickRow(page, text) {
  try {
    await page.locator('.monaco-list-row', { hasText: text }).first().click({ timeout: 5000 });
    await page.mouse.move(700, 450);
  } catch (error) {
    process.stderr.write(`clicking the row ${text} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** Types into the open quick input (an input box, or a quick pick's filter) as a person does, then presses Enter. */
async function enterInQuickInput(page, text) {
  try {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(text, { timeout: 10000 });
    await input.press('Enter');
  } catch (error) {
    process.stderr.write(`entering ${text} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/**
 * Clicks the button with this text on a notification, once it shows. VS Code shows no notification toasts with the
 * smoke-test driver on, so the suite opens the notifications center ("notifications.showList") first.
 */
async function clickNotificationButton(page, text) {
  try {
    await page.locator('.notifications-center .monaco-button', { hasText: text }).first().click({ timeout: 10000 });
  } catch (error) {
    process.stderr.write(`clicking the notification button ${text} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

async function waitForHealth(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('code-server did not become healthy in time');
}

const tools = ensureTools();
const { chromium } = createRequire(import.meta.url)(tools.playwrightCore);
const root = mkdtempSync(join(tmpdir(), 'oci-genai-tf-e2e-'));
const dirs = Object.fromEntries(['home', 'userData', 'extensions', 'browser'].map((name) => [name, join(root, name)]));
for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
const workspace = join(root, 'workspace');
cpSync(join(repo, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
const resultsDir = join(repo, 'test-results');
const resultsFile = join(resultsDir, 'vscode.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(resultsFile, { force: true });

const emulator = await startEmulator(join(root, 'emulator'));
// The endpoint is a user setting, as a person with a private endpoint would set it.
mkdirSync(join(dirs.userData, 'User'), { recursive: true });
writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ 'ociGenaiTf.oci.endpoint': emulator.url }, null, 2));

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const args = [
  tools.codeServer, '--config', '/dev/null', '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
  '--disable-telemetry', '--disable-update-check', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
  '--vscode-option', 'enable-smoke-test-driver', '--disable-workspace-trust',
  workspace,
];
const env = {
  ...process.env,
  HOME: dirs.home,
  XDG_CONFIG_HOME: join(dirs.home, '.config'),
  XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
  XDG_CACHE_HOME: join(dirs.home, '.cache'),
  OCI_GENAI_TF_E2E_RESULTS: resultsFile,
  OCI_GENAI_TF_E2E_WORKSPACE: workspace,
  // Never a developer's real tenancy: OCI calls reach the emulator, with its config.
  OCI_CONFIG_FILE: emulator.configFile,
  OCI_CLI_PROFILE: emulator.profile,
  OCI_GENAI_TF_E2E_COMPARTMENT: emulator.compartmentId,
  // For the suites' faults and state checks, through the emulator's admin routes (test/emulator/admin.ts).
  OCI_GENAI_TF_E2E_EMULATOR_URL: emulator.url,
  OCI_GENAI_TF_E2E_SCREENSHOTS: resultsDir,
};
// Its own process group: killing the group also ends code-server's file-watcher children.
const server = spawn(tools.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
const serverLog = [];
server.stdout.on('data', (chunk) => serverLog.push(String(chunk)));
server.stderr.on('data', (chunk) => serverLog.push(String(chunk)));

let browser;
let exitCode = 1;
try {
  const deadline = Date.now() + timeoutMs;
  await waitForHealth(url, server, deadline);
  browser = await chromium.launchPersistentContext(dirs.browser, {
    executablePath: tools.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  // VS Code's clipboard in a browser is the browser's: the suite reads what "Copy OCID" wrote.
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const verbose = process.env.OCI_GENAI_TF_E2E_VERBOSE === '1';
  page.on('console', (message) => {
    const text = message.text();
    if (verbose || /^\s*(\d+ (passing|failing|pending)|[✓✔]|\d+\)|\s{2,}\S)/.test(text) || text.includes('[oci-genai-tf e2e]')) process.stdout.write(`${text}\n`);
    // What only a person sees or does, asked for by the suite with a log line: a screenshot (the suite waits for
    // the file), a click on the first list row with a text, text typed into the quick input and Enter, a click on a
    // notification's button (the suite waits for what follows).
    const screenshot = /\[oci-genai-tf e2e\] screenshot ([\w.-]+)/.exec(text);
    if (screenshot) void takeScreenshot(page, screenshot[1]);
    const click = /\[oci-genai-tf e2e\] click row (.+)$/.exec(text);
    if (click) void clickRow(page, click[1]);
    const enter = /\[oci-genai-tf e2e\] enter (.+)$/.exec(text);
    if (enter) void enterInQuickInput(page, enter[1]);
    const button = /\[oci-genai-tf e2e\] click button (.+)$/.exec(text);
    if (button) void clickNotificationButton(page, button[1]);
  });
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repo)],
    ['extensionTestsPath', remote(join(repo, 'out', 'test', 'vscode', 'index.js'))],
  ];
  await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())));
  const outcome = await Promise.race([finished, timeout]);
  if (outcome === 'timeout') {
    await page.screenshot({ path: join(repo, 'test-results', 'vscode-timeout.png') }).catch(() => undefined);
    throw new Error(`the suite did not finish within ${timeoutMs} ms`);
  }
  exitCode = Number(outcome);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n--- code-server log ---\n${serverLog.join('').slice(-4000)}\n`);
  exitCode = 1;
} finally {
  if (exitCode !== 0) {
    // Keep VS Code's logs (extension host, our output channel) next to the results for diagnosis.
    cpSync(join(dirs.userData, 'logs'), join(repo, 'test-results', 'vscode-logs'), { recursive: true, force: true });
  }
  await browser?.close().catch(() => undefined);
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  emulator.child.kill('SIGINT');
  rmSync(root, { recursive: true, force: true });
}

try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const test of results.tests) {
    process.stdout.write(`  ${test.state === 'passed' ? 'ok  ' : 'FAIL'} ${test.title}\n${test.error ? `${test.error}\n` : ''}`);
  }
  process.stdout.write(`real VS Code: ${results.passed} passed, ${results.failed} failed\n`);
} catch {
  process.stdout.write('real VS Code: the suite wrote no results\n');
  if (exitCode === 0) exitCode = 1;
}
writeFileSync(join(repo, 'test-results', 'vscode-exit-code'), String(exitCode));
process.exit(exitCode);
