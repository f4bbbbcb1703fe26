import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, which the browser tests drive. */
export const CHROMIUM = '/usr/bin/chromium';

/** Set SCRUTABLE_SKIP_BROWSER=1 to skip the browser tests where no Chromium is installed. */
export const SKIP_BROWSER = process.env['SCRUTABLE_SKIP_BROWSER'] === '1';

/** Headless Chromium with every background request (updates, sync, QUIC probes) turned off. */
export async function launchChromium(): Promise<Browser> {
  expect(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install Debian chromium or set SCRUTABLE_SKIP_BROWSER=1`,
  ).toBe(true);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
