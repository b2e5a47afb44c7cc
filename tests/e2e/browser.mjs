// The one way the end-to-end tests start Chromium: Debian's build, headless, with the flags that
// keep it off this machine's closed network (see TOOLCHAIN.md). Never a downloaded browser.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** `extra`: more flags, e.g. a V8 limit for one test. */
export function launchChromium(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extra],
  });
}
