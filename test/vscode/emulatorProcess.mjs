// Starts the OCI emulator of test/emulator (its command, compiled by `npm run compile-tests`) as a child process and
// reads where it listens and what it wrote: the real-editor runners and the demo all point VS Code at it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const emulatorMain = join(repo, 'out', 'test', 'emulator', 'main.js');

/**
 * Resolves once the emulator listens, with what its `--json` line says ({ url, configFile, profile, compartmentId,
 * tenancyId, region }), its `child` and `stop()`. The config and key are written into `stateDir`.
 */
export async function startEmulator({ stateDir, workRequestSeconds, seedFile } = {}) {
  if (!existsSync(emulatorMain)) throw new Error(`${emulatorMain} is missing: run \`npm run compile-tests\` first.`);
  const args = [emulatorMain, '--json', '--state-dir', stateDir];
  if (workRequestSeconds !== undefined) args.push('--work-request-seconds', String(workRequestSeconds));
  if (seedFile !== undefined) args.push('--seed', seedFile);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const firstLine = await new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      if (buffered.includes('\n')) resolve(buffered.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`the OCI emulator exited with ${code}: ${stderr.trim()}`)));
  });
  const exited = new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  /** Ctrl+C, as a person stops it: it closes its server and exits. */
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { ...JSON.parse(firstLine), child, stop };
}
