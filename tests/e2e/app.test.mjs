// End-to-end tests of the built app in headless Chromium (playwright-core, system browser).
//
// Needs: `trunk build --release` output in dist/ (or $DIST), the release CLI at
// target/release/rostercheck (or $ROSTERCHECK_CLI). scripts/e2e.sh builds both and runs this.
//
// The page is opened with ?today=2026-11-28 and the CLI run with --today 2026-11-28, so birth
// dates are judged against the same day and the corrected files can be compared byte for byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { launchChromium } from './browser.mjs';
import { afterCheck, readSummary } from './report.mjs';
import { serve } from './server.mjs';
import { ROOT, DIST, OUT, FIXTURES, SAMPLE, TODAY, FOOD } from './paths.mjs';

const CLI = process.env.ROSTERCHECK_CLI ?? join(ROOT, 'target/release/rostercheck');
const SHOT = join(ROOT, 'docs/screenshot.png');

let server;
let browser;
let page;
// What the page's "discard your changes?" question is answered: yes, unless a test says no.
const dialogs = { accept: true, seen: [] };
const requests = [];
const timings = {};

// ---------------------------------------------------------------------------------------------
// Helpers

/** Runs the CLI on `file` (with `answers`, its flags); returns its JSON report, corrected bytes (or null) and wall time. */
function cli(file, answers = []) {
  const fix = join(OUT, `cli-${Math.random().toString(36).slice(2)}.csv`);
  const started = performance.now();
  const run = spawnSync(CLI, ['check', '--format', 'json', '--fix', fix, '--today', TODAY, ...answers, file], {
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - started;
  assert.ok(run.status === 0 || run.status === 1 || run.status === 2, `CLI failed: ${run.stderr}`);
  let corrected = null;
  try {
    corrected = readFileSync(fix);
  } catch {
    corrected = null;
  }
  return { json: JSON.parse(run.stdout.toString()), corrected, ms };
}

/** The summary's test hooks. */
async function summary(p = page) {
  return readSummary(p);
}

/** Waits until the check after `previous` (a data-check value) has finished or failed. */
async function settled(previous, p = page) {
  await afterCheck(p, previous);
  return summary(p);
}

/** Drops a file on the page's only file input and waits for the summary. */
async function open(file, p = page) {
  const { check } = await summary(p);
  await p.locator('#file-input').setInputFiles(file);
  return settled(check, p);
}

/** Runs `action` (a change) and waits for the re-check it causes. */
async function change(action, p = page) {
  const { check } = await summary(p);
  await action();
  return settled(check, p);
}

/** Clicks a download control; returns the suggested name and the bytes. */
async function download(name, p = page) {
  const [file] = await Promise.all([
    p.waitForEvent('download'),
    p.getByRole('button', { name, exact: true }).click(),
  ]);
  const path = join(OUT, `download-${Math.random().toString(36).slice(2)}`);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

async function gridRows(p = page) {
  // The table's rows are the worker's answer for the check and filter shown: wait for it.
  await p.locator('[data-testid="findings"][aria-busy="false"]').waitFor();
  return Number(await p.locator('[data-testid="findings"]').getAttribute('data-rows'));
}

function assertCounts(s, json, what) {
  assert.deepEqual(
    { rows: s.rows, errors: s.errors, warnings: s.warnings, fixes: s.fixes },
    { rows: json.rows, errors: json.errors, warnings: json.warnings, fixes: json.fixes },
    `${what}: summary counts differ from the CLI`,
  );
}

/** A deterministic demographics.csv of `rows` rows, messy the way SIS exports are. */
function generate(rows) {
  const header =
    'sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus,metadata.homeLanguage,metadata.eligibilityStatusForSchoolFoodServicePrograms';
  const lines = [header];
  const cities = ['Austin', 'Houston', 'Dallas', 'El Paso', 'San Antonio'];
  for (let i = 0; i < rows; i++) {
    const id = 500000 + i;
    const year = 2008 + (i % 10);
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    // Every row has a fixable sex ("M"/"F"); every 7th a US-style date; every 50th a bad
    // date; every 13th a country name; every 97th an unknown food-service letter.
    const sex = i % 2 ? 'M' : 'F';
    const birth = i % 50 === 0 ? `${year}-13-01` : i % 7 === 0 ? `${Number(month)}/${Number(day)}/${year}` : `${year}-${month}-${day}`;
    const white = i % 3 === 0 ? 'true' : 'false';
    const asian = i % 3 === 1 ? 'true' : 'false';
    const country = i % 13 === 0 ? 'USA' : 'US';
    const food = i % 97 === 0 ? 'F' : ['Free', 'ReducedPrice', 'FullPrice'][i % 3];
    lines.push(
      [id, '', '', birth, sex, 'false', asian, 'false', 'false', white, 'false', 'false', country, 'TX', cities[i % 5], '01652', 'eng', food].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await serve(DIST);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (dialog) => {
    dialogs.seen.push(dialog.message());
    return dialogs.accept ? dialog.accept() : dialog.dismiss();
  });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/?today=${TODAY}`);
  await page.locator('#boot').waitFor({ state: 'detached', timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (Object.keys(timings).length) {
    writeFileSync(join(OUT, 'timings.json'), JSON.stringify(timings, null, 2));
  }
});

test('the page starts idle, with its file and folder inputs and the loading notice gone', async () => {
  const s = await summary();
  assert.equal(s.state, 'idle');
  assert.equal(await page.locator('#file-input[type="file"][multiple]').count(), 1);
  assert.equal(await page.locator('#folder-input[type="file"][webkitdirectory]').count(), 1);
  assert.equal(await page.locator('#boot').count(), 0);
  await page.getByRole('button', { name: 'Try it with a sample file' }).waitFor();
});

test('the sample: summary, verdict and downloads match the CLI', async () => {
  const { check } = await summary();
  await page.getByRole('button', { name: 'Try it with a sample file' }).click();
  const s = await settled(check);
  const expected = cli(SAMPLE);
  assert.equal(s.state, 'done');
  assertCounts(s, expected.json, 'sample');
  assert.match(s.text, /ClassLink or Amplify will reject or misread \d+ rows?;/);
  assert.match(s.text, /problems were fixed automatically/);
  assert.equal(await gridRows(), expected.json.findings.length);

  // The screenshot in README: summary, downloads, overview and the start of the findings.
  await page.evaluate(() => window.scrollTo(0, 0));
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  await page.screenshot({ path: SHOT, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 2000 } });

  const corrected = await download('Download corrected file');
  assert.equal(corrected.name, 'demographics.csv', 'ClassLink wants demographics.csv');
  assert.ok(corrected.bytes.equals(expected.corrected), 'corrected file differs from the CLI --fix output');

  const csv = await download('Download report');
  assert.equal(csv.name, 'sample-demographics-report.csv');
  const text = csv.bytes.toString('utf8');
  // A UTF-8 BOM, so that Excel on Windows shows accents; the row's student in each line.
  assert.ok(text.startsWith('\uFEFFline,record,sourcedId,column,severity,code,value,fix,message,source,decision,file,cell\r\n'), text.slice(0, 100));
  // The sample's =HYPERLINK value is neutralised for Excel.
  assert.ok(!/(^|,)"?=HYPERLINK/m.test(text), 'formula not neutralised');
  assert.ok(text.includes("'=HYPERLINK"), 'neutralised formula missing');

  const json = await download('Download report (JSON)');
  assert.equal(json.name, 'sample-demographics-report.json');
  const report = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(report.file, 'sample-demographics.csv');
  const { file: _a, ...ours } = report;
  const { file: _b, ...theirs } = expected.json;
  assert.deepEqual(ours, theirs, 'JSON report differs from the CLI');
});

test('filters: by rule, by severity, without a fix', async () => {
  const expected = cli(SAMPLE).json;
  const food = expected.findings.filter((f) => f.code === 'invalid-food-service').length;
  assert.ok(food > 0);
  const rule = page.locator('.rule-counts').getByRole('button', { name: 'invalid-food-service', exact: true });
  await rule.click();
  assert.equal(await rule.getAttribute('aria-pressed'), 'true');
  assert.equal(await gridRows(), food);
  const codes = await page.locator('#findings .grid-body .c-code').allTextContents();
  assert.ok(codes.length === food && codes.every((c) => c === 'invalid-food-service'), codes.join());
  await rule.click();
  assert.equal(await gridRows(), expected.findings.length);

  await page.getByRole('checkbox', { name: /^Warnings/ }).uncheck();
  await page.getByRole('checkbox', { name: /^Infos/ }).uncheck();
  assert.equal(await gridRows(), expected.errors);
  await page.getByRole('button', { name: 'Show all findings' }).click();
  await page.getByLabel('Only problems without an automatic fix').check();
  assert.equal(await gridRows(), expected.findings.filter((f) => f.fix === null).length);
  await page.locator('.column-counts').getByRole('button', { name: 'sex', exact: true }).click();
  assert.equal(await gridRows(), expected.findings.filter((f) => f.fix === null && f.column === 'sex').length);
  await page.getByRole('button', { name: 'Show all findings' }).click();
  assert.equal(await gridRows(), expected.findings.length);
});

test('edit a cell, map a value, undo, redo, exclude a row: counts stay true and the file matches the CLI', async () => {
  const start = await summary();
  const expected = cli(SAMPLE).json;
  const sexX = expected.findings.find((f) => f.code === 'invalid-sex' && f.value === 'X');
  const missing = expected.findings.find((f) => f.code === 'missing-id');
  assert.ok(sexX && missing);

  // Edit: sex "X" → female.
  await page.locator('#filter-rule').selectOption('invalid-sex');
  await page.locator('#findings .grid-row', { has: page.locator('.c-val', { hasText: /^X$/ }) }).click();
  await page.locator('#cell-value').fill('female');
  let s = await change(() => page.getByRole('button', { name: 'Apply to this cell' }).click());
  assert.equal(s.state, 'done');
  assert.equal(s.errors, start.errors - 1, 'the edited cell still counts as an error');

  // Map: every F in the school-meals column → Free (the mapper says how many rows change).
  await page.locator('#map-column').selectOption(FOOD);
  await page.locator('#map-from').selectOption('F');
  await page.locator('#map-to').fill('Free');
  const apply = page.getByRole('button', { name: /^Replace in 1 row$/ });
  await apply.waitFor();
  s = await change(() => apply.click());
  assert.equal(s.errors, start.errors - 2);

  // Undo the map, redo it.
  s = await change(() => page.getByRole('button', { name: 'Undo', exact: true }).click());
  assert.equal(s.errors, start.errors - 1);
  s = await change(() => page.getByRole('button', { name: 'Redo', exact: true }).click());
  assert.equal(s.errors, start.errors - 2);

  // Exclude the row without an ID.
  await page.locator('#filter-rule').selectOption('missing-id');
  await page.locator('#findings .grid-row').first().click();
  s = await change(() => page.getByRole('button', { name: `Leave line ${missing.line} out of the corrected file` }).click());
  assert.ok(s.errors < start.errors - 2, 'excluding the row did not remove its errors');
  assert.equal(s.rows, start.rows, 'excluded rows still count as read');
  assert.match(await page.getByTestId('edits-summary').textContent(), /1 row left out/);
  // The JSON report records the person's edits: the audit trail, from → to, by line.
  const audit = JSON.parse((await download('Download report (JSON)')).bytes.toString()).audit;
  assert.deepEqual(audit.cells, [{ line: sexX.line, column: 'sex', from: 'X', to: 'female' }]);
  assert.deepEqual(audit.maps, [{ column: FOOD, from: 'F', to: 'Free', rows: 1 }]);
  assert.deepEqual(audit.excluded, [missing.line]);
  // The report meant for Excel carries the same trail after the findings, severity "edit".
  const trail = (await download('Download report')).bytes.toString('utf8').trimEnd().split('\r\n')
    .filter((row) => row.split(',')[4] === 'edit');
  assert.deepEqual(trail.map((row) => row.split(',').slice(0, 8).join(',')), [
    `${sexX.line},,,sex,edit,cell-edited,X,female`,
    `,,,${FOOD},edit,column-edited,F,Free`,
    `${missing.line},,,,edit,row-left-out,,`,
  ]);
  // One row number everywhere: the line the finding named.
  assert.match(await page.getByTestId('edits').textContent(), new RegExp(`Line ${missing.line} left out`));
  assert.match(await page.getByTestId('edits').textContent(), new RegExp(`Line ${sexX.line}: sex set to "female"`));
  await page.getByRole('button', { name: 'Show all findings' }).click();

  // A student's findings by their sourcedId, answered by the worker as it is typed.
  const student = expected.findings.find((f) => f.sourced_id && f.code === 'duplicate-id').sourced_id;
  await page.locator('#filter-student').fill(student);
  assert.equal(await gridRows(), (await page.locator('#findings .grid-row').count()));
  const shown = await gridRows();
  assert.ok(shown >= 1, `no findings for ${student}`);
  await page.locator('#findings .grid-row').first().click();
  assert.match(await page.locator('.cell-editor').textContent(), new RegExp(`student ${student}`));
  await page.getByRole('button', { name: 'Show all findings' }).click();

  // The same changes made by hand in the input give the CLI's corrected file.
  const lines = readFileSync(SAMPLE, 'latin1').split('\n');
  const header = lines[0].split(',');
  const food = header.indexOf(FOOD);
  const sex = header.findIndex((h) => h.toLowerCase() === 'sex');
  assert.ok(food > 0 && sex > 0);
  const edited = lines
    .map((line, i) => {
      const n = i + 1;
      if (n === 1 || !line) return line;
      const cells = line.split(',');
      if (n === sexX.line) cells[sex] = 'female';
      if (cells.length === header.length && cells[food].trim() === 'F') cells[food] = 'Free';
      return cells.join(',');
    })
    .filter((_, i) => i + 1 !== missing.line)
    .join('\n');
  const handEdited = join(OUT, 'sample-edited.csv');
  writeFileSync(handEdited, Buffer.from(edited, 'latin1'));
  const byHand = cli(handEdited);
  const corrected = await download('Download corrected file');
  assert.equal(corrected.name, 'demographics.csv', 'ClassLink wants demographics.csv');
  assert.ok(corrected.bytes.equals(byHand.corrected), 'corrected file with edits differs from the CLI on the hand-edited input');
  assert.equal(s.errors, byHand.json.errors);
});

test('a file dropped on the page is checked like a chosen one', async () => {
  const { check } = await summary();
  const csv = readFileSync(SAMPLE, 'latin1');
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    data.items.add(new File([bytes], 'dropped.csv', { type: 'text/csv' }));
    return data;
  }, csv);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  const s = await settled(check);
  assert.equal(s.state, 'done');
  assertCounts(s, cli(SAMPLE).json, 'dropped sample');
  assert.match(s.text, /dropped\.csv/);
});

test('wrong files get a specific message, never a blank page', async () => {
  const cases = [
    ['bundle.zip', 'failed', /zip archive/],
    ['image.png', 'failed', /an image/],
    ['empty.csv', 'failed', /The file is empty/],
    ['header-only.csv', 'done', /header but no students/],
  ];
  for (const [name, state, message] of cases) {
    const file = join(FIXTURES, name);
    const s = await open(file);
    assert.equal(s.state, state, name);
    assert.match(s.text, message, name);
    assertCounts(s, cli(file).json, name);
    assert.ok(await page.getByRole('heading', { name: 'rostercheck', level: 1 }).isVisible(), `${name}: page is blank`);
    const downloads = await page.getByRole('button', { name: 'Download corrected file' }).count();
    assert.equal(downloads, state === 'done' ? 1 : 0, name);
  }
});

/** Runs the CLI with extra arguments; returns its exit status and stdout. */
function cliArgs(args) {
  const run = spawnSync(CLI, ['check', '--today', TODAY, ...args], { maxBuffer: 1 << 30 });
  return { status: run.status, stdout: run.stdout.toString() };
}

test('workbooks: read in the page (the reader loaded only then), every digit kept, findings in their cells, the corrected file is the CLI\'s', async () => {
  // The workbook reader is its own worker, started only for a workbook.
  const reader = () => requests.filter((u) => /\/workbook(_bg|_loader)?-[0-9a-f]{16}\.js$/.test(u));
  assert.deepEqual(reader(), [], 'the workbook reader was loaded before any workbook');
  const books = join(FIXTURES, 'workbooks');
  const clean = cli(join(books, 'table.csv')).corrected;
  for (const name of ['table.xlsx', 'table-1904.xlsx', 'table.xls', 'table.ods', '../workbook.xlsx']) {
    const file = join(books, name);
    const s = await open(file);
    const { json, corrected } = cli(file);
    assert.equal(s.state, 'done', name);
    assertCounts(s, json, name);
    const { name: saved, bytes } = await download('Download corrected file');
    assert.equal(saved, 'demographics.csv', name);
    assert.deepEqual(bytes, corrected, `${name}: the page's corrected file differs from the CLI's`);
    if (name.startsWith('table')) assert.deepEqual(bytes, clean, `${name}: differs from table.csv's corrected file`);
  }
  assert.ok(reader().length > 0, 'the workbook reader was never loaded');
  // 13-digit IDs stored as number cells keep every digit.
  await open(join(books, 'table.xlsx'));
  const corrected = (await download('Download corrected file')).bytes.toString();
  assert.match(corrected, /\n1234567890123,active,2026-11-28T00:00:00\.000Z,2012-03-14,female,/);
  // Findings point at their cells.
  const cell = page.locator('#findings .c-cell').first();
  assert.equal((await cell.textContent()).replace('Cell ', ''), 'C2');
  assert.match(await cell.getAttribute('title'), /^Demographics!C2 \(line 2\)$/);
  await page.locator('#findings .grid-row', { has: page.locator('.c-cell') }).first().click();
  assert.match(await page.locator('.cell-editor').textContent(), /cell Demographics!C2/);
  // A sheet picker for a workbook of several sheets.
  let s = await open(join(books, 'two-sheets.xlsx'));
  assert.equal(s.state, 'done');
  assert.match(await page.locator('#sheets').textContent(), /Sheet checked: Demographics/);

  // The formulas' workbook: #N/A is an error in its cell, the JSON report carries the cell.
  s = await open(join(books, 'formulas.xlsx'));
  assertCounts(s, cli(join(books, 'formulas.xlsx')).json, 'formulas.xlsx');
  const json = JSON.parse((await download('Download report (JSON)')).bytes.toString());
  const na = json.findings.find((f) => f.code === 'cell-error');
  assert.equal(na.cell, 'Roster!C3');

  // Two sheets that could be the file: the page asks, then checks the one chosen.
  s = await open(join(books, 'ambiguous.xlsx'));
  assert.equal(s.state, 'failed');
  assert.match(s.text, /Several sheets look like this file: Fall, Spring/);
  const options = await page.locator('#sheet-select option').allTextContents();
  assert.deepEqual(options, ['Fall', 'Spring']);
  await page.locator('#sheet-select').selectOption('Spring');
  s = await change(() => page.locator('#sheet-check').click());
  assert.equal(s.state, 'done');
  assert.equal(s.rows, 1);
  const spring = cliArgs(['--format', 'json', '--sheet', 'Spring', join(books, 'ambiguous.xlsx')]);
  assertCounts(s, JSON.parse(spring.stdout), 'ambiguous.xlsx, Spring');

  // Bad workbooks: a clear message each; a workbook named .csv is found by its bytes.
  for (const [name, message] of [['encrypted.xlsx', /protected with a password/], ['empty.xlsx', /no sheet with a value/]]) {
    s = await open(join(books, name));
    assert.equal(s.state, 'failed', name);
    assert.match(s.text, message, name);
  }
  const renamed = join(OUT, 'roster-export.csv');
  writeFileSync(renamed, readFileSync(join(books, 'table.xlsx')));
  s = await open(renamed);
  assert.equal(s.state, 'done');
  assertCounts(s, cli(renamed).json, 'a workbook named .csv');
});

test('hostile cells are shown as text: never run, never linked (tests/hostile/README.md)', async () => {
  const file = join(OUT, 'hostile-cells.csv');
  const dialogs = [];
  const onDialog = (d) => {
    dialogs.push(d.message());
    d.dismiss();
  };
  page.on('dialog', onDialog);
  writeFileSync(
    file,
    [
      'sourcedId,sex,cityOfBirth',
      '1001,"<img src=x onerror=""window.__pwned=1;alert(1)"">",Austin',
      '1002,javascript:window.__pwned=2,"<script>window.__pwned=3</script>"',
      '1003,\u202Emale,"=HYPERLINK(""javascript:window.__pwned=4"")"',
      '',
    ].join('\n'),
  );
  const s = await open(file);
  assert.equal(s.state, 'done');
  assertCounts(s, cli(file).json, 'hostile cells');
  const text = await page.locator('body').innerText();
  assert.ok(text.includes('<img src=x onerror='), 'the value is shown as text');
  assert.ok(text.includes('javascript:window.__pwned=2'), 'the value is shown as text');
  assert.ok(text.includes('\u27E8U+202E\u27E9'), 'the right-to-left override is shown, not obeyed');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing in a cell ran');
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.equal(await page.locator('a[href^="javascript:" i], [src="x"], img[onerror]').count(), 0, 'nothing in a cell became an element or a link');
  page.off('dialog', onDialog);
});

test('a subset of the hostile catalogue in the page: the answer the CLI gives, never a blank page', async () => {
  // Named as in tests/hostile/README.md; made here as crates/rostercheck-cli/tests/hostile.rs
  // makes them.
  const header = 'sourcedId,sex,cityOfBirth';
  const xls = readFileSync(join(FIXTURES, 'workbooks/table.xls'));
  const nulInCell = Buffer.from(xls);
  const austin = nulInCell.indexOf('Austin');
  nulInCell[austin + 3] = 0;
  const cases = [
    ['nul-bytes', 'csv', Buffer.alloc(1 << 20), /looks like a binary file/],
    ['bom-alone', 'csv', Buffer.from([0xef, 0xbb, 0xbf])],
    ['ten-thousand-duplicate-headers', 'csv', `sourcedId,${Array(10000).fill('sex').join(',')}\n1,${Array(10000).fill('male').join(',')}\n`],
    ['utf16-lone-surrogate', 'csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}\n1001,male,`, 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('\n', 'utf16le')])],
    ['cyrillic-lookalike-id', 'csv', `${header}\nstud\u0430nt1,male,Austin\n`],
    ['zero-width-space-in-id', 'csv', `${header}\n10\u200B01,male,Austin\n`, /10\u27E8U\+200B\u27E901/],
    ['formula-dde', 'csv', `${header}\n1001,male,"=cmd|' /C calc'!A0"\n`],
    ['xls-cut-short', 'xls', xls.subarray(0, 4624), /damaged/],
    ['xlsx-far-cell', 'xlsx', readFileSync(join(FIXTURES, 'workbooks/far-cell.xlsx')), /a value far from the rest/],
    ['nul-in-a-workbook-cell', 'xls', nulInCell, /Aus\u27E8U\+0000\u27E9in/],
  ];
  for (const [name, extension, bytes, shows] of cases) {
    const file = join(OUT, `hostile-${name}.${extension}`);
    writeFileSync(file, bytes);
    const expected = cli(file);
    const s = await open(file);
    assert.ok(['done', 'failed'].includes(s.state), `${name}: ${s.state}`);
    if (expected.corrected === null) {
      assert.equal(s.state, 'failed', `${name}: the CLI could not read it`);
      assert.ok(s.text.includes(expected.json.findings[0].message.split(':')[0]), `${name}: ${s.text}`);
    } else {
      assertCounts(s, expected.json, name);
      if (expected.corrected.length === 0) {
        // Nothing to give back (no header, no rows): no corrected file is offered.
        const button = page.getByRole('button', { name: 'Download corrected file', exact: true });
        assert.ok((await button.count()) === 0 || (await button.isDisabled()), name);
      } else {
        const corrected = await download('Download corrected file');
        assert.ok(corrected.bytes.equals(expected.corrected), `${name}: the corrected file differs from the CLI`);
      }
    }
    if (shows) {
      assert.match(await page.locator('body').innerText(), shows, name);
    }
    if (name === 'formula-dde') {
      // The report meant for Excel writes the value so that Excel shows it and never runs it.
      const reportCsv = (await download('Download report')).bytes.toString();
      assert.ok(reportCsv.includes(`"'=cmd|' /C calc'!A0"`) || reportCsv.includes(`'=cmd|' /C calc'!A0`), reportCsv);
      assert.ok(!/(^|,)"?=cmd/m.test(reportCsv), 'a cell of the report starts with =');
    }
  }
});

test('encodings and delimiters: counts and corrected files match the CLI', async () => {
  for (const name of ['windows-1252.csv', 'semicolon.csv', 'utf16.csv']) {
    const file = join(FIXTURES, name);
    const s = await open(file);
    const expected = cli(file);
    assert.equal(s.state, 'done', name);
    assertCounts(s, expected.json, name);
    const corrected = await download('Download corrected file');
    assert.equal(corrected.name, 'demographics.csv', name);
    assert.ok(corrected.bytes.equals(expected.corrected), `${name}: corrected file differs from the CLI`);
  }
});

// ---------------------------------------------------------------------------------------------
// Whole OneRoster bundles (issue 9): a zip, several files, a folder.

/** The files of fixtures/OneRoster.zip (as tests/e2e/make-fixtures.mjs writes them). */
const BUNDLE = {
  'manifest.csv': 'propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\nfile.users,bulk\r\nfile.demographics,delta\r\n',
  'users.csv':
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n' +
    '0001,,,true,o1,student,a,,Ann,Lee,,S1,,,,,05,\r\n0002,,,true,o1,student,b,,Bo,Kim,,S2,,,,,05,\r\n0003,,,true,o1,student,c,,Cy,Ray,,S3,,,,,05,\r\nT1,,,true,o1,teacher,t,,Tia,Fox,,T1,,,,,,\r\n',
  'demographics.csv': 'sourcedId,sex,birthDate\r\n1,F,2014-03-04\r\n0002,male,2014-05-06\r\nT1,female,1980-01-01\r\n4040,male,2014-01-01\r\n',
};

/** Writes the bundle's files into `dir`; returns their paths. */
function writeBundle(dir) {
  mkdirSync(dir, { recursive: true });
  return Object.entries(BUNDLE).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}

/** The CLI on a bundle (`inputs`: a zip, a folder or files), writing its corrected zip and list. */
function cliBundle(inputs) {
  const tag = Math.random().toString(36).slice(2);
  const zip = join(OUT, `cli-${tag}.zip`);
  const missing = join(OUT, `cli-${tag}-missing.csv`);
  const run = spawnSync(CLI, ['check', '--format', 'json', '--today', TODAY, '--fix', zip, '--list-missing', missing, ...inputs]);
  assert.ok(run.status === 0 || run.status === 1, `CLI failed: ${run.stderr}`);
  return { json: JSON.parse(run.stdout.toString()), zip: readFileSync(zip), missing: readFileSync(missing) };
}

async function bundleSection(p = page) {
  const section = p.locator('[data-testid="bundle"]');
  await section.waitFor();
  return {
    text: await section.textContent(),
    students: await section.locator('[data-testid="students"]').textContent(),
    with: await section.locator('[data-testid="with-demographics"]').textContent(),
    without: await section.locator('[data-testid="without-demographics"]').textContent(),
  };
}

test('a OneRoster zip: the files, the students and the findings by file; the corrected bundle is the CLI\'s', async () => {
  // fixtures/OneRoster.zip: these files in a folder, with macOS junk (tests/e2e/make-fixtures.mjs).
  const zip = join(FIXTURES, 'OneRoster.zip');
  const s = await open(zip);
  const expected = cliBundle([zip]);
  assert.equal(s.state, 'done', s.text);
  assertCounts(s, expected.json, 'bundle zip');
  assert.equal(await gridRows(), expected.json.findings.length);

  const bundle = await bundleSection();
  for (const name of ['export/manifest.csv', 'export/users.csv', 'export/demographics.csv']) {
    assert.ok(bundle.text.includes(name), `${name} is listed: ${bundle.text}`);
  }
  assert.deepEqual(
    [bundle.students, bundle.with, bundle.without],
    [String(expected.json.roster.students), String(expected.json.roster.with_demographics), String(expected.json.roster.students - expected.json.roster.with_demographics)],
  );

  // The findings of one file: manifest.csv says delta while the rows are bulk.
  await page.locator('#filter-file').selectOption('export/manifest.csv');
  const inManifest = expected.json.findings.filter((f) => f.file === 'export/manifest.csv');
  assert.ok(inManifest.length > 0, 'the manifest has a finding');
  assert.equal(await gridRows(), inManifest.length);
  assert.match(await page.locator('[data-testid="findings"]').textContent(), /file\.demographics,delta/);
  await page.getByRole('button', { name: 'Show all findings' }).click();
  assert.equal(await gridRows(), expected.json.findings.length);

  // Dropped on the page, the zip is the same bundle.
  const { check } = await summary();
  const transfer = await page.evaluateHandle((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([Uint8Array.from(bytes)], 'OneRoster.zip', { type: 'application/zip' }));
    return data;
  }, [...readFileSync(zip)]);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  assertCounts(await settled(check), expected.json, 'dropped zip');

  const corrected = await download('Download corrected bundle');
  assert.equal(corrected.name, 'OneRoster.zip', 'Amplify wants OneRoster.zip');
  assert.ok(corrected.bytes.equals(expected.zip), 'the corrected bundle differs from rostercheck check --fix OUT.zip');
  // The JSON report is the CLI's, file by file (the page knows the zip by its name, the CLI by
  // the path it was given).
  const report = JSON.parse((await download('Download report (JSON)')).bytes.toString('utf8'));
  const cliReport = JSON.parse(JSON.stringify(expected.json).replaceAll(JSON.stringify(zip).slice(1, -1), 'OneRoster.zip'));
  assert.deepEqual(report, cliReport, 'the JSON report differs from the CLI\'s');
  const missing = await download('Download the students without demographics');
  assert.ok(missing.bytes.equals(expected.missing), 'the list differs from rostercheck check --list-missing');
  assert.match(missing.bytes.toString('utf8'), /\r\n0003,S3,c,Cy,Ray\r\n/);
});

test('several files dropped or picked together, and a folder, are the same bundle', async () => {
  const dir = join(OUT, 'bundle-folder');
  const paths = writeBundle(dir);
  const expected = cliBundle(paths);

  // Picked together.
  let s = await open(paths);
  assert.equal(s.state, 'done', s.text);
  assertCounts(s, expected.json, 'several files');
  assert.match((await bundleSection()).text, /users\.csv/);

  // Dropped together.
  const { check } = await summary();
  const transfer = await page.evaluateHandle((files) => {
    const data = new DataTransfer();
    for (const [name, text] of Object.entries(files)) {
      data.items.add(new File([text], name, { type: 'text/csv' }));
    }
    return data;
  }, BUNDLE);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  s = await settled(check);
  assertCounts(s, expected.json, 'dropped files');
  assert.equal((await bundleSection()).without, String(expected.json.roster.students - expected.json.roster.with_demographics));

  // A folder, with a .DS_Store the page leaves out.
  writeFileSync(join(dir, '.DS_Store'), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
  const before = (await summary()).check;
  await page.locator('#folder-input').setInputFiles(dir);
  s = await settled(before);
  assertCounts(s, cliBundle([dir]).json, 'folder');
  assert.match(s.text, /bundle-folder\//);
  const listed = await page.locator('[data-testid="bundle"] tbody tr').count();
  assert.equal(listed, 3, 'three files, no .DS_Store');
});

test('a workbook among a bundle\'s files is read as the file its sheet is; the corrected bundle is the CLI\'s', async () => {
  const dir = join(OUT, 'bundle-workbook');
  mkdirSync(dir, { recursive: true });
  const book = join(dir, 'demographics.xlsx');
  writeFileSync(book, readFileSync(join(FIXTURES, 'workbooks/table.xlsx')));
  const users = join(dir, 'users.csv');
  writeFileSync(users, 'sourcedId,role,givenName,familyName\r\n1234567890123,student,A,B\r\n1234567890124,student,C,D\r\n');
  const expected = cliBundle([book, users]);
  const s = await open([book, users]);
  assert.equal(s.state, 'done', s.text);
  assertCounts(s, expected.json, 'a workbook in a bundle');
  assert.equal((await bundleSection()).without, '0');
  // The ID no user has is said at its cell.
  await page.locator('#filter-rule').selectOption('unknown-user');
  const cell = page.locator('#findings .c-cell').first();
  assert.equal((await cell.textContent()).replace('Cell ', ''), 'A4');
  await page.locator('#filter-rule').selectOption('');
  const zip = await download('Download corrected bundle');
  assert.deepEqual(zip.bytes, expected.zip, 'the corrected bundle differs from the CLI\'s');
});

test('needs your decision: a value, the order of day and month, bulk or delta — each one answer, the CLI\'s file', async () => {
  // The sample: "F" in school meals is Free or FullPrice.
  let s = await open(SAMPLE);
  const section = page.getByTestId('decisions');
  assert.match(await section.locator('h2').textContent(), /^Needs your decision \(1\)$/);
  assert.match(await section.textContent(), /What does "F" mean in metadata\.eligibilityStatusForSchoolFoodServicePrograms\?.*1 row waits for this answer \(line 4\)/);
  const before = s;
  s = await change(() => section.getByRole('button', { name: 'Free: Free meals' }).click());
  assert.equal(s.errors, before.errors - 1);
  assert.match(await section.locator('h2').textContent(), /nothing left/);
  assert.match(await section.textContent(), /Your answers: value:metadata\.eligibilityStatusForSchoolFoodServicePrograms:F=Free/);
  // Focus stays in the list: on its heading once nothing is left.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'decisions-title');
  const answered = cli(SAMPLE, ['--answer', `value:${FOOD}:F=Free`]);
  assert.deepEqual([s.errors, s.warnings, s.fixes], [answered.json.errors, answered.json.warnings, answered.json.fixes]);
  assert.ok((await download('Download corrected file')).bytes.equals(answered.corrected), 'the answered file differs from the CLI\'s');

  // Ctrl+Z takes the answer back, Ctrl+Y gives it again.
  await page.locator('#decisions-title').focus();
  s = await change(() => page.keyboard.press('Control+z'));
  assert.equal(s.errors, before.errors);
  assert.match(await section.locator('h2').textContent(), /\(1\)/);
  s = await change(() => page.keyboard.press('Control+y'));
  assert.equal(s.errors, before.errors - 1);

  // Another file with the answer in force asks first; "no" keeps everything as it was.
  dialogs.accept = false;
  const asked = dialogs.seen.length;
  await page.locator('#file-input').setInputFiles(join(FIXTURES, 'semicolon.csv'));
  await page.waitForTimeout(300);
  dialogs.accept = true;
  assert.equal(dialogs.seen.length, asked + 1);
  assert.match(dialogs.seen.at(-1), /Your changes to this file/);
  assert.equal((await summary()).check, s.check, 'the file was replaced although the person said no');

  // A date column with both orders: one question; answered dmy, the dates are read day first.
  const mixed = join(OUT, 'dates-mixed.csv');
  writeFileSync(mixed, 'sourcedId,birthDate,sex\n1,14/10/2012,male\n2,12/5/2010,female\n3,6/3/2012,male\n4,10/25/2012,male\n');
  s = await open(mixed);
  assert.match(await section.textContent(), /2 rows wait for this answer \(lines 3 and 4\)/);
  s = await change(() => section.getByRole('button', { name: /^Day first/ }).click());
  const dmy = cli(mixed, ['--date-order', 'birthDate=dmy']);
  assert.deepEqual([s.errors, s.warnings, s.fixes], [dmy.json.errors, dmy.json.warnings, dmy.json.fixes]);
  const corrected = (await download('Download corrected file')).bytes;
  assert.ok(corrected.equals(dmy.corrected), 'the dmy file differs from the CLI\'s');
  assert.match(corrected.toString(), /2010-05-12/);

  // Bulk rows and delta rows mixed: one answer fixes every row.
  const mode = join(OUT, 'bulk-delta.csv');
  writeFileSync(mode, 'sourcedId,status,dateLastModified,birthDate,sex\n1,active,,2012-01-01,male\n2,,,2012-01-01,female\n3,active,,2012-01-01,male\n');
  s = await open(mode);
  assert.ok(s.errors >= 2, s.text);
  s = await change(() => section.getByRole('button', { name: /^Bulk/ }).click());
  const bulk = cli(mode, ['--mode', 'bulk']);
  assert.equal(s.errors, 0);
  assert.ok((await download('Download corrected file')).bytes.equals(bulk.corrected), 'the bulk file differs from the CLI\'s');
});

/** axe-core's violations on `p` (its source given by Playwright, past the page's CSP). */
async function violations(p) {
  await p.evaluate(readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  const found = await p.evaluate(async () => (await window.axe.run(document)).violations);
  return found.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('axe-core finds no accessibility violation on the start page, the to-do list and the details', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  await p.goto(`${server.url}/?today=${TODAY}`);
  await p.locator('#boot').waitFor({ state: 'detached' });
  assert.deepEqual(await violations(p), [], 'the start page');
  await p.locator('#file-input').setInputFiles(SAMPLE);
  await p.locator('[data-testid="report"][data-state="done"]').waitFor();
  await p.getByTestId('decisions').waitFor();
  assert.deepEqual(await violations(p), [], 'the to-do list');
  await p.locator('#findings .grid-row').first().click();
  await p.locator('#cell-editor-heading').waitFor();
  assert.deepEqual(await violations(p), [], 'the details view');
  // The check can fail: an image without a text alternative is found.
  await p.evaluate(() => document.querySelector('main').append(document.createElement('img')));
  assert.ok((await violations(p)).some((v) => v.startsWith('image-alt')), 'axe-core did not run');
  await context.close();
});

test('the row in view: its values, a broken quote\'s line, two rows with one ID, values to choose and suggestions; side by side on a wide screen', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const p = await context.newPage();
  await p.goto(`${server.url}/?today=${TODAY}`);
  await p.locator('#boot').waitFor({ state: 'detached' });
  let s = await open(SAMPLE, p);
  const start = s;
  const lines = readFileSync(SAMPLE, 'utf8').split('\n');
  const pick = async (rule, value) => {
    await p.locator('#filter-rule').selectOption(rule);
    await gridRows(p);
    const row = value === undefined
      ? p.locator('#findings .grid-row').first()
      : p.locator('#findings .grid-row', { has: p.locator('.c-val', { hasText: value }) }).first();
    await row.click();
    await p.locator('#cell-editor-heading').waitFor();
  };

  // Side by side: the details beside the list, not under it.
  await pick('invalid-sex', /^X$/);
  const list = await p.locator('.findings-table').boundingBox();
  const details = await p.locator('.cell-editor').boundingBox();
  assert.ok(details.x >= list.x + list.width - 1 && details.y < list.y + list.height, `${JSON.stringify({ list, details })}`);

  // The row's values, read again by the worker, the finding's cell marked.
  const grid = p.getByTestId('row-grid');
  await grid.waitFor();
  assert.equal(await grid.locator('td.marked').textContent(), 'X (this finding)');
  // The finding's column first, then the file's order: the marked cell is in view.
  assert.match(await grid.locator('thead').textContent(), /^Line\s*Sex\s*SourcedID/);
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the row grid widens the page');
  assert.equal(await grid.locator('tbody th').textContent(), String(lines.findIndex((l) => l.startsWith('100237')) + 1));
  // A value the column does not take is refused, with the ones it takes.
  await p.locator('#cell-value').fill('fem');
  await p.getByRole('button', { name: 'Apply to this cell' }).click();
  assert.match(await p.locator('#cell-value-problem').textContent(), /Choose one of: male, female/);
  assert.equal((await summary(p)).check, s.check, 'nothing was re-checked');
  assert.deepEqual(await violations(p), [], 'the details with the row');

  // A broken quote: the line as written, its quotes marked.
  await pick('stray-quote');
  const raw = p.getByTestId('raw-line');
  await raw.waitFor();
  assert.equal((await raw.textContent()).trim(), lines[9].replace(/\r$/, ''));
  assert.equal(await raw.locator('mark.quote').count(), (lines[9].match(/"/g) || []).length);
  // Written again: refused while a quote is still broken, then read in place of the file's.
  const apply = p.getByRole('button', { name: 'Apply to line 10' });
  // Pasted with its line end, which is not part of the line.
  await p.locator('#line-edit').fill(lines[9].replace('http://x', 'http://y'));
  await apply.click();
  assert.match(await p.locator('#line-edit-problem').textContent(), /A quote is still broken/);
  assert.equal((await p.locator('#line-edit').inputValue()).trimEnd(), lines[9].replace('http://x', 'http://y').trimEnd(), 'the line refused stays in the box');
  assert.equal((await summary(p)).check, s.check, 'nothing was re-checked');
  const rewritten = lines[9].replace('=HYPERLINK("http://x")', '"=HYPERLINK(""http://x"")"').replace(/\r$/, '');
  const before10 = s;
  s = await change(async () => {
    await p.locator('#line-edit').fill(rewritten);
    await apply.click();
  }, p);
  assert.equal(s.errors, before10.errors - 1, 'the stray quote is gone');
  assert.match(await p.getByTestId('edits').textContent(), /Line 10 written again: /);
  const withLine10 = join(OUT, 'sample-line-10-rewritten.csv');
  writeFileSync(withLine10, lines.map((l, i) => (i === 9 ? `${rewritten}\r` : l)).join('\n'));
  const byHand = cli(withLine10);
  assert.ok((await download('Download corrected file', p)).bytes.equals(byHand.corrected), 'a line written again: not the CLI\'s file with that line');
  assertCounts(s, byHand.json, 'line written again');
  assert.deepEqual(await violations(p), [], 'the line editor');

  // Two rows with one ID side by side; keeping the second leaves the first out.
  await pick('duplicate-id');
  await p.locator('#row-view-title', { hasText: 'The 2 rows of student 100241' }).waitFor();
  assert.deepEqual(await p.locator('[data-testid="row-grid"] tbody th').allTextContents(), ['10', '11']);
  assert.ok((await p.locator('[data-testid="row-grid"] td.differs').count()) >= 2, 'the values that differ are marked');
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the rows widen the page');
  assert.deepEqual(await violations(p), [], 'two rows side by side');
  s = await change(() => p.getByRole('button', { name: 'Keep line 11, leave the others out' }).click(), p);
  // The rule filtered on has no findings left, and still shows as the filter.
  assert.equal(await p.locator('#filter-rule').inputValue(), 'duplicate-id');
  assert.match(await p.getByTestId('edits').textContent(), /Line 10 left out/);
  assert.ok(s.errors < start.errors, `${s.errors} errors`);
  const withoutLine10 = join(OUT, 'sample-without-line-10.csv');
  writeFileSync(withoutLine10, lines.filter((_, i) => i !== 9).join('\n'));
  const expected = cli(withoutLine10);
  assert.ok((await download('Download corrected file', p)).bytes.equals(expected.corrected), 'keep one: not the CLI\'s file without the other row');
  assert.equal(s.rows, start.rows, 'the row left out still counts as read');
  assertCounts({ ...s, rows: s.rows - 1 }, expected.json, 'keep one');

  // "Deafness" is usually reported as HI: one button.
  await pick('invalid-disability-type', 'Deafness');
  const before = s;
  s = await change(() => p.locator('#use-suggestion', { hasText: 'Use HI' }).click(), p);
  assert.equal(s.errors, before.errors - 1);
  assert.match(await p.getByTestId('edits').textContent(), /metadata\.primaryDisabilityType set to "HI"/);
  // The details, moved on to the next problem, say what was done.
  await p.getByTestId('done').waitFor();
  assert.match(await p.getByTestId('done').textContent(), /^✓ Line 16: metadata\.primaryDisabilityType set to "HI"\. The next problem:$/);

  // A value with two meanings is answered for the whole column from its finding.
  await pick('invalid-food-service', /^F$/);
  await p.getByText('Answer for the one row that waits for it:').waitFor();
  s = await change(() => p.locator('.answers').getByRole('button', { name: /Free/ }).click(), p);
  assert.equal(s.errors, before.errors - 2);
  await context.close();
});

test('a value in several rows: the details lead to the mapper, on that column and value', async () => {
  const file = join(OUT, 'two-x.csv');
  writeFileSync(file, 'sourcedId,birthDate,sex\r\n1001,2012-01-01,X\r\n1002,2012-01-02,X\r\n1003,2012-01-03,male\r\n');
  let s = await open(file);
  const before = s;
  await page.locator('#filter-rule').selectOption('invalid-sex');
  await gridRows();
  await page.locator('#findings .grid-row').first().click();
  await page.getByRole('button', { name: 'Replace every "X" in sex (2 rows)…' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'map-to');
  assert.equal(await page.locator('#map-column').inputValue(), 'sex');
  assert.equal(await page.locator('#map-from').inputValue(), 'X');
  await page.locator('#map-to').fill('female');
  s = await change(() => page.getByRole('button', { name: 'Replace in 2 rows' }).click());
  assert.equal(s.errors, before.errors - 2);
  // The last value replaced: the mapper says so, and the focus stays on its heading.
  await page.waitForFunction(() => document.activeElement?.id === 'mapper-title');
  writeFileSync(file, 'sourcedId,birthDate,sex\r\n1001,2012-01-01,female\r\n1002,2012-01-02,female\r\n1003,2012-01-03,male\r\n');
  const expected = cli(file);
  assert.ok((await download('Download corrected file')).bytes.equals(expected.corrected), 'not the CLI\'s file with the values replaced');
  assertCounts(s, expected.json, 'replaced from the details');
});

test('keyboard only: sample, findings grid, details', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  await p.goto(`${server.url}/?today=${TODAY}`);
  await p.locator('#boot').waitFor({ state: 'detached' });
  const focused = () => p.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');
  let found = false;
  for (let i = 0; i < 10 && !found; i++) {
    await p.keyboard.press('Tab');
    found = (await focused()) === 'Try it with a sample file';
  }
  assert.ok(found, 'the sample button is not reachable with Tab');
  const { check } = await summary(p);
  await p.keyboard.press('Enter');
  const s = await settled(check, p);
  assert.equal(s.state, 'done');

  found = false;
  for (let i = 0; i < 300 && !found; i++) {
    await p.keyboard.press('Tab');
    found = (await focused()) === 'findings';
  }
  assert.ok(found, 'the findings grid is not reachable with Tab');
  // At 1,280 pixels the list keeps its wide form, beside the details.
  assert.equal(await p.locator('.findings-table.narrow').count(), 0);
  // The skip link: the page's first stop for the keyboard, shown when reached, to the list.
  const first = await p.evaluate(() => document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')?.textContent);
  assert.equal(first, 'Skip to the findings list');
  const skip = p.getByRole('link', { name: 'Skip to the findings list' });
  await skip.focus();
  assert.ok((await skip.boundingBox()).y >= 0, 'the skip link is not shown when focused');
  await p.keyboard.press('Enter');
  assert.equal(await focused(), 'findings');
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('ArrowDown');
  assert.equal(await p.locator('#findings [aria-selected="true"]').count(), 1);
  const active = await p.locator('#findings').getAttribute('aria-activedescendant');
  assert.equal(active, await p.locator('#findings [aria-selected="true"]').getAttribute('id'));
  await p.keyboard.press('End');
  assert.equal(await p.locator('#findings [aria-selected="true"]').getAttribute('aria-rowindex'), String((await gridRows(p)) + 1));
  await p.keyboard.press('Enter');
  assert.equal(await focused(), 'cell-editor-heading');
  await context.close();
});

test('keyboard alone makes the sample ready: the key presses are counted', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  await p.goto(`${server.url}/?today=${TODAY}`);
  await p.locator('#boot').waitFor({ state: 'detached' });
  let presses = 0;
  const press = async (key) => {
    presses += 1;
    await p.keyboard.press(key);
  };
  const focused = () => p.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');
  const focusOn = (what) => p.waitForFunction((w) => {
    const el = document.activeElement;
    return el && (el.id === w || el.textContent?.trim().startsWith(w));
  }, what, { timeout: 10_000 });
  /** Presses `key` and waits for the re-check it starts, and for the focus to move on. */
  const checked = async (key, then) => {
    const { check } = await summary(p);
    await press(key);
    const s = await settled(check, p);
    if (then) await focusOn(then);
    return s;
  };

  while ((await focused()) !== 'Try it with a sample file') {
    await press('Tab');
    assert.ok(presses < 10, 'the sample button is not reachable with Tab');
  }
  // The check puts the focus on the to-do list: its one question first.
  let s = await checked('Enter', 'decisions-title');
  assert.equal(s.errors, 10);
  await press('Tab');
  assert.equal(await focused(), 'decision-0-choice-0');
  assert.equal(await p.evaluate(() => document.activeElement.textContent), 'Free: Free meals');
  s = await checked('Enter', 'decisions-title');
  assert.equal(s.errors, 9);
  // Then the errors, one by one: each change selects the next and focuses its first control.
  await press('Tab');
  assert.equal(await focused(), 'go-through-errors');
  await press('Enter');
  await p.locator('#findings[aria-busy="false"] [aria-selected="true"]').waitFor();
  assert.equal(await gridRows(p), 9);
  await press('Enter');
  assert.equal(await focused(), 'cell-editor-heading');
  // Each error in turn: "Deafness" is reported as HI (the button suggesting it has the
  // focus); every other row is left out (a month 13, sex X or U, no ID, a stray quote,
  // a second row for one ID, "Klingonese").
  await press('Tab');
  for (let step = 0; s.errors > 0; step++) {
    assert.ok(step < 10, 'the errors did not end');
    const heading = await p.locator('#cell-editor-heading').textContent();
    if (/metadata\.primaryDisabilityType/.test(heading)) {
      // "Use HI", suggested, has the focus: one key.
      assert.equal(await focused(), 'use-suggestion');
    } else {
      while (!/^Leave line \d+ out/.test(await focused())) {
        await press('Tab');
        assert.ok(presses < 80, `no way to leave out ${heading}`);
      }
    }
    const { check } = await summary(p);
    await press('Enter');
    s = await settled(check, p);
    if (s.errors > 0) {
      // The next problem's first control has the focus.
      await p.waitForFunction((h) => document.querySelector('#cell-editor-heading')?.textContent !== h, heading);
      await p.waitForFunction(() => document.activeElement?.closest('.cell-editor') && !document.activeElement.matches('h3'));
    }
  }
  assert.equal(s.errors, 0, s.text);
  assert.match(s.text, /Ready/);
  console.log(`the sample made ready by keyboard alone: ${presses} key presses`);
  assert.ok(presses <= 40, `${presses} key presses (the issue's target is 40)`);
  await context.close();
});

test('360 px wide: no horizontal scrolling, findings as cards', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await context.newPage();
  await p.goto(`${server.url}/?today=${TODAY}`);
  await p.locator('#boot').waitFor({ state: 'detached' });
  const { check } = await summary(p);
  await p.getByRole('button', { name: 'Try it with a sample file' }).click();
  await settled(check, p);
  const width = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide at 360px`);
  assert.equal(await p.locator('.findings-table.narrow').count(), 1);
  // On a phone the to-do list comes first: the questions above the downloads and the list.
  const top = async (selector) => (await p.locator(selector).boundingBox()).y;
  const todo = await top('[data-testid="decisions"]');
  assert.ok(todo < await top('.downloads') && todo < await top('.findings-table'), 'the to-do list is not first');
  await p.screenshot({ path: join(OUT, 'narrow.png'), fullPage: true });
  await context.close();
});

test('10,000 and 100,000 rows: drop → summary time, virtualised table, filter speed, cancel', async () => {
  for (const rows of [10_000, 100_000]) {
    const file = join(OUT, `generated-${rows}.csv`);
    writeFileSync(file, generate(rows));
    const expected = cli(file);

    // Measure in the page: from the input's change event to data-state="done".
    await page.evaluate(() => {
      const input = document.querySelector('#file-input');
      window.__dropped = 0;
      window.__summary = 0;
      input.addEventListener('change', () => (window.__dropped = performance.now()), { capture: true, once: true });
      const report = document.querySelector('[data-testid="report"]');
      const observer = new MutationObserver(() => {
        if (window.__dropped && report.dataset.state === 'done') {
          window.__summary = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(report, { attributes: true, attributeFilter: ['data-state'] });
    });
    const s = await open(file);
    const ms = await page.evaluate(() => window.__summary - window.__dropped);
    assert.equal(s.state, 'done');
    assertCounts(s, expected.json, `${rows} rows`);
    const worker = Number((s.text.match(/Checked in ([\d.]+) s/) ?? [])[1]) * 1000;

    const shown = await gridRows();
    assert.equal(shown, expected.json.findings.length);
    const rendered = await page.locator('#findings .grid-row').count();
    assert.ok(rendered > 0 && rendered < 60, `${rendered} rows in the DOM for ${shown} findings`);
    await page.locator('#findings').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.waitForFunction(() => {
      const first = document.querySelector('#findings .grid-row');
      return first && Number(first.getAttribute('aria-rowindex')) > 100;
    });
    const after = await page.locator('#findings .grid-row').count();
    assert.ok(after < 60, `${after} rows in the DOM after scrolling`);

    const t0 = performance.now();
    await page.getByRole('checkbox', { name: /^Warnings/ }).uncheck();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="findings"]').dataset.rows) !== n, shown);
    const filterMs = performance.now() - t0;
    await page.getByRole('button', { name: 'Show all findings' }).click();

    const corrected = await download('Download corrected file');
    assert.ok(corrected.bytes.equals(expected.corrected), `${rows} rows: corrected file differs from the CLI`);

    timings[rows] = {
      bytes: readFileSync(file).length,
      findings: shown,
      dropToSummaryMs: Math.round(ms),
      workerMs: Math.round(worker),
      filterMs: Math.round(filterMs),
      cliMs: Math.round(expected.ms),
    };
    console.log(
      `${rows.toLocaleString('en-US')} rows (${(timings[rows].bytes / 1e6).toFixed(1)} MB, ${shown.toLocaleString('en-US')} findings): ` +
        `drop→summary ${timings[rows].dropToSummaryMs} ms (worker ${timings[rows].workerMs} ms), ` +
        `filter ${timings[rows].filterMs} ms; CLI check --fix --format json ${timings[rows].cliMs} ms`,
    );
  }

  // A big file shows its progress; Cancel stops it, the page goes back to idle and a fresh
  // worker checks the next file.
  const big = join(OUT, 'generated-300000.csv');
  writeFileSync(big, generate(300_000));
  await page.locator('#file-input').setInputFiles(big);
  await page.locator('#check-progress[max]').waitFor();
  assert.match(await page.getByTestId('progress').textContent(), /Checking generated-300000\.csv: \d+% \([\d.]+ MB of [\d.]+ MB\)/);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="report"]').dataset.state === 'idle');
  assert.match(await page.locator('.notice').textContent(), /Check cancelled/);

  // Another file while one is being checked replaces it.
  await page.locator('#file-input').setInputFiles(big);
  await page.locator('#check-progress[max]').waitFor();
  const replaced = await open(SAMPLE);
  assert.equal(replaced.state, 'done');
  assertCounts(replaced, cli(SAMPLE).json, 'sample after a replaced check');
  assert.match(replaced.text, /sample-demographics\.csv/);

  // And Cancel works again with the fresh worker.
  await page.locator('#file-input').setInputFiles(big);
  await page.locator('#check-progress[max]').waitFor();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="report"]').dataset.state === 'idle');
  assert.match(await page.locator('.notice').textContent(), /Check cancelled/);
  const s = await open(SAMPLE);
  assert.equal(s.state, 'done');
});

test('without WebAssembly the page says so instead of loading forever', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    delete globalThis.WebAssembly;
  });
  const p = await context.newPage();
  await p.goto(`${server.url}/?today=${TODAY}`);
  await p.getByText('This browser cannot run WebAssembly').waitFor({ state: 'visible' });
  assert.equal(await p.getByText('Loading the checker').isVisible(), false);
  assert.equal(await p.locator('[data-testid="report"]').count(), 0);
  await context.close();
});

test('a browser without WebAssembly SIMD is told it is too old, not left loading', async () => {
  const context = await browser.newContext();
  // A browser from before 2021: its validate says no to the SIMD probe, and the checker's
  // modules (built with SIMD) never start.
  await context.addInitScript(() => {
    WebAssembly.validate = () => false;
  });
  // (The build writes each module's WebAssembly into a `*_bg-*.js` script.)
  await context.route(/_bg-[0-9a-f]+\.js$/, (route) => route.abort());
  const p = await context.newPage();
  await p.goto(`${server.url}/?today=${TODAY}`);
  await p.getByText('This browser is too old to run rostercheck').waitFor({ state: 'visible' });
  await p.waitForTimeout(500);
  assert.equal(await p.getByText('Loading the checker').isVisible(), false);
  assert.equal(await p.getByText('The checker could not start').isVisible(), false);
  assert.equal(await p.getByText('This browser cannot run WebAssembly').isVisible(), false);
  await context.close();
});

test('a file that exhausts the worker\'s memory gets a clear message, and the page recovers', async () => {
  // WebAssembly memory capped at 100 MB (1,600 pages of 64 KiB) by a V8 flag, so that a 7 MB
  // file runs the worker out of memory as a 1 GB one would with the browser's own limit.
  const small = await launchChromium(['--js-flags=--wasm-max-mem-pages=1600']);
  try {
    const p = await small.newPage();
    await p.goto(`${server.url}/?today=${TODAY}`);
    await p.locator('#boot').waitFor({ state: 'detached', timeout: 30_000 });
    const big = join(OUT, 'exhausts-memory.csv');
    const lines = ['sourcedId,sex,cityOfBirth'];
    for (let i = 0; i < 300_000; i++) lines.push(`${100000 + i},M,Austin`);
    writeFileSync(big, lines.join('\n') + '\n');
    await p.locator('#file-input').setInputFiles(big);
    const state = (want) =>
      p.waitForFunction((want) => document.querySelector('[data-testid="report"]')?.dataset.state === want, want, {
        timeout: 120_000,
      });
    await state('failed');
    const said = await p.locator('[data-testid="report"]').textContent();
    assert.match(said, /ran out of memory/, said);
    assert.match(said, /command line/, 'it says what to do instead');
    // A new worker checks the next file.
    await p.locator('#file-input').setInputFiles(SAMPLE);
    await state('done');
    const s = await summary(p);
    assertCounts(s, cli(SAMPLE).json, 'the sample after the crash');
  } finally {
    await small.close();
  }
});

// ---------------------------------------------------------------------------------------------
// The builder: fixtures/build is a generated district with known truth (its README).

const BUILD = join(FIXTURES, 'build');
const BUILD_FILES = ['users.csv', 'demographics.csv', 'el.csv', 'lunch.csv', 'race.csv', 'fram.csv'].map((f) => join(BUILD, f));

/** `rostercheck build --recipe` on the build fixtures: the built file and the leftovers. */
function cliBuild(recipe) {
  const out = join(OUT, `built-${Math.random().toString(36).slice(2)}.csv`);
  const leftovers = `${out}.leftovers.csv`;
  const [users, demographics, ...lists] = BUILD_FILES;
  const run = spawnSync(CLI, ['build', '--recipe', recipe, '--users', users, '--demographics', demographics,
    '--out', out, '--leftovers', leftovers, '--today', TODAY, ...lists]);
  assert.equal(run.status, 0, `CLI build failed: ${run.stderr}`);
  return { built: readFileSync(out), leftovers: readFileSync(leftovers) };
}

/** Presses Tab until `accept(activeElement)` holds in the page; fails after `max` presses. */
async function tabTo(p, accept, what, max = 400) {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    if (await p.evaluate(accept)) return;
  }
  assert.fail(`${what} is not reachable with Tab`);
}

async function questionsLeft(p) {
  const text = await p.locator('#build-questions').textContent();
  const m = text.match(/^(\d+) questions? left/);
  return m ? Number(m[1]) : 0;
}

test('builder: the whole flow by keyboard — drop, key, columns, codes, build, download, next steps — gives the CLI\'s bytes', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error('page error:', e.message));
  await p.goto(`${server.url}/?today=${TODAY}`);
  await p.locator('#boot').waitFor({ state: 'detached' });

  // Drop: the files are chosen (the one step a keyboard cannot do in a test).
  await p.locator('#build-files').setInputFiles(BUILD_FILES);
  await p.locator('#build-questions').waitFor();
  assert.match(await p.locator('#build-files-used').textContent(), /40 students, from demographics\.csv\. users\.csv: links the lists/);
  assert.equal(await questionsLeft(p), 4, 'F, FDC, R and P in LunchStatus are the person\'s');
  // The key: suggested, with its match rate shown before anything is applied.
  const key = p.locator('#build-key-0');
  assert.match(await key.locator('option:checked').textContent(), /^Student_Number = users\.csv identifier \(36 of the first 38 rows match\)/);
  assert.match(await p.locator('.build-list').first().locator('.build-match').textContent(), /^36 of 38 rows match a student\.$/);
  assert.equal(await p.locator('#build-run').isDisabled(), true, 'nothing is built with questions open');

  // Columns: map el.csv's Last_Name to race and back, by keyboard.
  await tabTo(p, () => document.activeElement?.id === 'build-target-0-0', 'the first column\'s target');
  await p.keyboard.type('Race');
  await p.waitForFunction(() => document.querySelectorAll('.build-list')[0].querySelectorAll('.build-codes').length === 2);
  assert.ok(await questionsLeft(p) > 4, 'names are not race codes: asked, not guessed');
  await p.locator('#build-target-0-0').focus();
  await p.keyboard.press('Home');
  await p.waitForFunction(() => document.querySelectorAll('.build-list')[0].querySelectorAll('.build-codes').length === 1);
  assert.equal(await questionsLeft(p), 4);

  // Codes: each open one answered by typing its value's first letters.
  const answers = { F: 'Free', FDC: 'Free', R: 'ReducedPrice', P: 'FullPrice' };
  for (let left = 4; left > 0; left--) {
    await tabTo(p, () => document.activeElement?.classList.contains('build-answer') && document.activeElement.getAttribute('aria-invalid') === 'true', 'an open code');
    const code = await p.evaluate(() => document.activeElement.closest('tr').querySelector('th').textContent);
    const want = answers[code];
    // A closed select changes with the arrow keys, each change answered at once.
    for (let i = 0; i < 6 && (await p.evaluate(() => document.activeElement.value)) !== want; i++) {
      await p.keyboard.press('ArrowDown');
      await p.waitForTimeout(150);
    }
    assert.equal(await p.evaluate(() => document.activeElement.value), want, code);
    await p.waitForFunction((n) => {
      const m = document.querySelector('#build-questions')?.textContent.match(/^(\d+) questions? left/);
      return (m ? Number(m[1]) : 0) < n;
    }, left);
  }
  assert.match(await p.locator('#build-questions').textContent(), /^Every code has its value/);

  // The recipe, downloaded by keyboard, is the fixture's (what the CLI's --suggest proposed,
  // with the same four answers).
  await tabTo(p, () => document.activeElement?.id === 'build-save-recipe', 'the recipe download');
  const [recipeFile] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Enter')]);
  assert.equal(recipeFile.suggestedFilename(), 'rostercheck-recipe.json');
  const recipePath = join(OUT, 'page-recipe.json');
  await recipeFile.saveAs(recipePath);
  assert.deepEqual(JSON.parse(readFileSync(recipePath)), JSON.parse(readFileSync(join(BUILD, 'recipe.json'))));

  // Build: the built file is checked like any file.
  const { check } = await summary(p);
  await p.locator('#build-save-recipe').focus();
  await p.keyboard.press('Shift+Tab');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'build-run');
  await p.keyboard.press('Enter');
  const s = await settled(check, p);
  assert.equal(s.state, 'done');
  assert.equal(s.rows, 40);
  assert.equal(s.errors, 0);
  assert.match(await p.locator('#build-summary').textContent(), /Built demographics\.csv for 40 students/);
  const cliOut = cliBuild(join(BUILD, 'recipe.json'));
  await tabTo(p, () => document.activeElement?.id === 'build-leftovers', 'the leftovers download');
  const [left] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Enter')]);
  const leftPath = join(OUT, 'page-leftovers.csv');
  await left.saveAs(leftPath);
  assert.deepEqual(readFileSync(leftPath), cliOut.leftovers, 'the leftovers differ from the CLI\'s');
  await tabTo(p, () => document.activeElement?.textContent?.trim() === 'Download corrected file', 'the corrected file download');
  const [built] = await Promise.all([p.waitForEvent('download'), p.keyboard.press('Enter')]);
  assert.equal(built.suggestedFilename(), 'demographics.csv');
  const builtPath = join(OUT, 'page-built.csv');
  await built.saveAs(builtPath);
  assert.deepEqual(readFileSync(builtPath), cliOut.built, 'the built file differs from the CLI\'s');
  // Next steps, naming exactly the fields the file holds values for.
  await p.locator('#next-steps').waitFor();
  assert.deepEqual(await p.locator('#next-steps-fields li').allTextContents(),
    ['englishLearnerStatus', 'eligibilityStatusForSchoolFoodServicePrograms']);
  assert.match(await p.locator('#next-steps').textContent(), /run a complete import.*DataGuard › Demographics › Enable Demographics/s);
  await context.close();
});

test('builder: a recipe loaded again gives the CLI\'s bytes in one drop; the template; bad files are told', async () => {
  await page.locator('#build-recipe').setInputFiles(join(BUILD, 'recipe.json'));
  await page.locator('#build-files').setInputFiles([...BUILD_FILES, join(BUILD, 'el.xlsx')].filter((f) => !f.endsWith('el.csv')));
  await page.waitForFunction(() => /^Every code has its value/.test(document.querySelector('#build-questions')?.textContent ?? ''));
  const { check } = await summary();
  await page.locator('#build-run').click();
  const s = await settled(check);
  assert.equal(s.state, 'done');
  const { built } = cliBuild(join(BUILD, 'recipe.json'));
  const { bytes } = await download('Download corrected file');
  assert.deepEqual(bytes, built, 'a workbook list and a loaded recipe: the built file differs from the CLI\'s');
  const template = await download('Download an empty template (28 columns)');
  assert.equal(template.name, 'demographics-template.csv');
  assert.equal(template.bytes.toString().split(',').length, 28);
  // users.csv missing, dropped on the panel: said, not a blank panel, and not taken by the
  // page's own check.
  await page.locator('#build-recipe').setInputFiles([]);
  const before = await summary();
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'el.csv', { type: 'text/csv' }));
    return data;
  }, readFileSync(join(BUILD, 'el.csv'), 'utf8'));
  await page.dispatchEvent('.builder', 'drop', { dataTransfer: transfer });
  await page.locator('#build-message').waitFor();
  assert.match(await page.locator('#build-message').textContent(), /Add users\.csv/);
  assert.equal((await summary()).check, before.check, 'the page checked the dropped list');
});

test('privacy: no request leaves the page origin, nothing is stored', async () => {
  const origin = new URL(server.url).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
});
