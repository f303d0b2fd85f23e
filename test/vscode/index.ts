import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point VS Code calls in the extension host (`extensionTestsPath`): runs every `suite/*.test.js` with mocha
 * and writes a summary where the runner asked (OCI_GENAI_TF_E2E_RESULTS).
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const suite = path.join(__dirname, 'suite');
  for (const file of fs.readdirSync(suite).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(suite, file));
  const results = { passed: 0, failed: 0, tests: [] as { title: string; state: string; error?: string }[] };
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
  });
}
