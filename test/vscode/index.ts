import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point VS Code calls in the extension host (`extensionTestsPath`): runs the suite files of the runner's pass
 * (OCI_GENAI_TF_E2E_PASS) with mocha and writes a summary where the runner asked (OCI_GENAI_TF_E2E_RESULTS).
 * The trusted pass (the default) runs `suite/*.test.js`; the untrusted pass, in a workspace VS Code does not trust,
 * runs `suite/untrusted/*.test.js`.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const pass = process.env['OCI_GENAI_TF_E2E_PASS'] ?? 'trusted';
  const suite = path.join(__dirname, 'suite', ...(pass === 'untrusted' ? ['untrusted'] : []));
  for (const file of fs.readdirSync(suite).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(suite, file));
  const results = { pass, passed: 0, failed: 0, pending: 0, tests: [] as { title: string; state: string; error?: string }[] };
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env['OCI_GENAI_TF_E2E_RESULTS'];
      if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed' });
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? error.message });
    });
    // Skipped where nothing can click or type for the suite (@vscode/test-electron; see helpers.ts: needsUiDriver).
    runner.on('pending', (test) => {
      results.pending++;
      results.tests.push({ title: test.fullTitle(), state: 'skipped' });
    });
  });
}
