// What a script started (code-server, the emulator, Chromium) and created (temporary folders) must not outlive it,
// also when it is interrupted: each is registered here as it appears and undone in reverse order, once, either by
// the script when it finishes or on SIGINT, SIGTERM or SIGHUP.

const cleanups = [];
let running;
let signalled = false;

/** Registers `undo` (sync or async); the last registered runs first. */
export function onCleanup(undo) {
  cleanups.push(undo);
}

/**
 * Runs every cleanup registered so far, each once; a failing one is reported and does not stop the others. A call
 * while they run joins that run. Later registrations wait for the next call.
 */
export function runCleanups() {
  running ??= (async () => {
    while (cleanups.length > 0) {
      const undo = cleanups.pop();
      try {
        await undo();
      } catch (error) {
        process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    running = undefined;
  })();
  return running;
}

/** Whether a signal started the cleanup: children that stop meanwhile stop because of it, not on their own. */
export function signalReceived() {
  return signalled;
}

/**
 * On SIGINT (Ctrl+C), SIGTERM and SIGHUP: cleans up, then exits with `exitCodes[signal]` (by default 128 + the
 * signal's number, as a shell reports it). `onSignal` runs first, for a message.
 */
export function cleanUpOnSignals({ onSignal, exitCodes = {} } = {}) {
  const defaults = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const signal of Object.keys(defaults)) {
    process.on(signal, () => {
      // A second Ctrl+C while cleaning up must not kill the script before the folders are gone.
      if (signalled) return;
      signalled = true;
      onSignal?.(signal);
      void runCleanups().then(() => process.exit(exitCodes[signal] ?? defaults[signal]));
    });
  }
}
