import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'oci-genai-tf.oci-genai-tf';

export function workspaceFile(relative: string): vscode.Uri {
  const root = process.env['OCI_GENAI_TF_E2E_WORKSPACE'] ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return vscode.Uri.file(path.join(root, relative));
}

/** Resolves with the document's diagnostics once `accept` takes them (they may already be there). */
export function diagnosticsWhen(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`diagnostics of ${uri.fsPath} never matched: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))}`));
    }, timeoutMs);
    check();
  });
}

/** What the extension's `activate` returns, as the suites use it. */
export async function extensionApi<T>(): Promise<T> {
  const extension = vscode.extensions.getExtension<T>(EXTENSION_ID)!;
  return extension.isActive ? extension.exports : extension.activate();
}

/** The OCI emulator's control routes (test/emulator/admin.ts). */
export async function emulator(method: string, route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${process.env['OCI_GENAI_TF_E2E_EMULATOR_URL']}/__emulator${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} /__emulator${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Asks `produce` until `accept` takes its answer: the server answers from what it learns in the background. */
export async function eventually<T>(what: string, produce: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await produce();
  while (!accept(value)) {
    if (Date.now() > deadline) assert.fail(`${what} never came; last: ${JSON.stringify(value, null, 1).slice(0, 3000)}`);
    await sleep(250);
    value = await produce();
  }
  return value;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Whether something outside the extension host clicks, types and takes screenshots when the suite asks
 * (run-in-code-server.mjs drives the page with Playwright; @vscode/test-electron has nothing of the kind).
 */
export const hasUiDriver = process.env['OCI_GENAI_TF_E2E_UI_DRIVER'] !== undefined;

/** Skips the test where nothing can do what only a person does (type into a quick input, click a notification). */
export function needsUiDriver(test: Mocha.Context): void {
  if (!hasUiDriver) test.skip();
}

/** Asks the runner for a screenshot of the page (run-in-code-server.mjs) and waits until it is written; without one, nothing. */
export async function screenshot(name: string): Promise<void> {
  if (!hasUiDriver) return;
  const file = path.join(process.env['OCI_GENAI_TF_E2E_SCREENSHOTS']!, `${name}.png`);
  fs.rmSync(file, { force: true });
  console.log(`[oci-genai-tf e2e] screenshot ${name}`);
  await eventually(`the screenshot ${file}`, async () => fs.existsSync(file), (written) => written, 15_000);
}
