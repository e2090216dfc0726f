import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { inCi } from './testEnv.js';

/** Debian's Chromium (`npx playwright install` cannot work on this machine), or PACKREG_CHROMIUM. */
export const CHROMIUM = process.env.PACKREG_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null; under CI=true they run and fail instead. */
export const NO_BROWSER = existsSync(CHROMIUM) || inCi() ? null : `${CHROMIUM} not found (apt-get install -y chromium fonts-ipafont-gothic; .ci/run does it)`;

/** A headless Chromium with nothing of its own on the network (no updates, sync or QUIC). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
