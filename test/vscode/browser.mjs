// Headless Debian Chromium driven by playwright-core (both from tools.mjs): the workbench that makes code-server
// start an extension host, and the eyes of the screenshots.
import { createRequire } from 'node:module';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A persistent context in `profileDir` (playwright rejects --user-data-dir in args), 1400x900. */
export async function launchBrowser(tools, profileDir) {
  const { chromium } = createRequire(import.meta.url)(tools.playwrightCore);
  return chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
}
