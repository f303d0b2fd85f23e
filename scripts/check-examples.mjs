// The quick start's check: lints examples/ with the built CLI. examples/fine-tuning must be clean;
// examples/common-mistakes shows what is reported.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lint = (folder) => spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'lint', folder, '--min-severity', 'warning'], { cwd: root, stdio: 'inherit' }).status;

console.log('$ oci-genai-tf lint examples/fine-tuning --min-severity warning');
const clean = lint('examples/fine-tuning');
console.log('\n$ oci-genai-tf lint examples/common-mistakes --min-severity warning');
lint('examples/common-mistakes');
if (clean !== 0) {
  console.error('\nexamples/fine-tuning should be clean');
  process.exit(1);
}
console.log('\nexamples/fine-tuning is clean; examples/common-mistakes shows what is found.');
