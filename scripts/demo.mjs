// npm run demo [-- --no-build] [-- --json]
//
// The extension as a person gets it, in VS Code in the browser, against a local OCI emulator, with nothing to set
// up: builds (production) and packages the .vsix, starts the emulator (test/emulator) with its default world plus
// the example's training sets, installs the .vsix into a code-server of its own (tools.mjs installs code-server on
// first use, as the real-editor tests do) with settings that point at the emulator, opens a copy of examples/, and
// prints the URL and what to try. Runs until Ctrl+C, then stops code-server and the emulator and removes its
// temporary folder.
//
//   --no-build  package what dist/ and out/ already hold (the automated check runs after `npm test` built them)
//   --json      print one line of JSON ({ url, root, workspace, emulatorUrl, compartmentId }) instead of the text
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanUpOnSignals, onCleanup, runCleanups, signalReceived } from '../test/vscode/cleanup.mjs';
import { installExtension, isolatedHome, startCodeServer, writeUserSettings } from '../test/vscode/codeServer.mjs';
import { startEmulator } from '../test/vscode/emulatorProcess.mjs';
import { ensureTools } from '../test/vscode/tools.mjs';
import { demoSeed, writeDemoWorkspace } from './demoWorkspace.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
const say = (text) => process.stderr.write(`[demo] ${text}\n`);

/** Runs a build step; its output goes to stderr, so that stdout carries only the URL (or the --json line). */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: repo, stdio: ['ignore', process.stderr.fd, 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

// Ctrl+C is how the demo ends: exit 0 once everything is stopped and removed.
cleanUpOnSignals({ onSignal: () => say('stopping code-server and the emulator, removing the temporary folder...'), exitCodes: { SIGINT: 0, SIGTERM: 0 } });

try {
  // code-server only: the person's own browser opens the URL.
  const tools = ensureTools({ browser: false });
  if (!options['no-build']) {
    say('building the extension (production) and the emulator');
    run('npm', ['run', '--silent', 'build', '--', '--production']);
    run('npm', ['run', '--silent', 'compile-tests']);
  }

  const root = mkdtempSync(join(tmpdir(), 'oci-genai-tf-demo-'));
  onCleanup(() => rmSync(root, { recursive: true, force: true }));
  const dirs = Object.fromEntries(['userData', 'extensions', 'emulator'].map((name) => [name, join(root, name)]));
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });

  // The .vsix a person installs, packaged from dist/ as `npm run package` does, into the demo's folder.
  const vsix = join(root, 'oci-genai-tf.vsix');
  say('packaging the .vsix');
  run(join(repo, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix]);

  const seed = demoSeed();
  const seedFile = join(root, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed, null, 2));
  const emulator = await startEmulator({ stateDir: dirs.emulator, seedFile });
  onCleanup(emulator.stop);
  const compartment = seed.compartments.find((c) => c.id === emulator.compartmentId);

  const workspace = join(root, 'workspace');
  writeDemoWorkspace(workspace, seed, emulator.compartmentId);
  writeUserSettings(dirs.userData, {
    'ociGenaiTf.oci.endpoint': emulator.url,
    'ociGenaiTf.oci.objectStorageEndpoint': emulator.url,
    'ociGenaiTf.compartments': [{ id: compartment.id, name: compartment.name }],
    // What VS Code 1.139 opens besides the workspace (a Chat panel, a welcome page) hides the demo.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.startupEditor': 'none',
    'extensions.ignoreRecommendations': true,
  });
  const env = { ...process.env, ...isolatedHome(join(root, 'home')), OCI_CONFIG_FILE: emulator.configFile, OCI_CLI_PROFILE: emulator.profile };
  say('installing the .vsix into code-server');
  installExtension(tools, vsix, { extensionsDir: dirs.extensions, userDataDir: dirs.userData, env });
  const server = await startCodeServer({ tools, workspace, userDataDir: dirs.userData, extensionsDir: dirs.extensions, env, workspaceTrust: 'disabled' });
  onCleanup(server.stop);
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ url, root, workspace, emulatorUrl: emulator.url, compartmentId: emulator.compartmentId })}\n`);
  } else {
    process.stdout.write(
      [
        '',
        'OCI Generative AI for Terraform: VS Code with the extension, against a local OCI emulator. Open:',
        '',
        `    ${url}`,
        '',
        '  - fine-tuning/main.tf: hover any argument; Ctrl+Space in a block lists what it still lacks.',
        `  - The OCI Generative AI view (activity bar): the models of ${compartment.name}; right-click a custom one: Import into HCL.`,
        '  - "Create in OCI..." above support_bot_tfew: choose cohere.command-r-08-2024 and the cluster; it trains for 5 s, then an import block is written.',
        '  - Live values: in a model block, make base_model_id = "" and press Ctrl+Space between the quotes: the base models you can fine-tune.',
        '  - common-mistakes/main.tf: what is reported (Problems panel: Ctrl+Shift+M), with quick fixes (Ctrl+.).',
        '',
        'Ctrl+C stops it and removes its temporary files.',
        '',
      ].join('\n'),
    );
  }

  // Until Ctrl+C; if code-server or the emulator dies first, say so and clean up.
  const died = await Promise.race([
    new Promise((resolve) => server.child.once('exit', (code) => resolve(`code-server exited (${code})`))),
    new Promise((resolve) => emulator.child.once('exit', (code) => resolve(`the emulator exited (${code})`))),
  ]);
  // A Ctrl+C in the terminal also reaches the emulator (same process group): then the signal handler is cleaning
  // up and exits.
  await new Promise((resolve) => setTimeout(resolve, 500));
  if (signalReceived()) await new Promise(() => {});
  say(`${died}; stopping`);
  await runCleanups();
  process.exit(1);
} catch (error) {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  await runCleanups();
  process.exit(1);
}
