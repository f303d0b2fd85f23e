// What only a person sees or does, done in the page for the suite running in the extension host: the suite asks
// with a console line ("[oci-genai-tf e2e] screenshot NAME", "click row TEXT", "enter TEXT", "click button TEXT"),
// which reaches the page as a browser console message. The suite waits for the screenshot file, or for what the
// click or the text leads to.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function report(what, error) {
  process.stderr.write(`${what} failed: ${error instanceof Error ? error.message : String(error)}\n`);
}

/** Written under another name and renamed, so that a suite waiting for the file never reads half of it. */
export async function takeScreenshot(page, file) {
  try {
    writeFileSync(`${file}.partial`, await page.screenshot());
    renameSync(`${file}.partial`, file);
  } catch (error) {
    report(`the screenshot ${file}`, error);
  }
}

/** Clicks the first list row with this text, then moves the mouse off it so that no hover hides the rows below. */
async function clickRow(page, text) {
  try {
    await page.locator('.monaco-list-row', { hasText: text }).first().click({ timeout: 5000 });
    await page.mouse.move(700, 450);
  } catch (error) {
    report(`clicking the row ${text}`, error);
  }
}

/** Types into the open quick input (an input box, or a quick pick's filter) as a person does, then presses Enter. */
async function enterInQuickInput(page, text) {
  try {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(text, { timeout: 10000 });
    await input.press('Enter');
  } catch (error) {
    report(`entering ${text}`, error);
  }
}

/**
 * Clicks the button with this text on a notification, once it shows. VS Code shows no notification toasts with the
 * smoke-test driver on, so the suite opens the notifications center ("notifications.showList") first.
 */
async function clickNotificationButton(page, text) {
  try {
    await page.locator('.notifications-center .monaco-button', { hasText: text }).first().click({ timeout: 10000 });
  } catch (error) {
    report(`clicking the notification button ${text}`, error);
  }
}

/** Answers the suite's requests on `page`; prints mocha's lines (every console line with `verbose`). */
export function attachUiDriver(page, { screenshotsDir, verbose = false }) {
  page.on('console', (message) => {
    const text = message.text();
    if (verbose || /^\s*(\d+ (passing|failing|pending)|[✓✔]|\d+\)|\s{2,}\S)/.test(text) || text.includes('[oci-genai-tf e2e]')) process.stdout.write(`${text}\n`);
    const screenshot = /\[oci-genai-tf e2e\] screenshot ([\w.-]+)/.exec(text);
    if (screenshot) void takeScreenshot(page, join(screenshotsDir, `${screenshot[1]}.png`));
    const click = /\[oci-genai-tf e2e\] click row (.+)$/.exec(text);
    if (click) void clickRow(page, click[1]);
    const enter = /\[oci-genai-tf e2e\] enter (.+)$/.exec(text);
    if (enter) void enterInQuickInput(page, enter[1]);
    const button = /\[oci-genai-tf e2e\] click button (.+)$/.exec(text);
    if (button) void clickNotificationButton(page, button[1]);
  });
}
