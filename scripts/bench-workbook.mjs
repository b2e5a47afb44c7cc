// The workbook benchmark in the page (issue 10): the same 100,000 rows as CSV and as .xlsx,
// each chosen in the page 3 times in one headless Chromium; drop → summary time (best of 3),
// and the browser's peak memory over the idle page (the resident memory of every Chromium
// process, summed, sampled every 50 ms — the workbook reader is a worker process's memory).
//   node scripts/bench-workbook.mjs FILE.csv FILE.xlsx      (needs dist/ from trunk build --release)
// Run by scripts/bench.sh, which makes the two files.
import { launchChromium } from '../tests/e2e/browser.mjs';
import { chromiumRss } from './chromium-rss.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { DIST, TODAY } from '../tests/e2e/paths.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/bench-workbook.mjs FILE...');
  process.exit(2);
}

const server = await serve(DIST);
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${server.url}/?today=${TODAY}`);
await page.locator('#boot').waitFor({ state: 'detached', timeout: 60_000 });
await page.waitForTimeout(1000);
const idle = chromiumRss();

for (const file of files) {
  let best = Infinity;
  let peak = 0;
  for (let run = 0; run < 3; run++) {
    const previous = Number(await page.locator('[data-testid="report"]').getAttribute('data-check'));
    const sampler = setInterval(() => {
      peak = Math.max(peak, chromiumRss());
    }, 50);
    const started = performance.now();
    await page.locator('#file-input').setInputFiles(file);
    await page.waitForFunction(
      (prev) => {
        const el = document.querySelector('[data-testid="report"]');
        return el && el.dataset.state !== 'working' && Number(el.dataset.check) > prev;
      },
      previous,
      { timeout: 600_000, polling: 10 },
    );
    const ms = performance.now() - started;
    clearInterval(sampler);
    best = Math.min(best, ms);
    const state = await page.locator('[data-testid="report"]').getAttribute('data-state');
    const rows = await page.locator('[data-testid="report"]').getAttribute('data-rows');
    if (run === 0) console.log(`${file}: ${state}, ${rows} rows`);
  }
  console.log(`page, ${file}: drop → summary best of 3 = ${Math.round(best)} ms; peak browser memory ${Math.round((peak - idle) / 1024)} MB over the idle page`);
}

await browser.close();
await server.close();
