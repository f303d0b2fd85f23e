// What the mocha suite of test/vscode needs around it, whichever VS Code runs it (code-server, or a downloaded VS
// Code through @vscode/test-electron): a copy of the test workspace that the suite may change, the OCI emulator,
// and the environment the suite reads (OCI_GENAI_TF_E2E_*, and the emulator's OCI config instead of a person's).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './emulatorProcess.mjs';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsDir = join(repo, 'test-results');
export const PASSES = ['trusted', 'untrusted'];

/** Where a pass writes its summary: test-results/vscode.json (every scenario) or vscode-untrusted.json. */
export function resultsFileOf(pass) {
  return join(resultsDir, pass === 'trusted' ? 'vscode.json' : `vscode-${pass}.json`);
}

/**
 * Under `root` (a temporary folder the caller removes): the workspace, test/vscode/workspace plus the example of
 * examples/common-mistakes (for the Problems panel), and the emulator's state. The caller stops the emulator.
 * `pass`: 'trusted' runs suite/*.test.js, 'untrusted' suite/untrusted/*.test.js (see index.ts).
 */
export async function prepareSuite({ root, pass, uiDriver }) {
  const workspace = join(root, 'workspace');
  cpSync(join(repo, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
  cpSync(join(repo, 'examples', 'common-mistakes'), join(workspace, 'common-mistakes'), { recursive: true });
  mkdirSync(resultsDir, { recursive: true });
  const resultsFile = resultsFileOf(pass);
  rmSync(resultsFile, { force: true });
  const emulator = await startEmulator({ stateDir: join(root, 'emulator'), workRequestSeconds: 2 });
  const env = {
    OCI_GENAI_TF_E2E_PASS: pass,
    OCI_GENAI_TF_E2E_RESULTS: resultsFile,
    OCI_GENAI_TF_E2E_WORKSPACE: workspace,
    // Never a developer's real tenancy: OCI calls reach the emulator, with its config.
    OCI_CONFIG_FILE: emulator.configFile,
    OCI_CLI_PROFILE: emulator.profile,
    OCI_GENAI_TF_E2E_COMPARTMENT: emulator.compartmentId,
    // For the suites' faults and state checks, through the emulator's admin routes (test/emulator/admin.ts).
    OCI_GENAI_TF_E2E_EMULATOR_URL: emulator.url,
    OCI_GENAI_TF_E2E_SCREENSHOTS: resultsDir,
    // Whether something answers the suite's requests for clicks, typing and screenshots (uiDriver.mjs).
    ...(uiDriver ? { OCI_GENAI_TF_E2E_UI_DRIVER: uiDriver } : {}),
  };
  // The endpoints are user settings, as a person with private endpoints would set them.
  const userSettings = { 'ociGenaiTf.oci.endpoint': emulator.url, 'ociGenaiTf.oci.objectStorageEndpoint': emulator.url };
  return { workspace, emulator, env, resultsFile, userSettings };
}
