// Runs the mocha suite of test/vscode in a desktop VS Code that @vscode/test-electron downloads from Microsoft
// (the same release as code-server's, tools.mjs VERSIONS.vscode): for developers' machines and public CI, where
// that download works. Same workspace copy, emulator and environment as run-in-code-server.mjs (suiteSetup.mjs);
// the trusted pass only, and no one to click or type, so the scenarios that need a person are skipped
// (helpers.ts: needsUiDriver). Not part of `npm test`: this project's CI machine cannot reach Microsoft's servers.
// Needs `npm run build` and the compiled tests first (npm run test:electron).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { cleanUpOnSignals, onCleanup, runCleanups } from './cleanup.mjs';
import { writeUserSettings } from './codeServer.mjs';
import { prepareSuite, repo } from './suiteSetup.mjs';
import { VERSIONS } from './tools.mjs';

cleanUpOnSignals();

/** One sentence for a download that failed: the usual cause here is a machine without access to Microsoft. */
function downloadFailure(error) {
  const reason = String(error?.message ?? error).split('\n')[0];
  return `run-in-electron: VS Code ${VERSIONS.vscode} could not be downloaded from Microsoft (${reason}); this runner needs that download, so on a machine without it run \`npm run test:e2e\` (code-server) instead.`;
}

let exitCode = 1;
let testsRan = false;
try {
  // Downloaded first and on its own, so that a failed download says so instead of looking like failed tests.
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VERSIONS.vscode, cachePath: join(repo, '.vscode-test') });
  } catch (error) {
    process.stderr.write(`${downloadFailure(error)}\n`);
    throw Object.assign(new Error('download failed'), { reported: true });
  }

  const root = mkdtempSync(join(tmpdir(), 'oci-genai-tf-electron-'));
  onCleanup(() => rmSync(root, { recursive: true, force: true }));
  const userDataDir = join(root, 'userData');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  const suite = await prepareSuite({ root, pass: 'trusted' });
  onCleanup(suite.emulator.stop);
  writeUserSettings(userDataDir, suite.userSettings);
  testsRan = true;
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(repo, 'out', 'test', 'vscode', 'index.js'),
    extensionTestsEnv: suite.env,
    launchArgs: [suite.workspace, '--disable-extensions', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir],
  });
  exitCode = 0;
} catch (error) {
  if (!error?.reported) process.stderr.write(`run-in-electron: ${error instanceof Error ? error.message : String(error)}\n`);
  exitCode = 1;
}
if (testsRan) {
  try {
    const results = JSON.parse(readFileSync(join(repo, 'test-results', 'vscode.json'), 'utf8'));
    process.stdout.write(`desktop VS Code: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped\n`);
  } catch {
    process.stdout.write('desktop VS Code: the suite wrote no results\n');
    exitCode = 1;
  }
}
await runCleanups();
process.exit(exitCode);
