// The largest file the page is asked to take (issue 8): a generated 5,000,000-row
// demographics.csv (about 550 MB, five times the largest US district) is checked to the end in
// headless Chromium without the tab crashing, and its corrected file — a Blob the worker wrote
// as it checked — is the CLI's, byte for byte. About 45 s here in all.
//
// Needs dist/ from `trunk build --release` and the release CLI; scripts/e2e.sh makes both.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { serve } from './server.mjs';
import { ROOT, DIST, OUT, TODAY } from './paths.mjs';

const CLI = process.env.ROSTERCHECK_CLI ?? join(ROOT, 'target/release/rostercheck');
const ROWS = 5_000_000;

let server;
let browser;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await serve(DIST);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Writes a clean `rows`-row demographics.csv to `file`, a block at a time. */
function writeRoster(file, rows) {
  const fd = openSync(file, 'w');
  writeSync(
    fd,
    'sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus\n',
  );
  const cities = ['Austin', 'Houston', 'San Antonio', 'El Paso', 'Dallas'];
  let block = [];
  for (let n = 0; n < rows; n++) {
    const month = String(1 + (n % 12)).padStart(2, '0');
    const day = String(1 + (n % 28)).padStart(2, '0');
    const white = n % 3 === 0;
    block.push(
      `S${String(n).padStart(8, '0')},active,2026-11-01T00:00:00.000Z,${2010 + (n % 8)}-${month}-${day},${n % 2 ? 'male' : 'female'},false,${n % 7 === 0},false,false,${white},false,${n % 5 === 0},US,TX,${cities[n % cities.length]},01652`,
    );
    if (block.length === 100_000) {
      writeSync(fd, block.join('\n') + '\n');
      block = [];
    }
  }
  if (block.length) writeSync(fd, block.join('\n') + '\n');
  closeSync(fd);
}

async function sha256(file) {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece);
  return hash.digest('hex');
}

test('5,000,000 rows (about 550 MB) are checked to the end, and the corrected file is the CLI\'s', { timeout: 900_000 }, async () => {
  const file = join(OUT, 'five-million.csv');
  const fromPage = join(OUT, 'five-million.page.csv');
  const fromCli = join(OUT, 'five-million.cli.csv');
  writeRoster(file, ROWS);
  try {
    const page = await browser.newPage();
    const crashes = [];
    page.on('crash', () => crashes.push('the tab crashed'));
    await page.goto(`${server.url}/?today=${TODAY}`);
    await page.locator('#boot').waitFor({ state: 'detached', timeout: 60_000 });
    const report = page.locator('[data-testid="report"]');
    const previous = Number(await report.getAttribute('data-check'));
    await page.locator('#file-input').setInputFiles(file);
    await page.waitForFunction(
      (prev) => {
        const el = document.querySelector('[data-testid="report"]');
        return el && el.dataset.state !== 'working' && Number(el.dataset.check) > prev;
      },
      previous,
      { timeout: 600_000, polling: 250 },
    );
    assert.deepEqual(crashes, []);
    assert.equal(await report.getAttribute('data-state'), 'done', await report.textContent());
    assert.equal(Number(await report.getAttribute('data-rows')), ROWS);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download corrected file', exact: true }).click(),
    ]);
    await download.saveAs(fromPage);
    await page.close();

    const run = spawnSync(CLI, ['check', '--format', 'json', '--fix', fromCli, '--today', TODAY, file], { maxBuffer: 1 << 30 });
    assert.ok(run.status === 0 || run.status === 1, `CLI: ${run.stderr}`);
    assert.equal(JSON.parse(run.stdout.toString()).rows, ROWS);
    assert.equal(statSync(fromPage).size, statSync(fromCli).size, 'the corrected files differ in size');
    assert.equal(await sha256(fromPage), await sha256(fromCli), 'the corrected file differs from the CLI');
  } finally {
    for (const path of [file, fromPage, fromCli]) rmSync(path, { force: true });
  }
});
