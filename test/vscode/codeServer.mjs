// code-server (VS Code in a browser, from tools.mjs) as the real-editor runner and the demo start it: a free port on
// 127.0.0.1, no password, a user-data and extensions folder of the caller's, a home of its own so that nothing is
// written into the real one, and its own process group so that stopping it also ends its file-watcher children.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** HOME and the XDG folders under `home`: code-server, VS Code and npm write their caches and state there. */
export function isolatedHome(home) {
  mkdirSync(home, { recursive: true });
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
}

/**
 * VS Code's user settings (`<userDataDir>/User/settings.json`): where the runners and the demo put the emulator's
 * endpoint, as a person with a private endpoint sets it.
 */
export function writeUserSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Installs a .vsix into `extensionsDir` as a person does with `code-server --install-extension`. */
export function installExtension(tools, vsixFile, { extensionsDir, userDataDir, env }) {
  const result = spawnSync(
    tools.node24,
    [tools.codeServer, '--config', '/dev/null', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsixFile, '--force'],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsixFile} failed (${result.status}):\n${result.stderr || result.stdout}`);
  return result.stdout.trim();
}

/**
 * Starts code-server on a free port and resolves once /healthz answers. `workspaceTrust`: 'disabled' (every folder
 * is trusted, as the suite and the demo want) or 'enabled' (VS Code asks, and the folder starts untrusted).
 * `smokeTestDriver` lets a page load an extension under development and its tests through the URL's payload.
 * Returns { url, port, child, log(), stop() }.
 */
export async function startCodeServer({ tools, workspace, userDataDir, extensionsDir, env, workspaceTrust = 'disabled', smokeTestDriver = false, timeoutMs = 60_000 }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    tools.codeServer, '--config', '/dev/null', '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (workspaceTrust === 'disabled') args.push('--disable-workspace-trust');
  args.push(workspace);
  const child = spawn(tools.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(String(chunk)));
  child.stderr.on('data', (chunk) => output.push(String(chunk)));
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));

  /** The process group: code-server, its VS Code server, extension hosts, language servers, file watchers. */
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone
    }
  };
  const groupAlive = () => {
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    signalGroup('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    // Children that outlive code-server (an extension host still shutting down) share its group.
    for (let waited = 0; groupAlive() && waited < 3000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    if (groupAlive()) signalGroup('SIGKILL');
  };

  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('code-server did not become healthy in time');
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- code-server log ---\n${output.join('').slice(-4000)}`);
  }
  return { url, port, child, log: () => output.join(''), stop };
}
