// Renders images/icon.svg to images/icon.png (128x128, transparent corners), the marketplace icon, with the
// Chromium and playwright-core the real-editor tests install (test/vscode/tools.mjs). Run it after changing the SVG.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/vscode/browser.mjs';
import { ensureTools } from '../test/vscode/tools.mjs';

const images = join(dirname(fileURLToPath(import.meta.url)), '..', 'images');
const svg = readFileSync(join(images, 'icon.svg'), 'utf8');
const profile = mkdtempSync(join(tmpdir(), 'oci-genai-tf-icon-'));
const browser = await launchBrowser(ensureTools(), profile);
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.setViewportSize({ width: 128, height: 128 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  writeFileSync(join(images, 'icon.png'), await page.locator('svg').screenshot({ omitBackground: true }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
