// Private, offline and embeddable (issue 4), proven in headless Chromium:
// - after the first load the app makes no request at all while files are checked, edited and
//   downloaded (recorded by the browser and by the server);
// - the Content-Security-Policy blocks every way out (fetch, XHR, beacon, WebSocket,
//   EventSource, images, CSS images, prefetch, form posts) — and the same probes do get out of
//   a copy of the page without the policy, so the test can fail;
// - offline after the first load; a new deployment replaces the old version cleanly;
// - a sub-path, an iframe on another origin, and the single file opened from disk.
//
// Needs dist/ from `trunk build --release` (with scripts/postbuild.mjs) and
// dist-single/rostercheck.html from scripts/single-file.sh; scripts/e2e.sh makes both.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { serve } from './server.mjs';
import { ROOT, DIST, OUT, FIXTURES, SAMPLE, TODAY, FOOD } from './paths.mjs';
import { SW_CSP, cspHeader } from '../../scripts/csp.mjs';

const SINGLE = process.env.SINGLE ?? join(ROOT, 'dist-single/rostercheck.html');

let browser;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers (`p` is a Page or a FrameLocator's owner frame)

async function summary(p) {
  return p.locator('[data-testid="report"]').evaluate((el) => ({
    state: el.dataset.state,
    rows: Number(el.dataset.rows),
    errors: Number(el.dataset.errors),
    check: Number(el.dataset.check),
    text: el.textContent,
  }));
}

async function settled(p, previous) {
  for (let i = 0; i < 600; i++) {
    const s = await summary(p);
    if (s.state !== 'working' && s.check > previous) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the check did not finish');
}

async function open(p, file) {
  const { check } = await summary(p);
  await p.locator('#file-input').setInputFiles(file);
  return settled(p, check);
}

async function change(p, action) {
  const { check } = await summary(p);
  await action();
  return settled(p, check);
}

async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  const path = join(OUT, `private-${Math.random().toString(36).slice(2)}`);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // Another file after changes asks whether to discard them: yes.
  page.on('dialog', (dialog) => dialog.accept());
  return { context, page };
}

async function started(p) {
  await p.locator('#boot').waitFor({ state: 'detached', timeout: 30_000 });
}

async function offlineState(p, state) {
  await p.locator(`[data-testid="offline"][data-state="${state}"]`).waitFor({ timeout: 30_000 });
}

const build = (p) => p.getByTestId('build').textContent();

/**
 * Tries every way a page could send data to `target` (another origin), from the app's own
 * context; returns the CSP violations seen (directive and blocked URL).
 */
async function probe(p, target) {
  return p.evaluate(async (target) => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const quiet = async (f) => {
      try {
        await f();
      } catch {
        // Blocked: that is the point.
      }
    };
    await quiet(() => fetch(`${target}/fetch`, { method: 'POST', body: 'student data' }));
    await quiet(() => fetch(`${target}/fetch-no-cors`, { method: 'POST', mode: 'no-cors', body: 'student data' }));
    await quiet(() => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${target}/xhr`);
      xhr.send('student data');
    });
    await quiet(() => navigator.sendBeacon(`${target}/beacon`, 'student data'));
    await quiet(() => new WebSocket(`${target.replace('http', 'ws')}/websocket`));
    await quiet(() => new EventSource(`${target}/eventsource`));
    const img = new Image();
    img.src = `${target}/img?student=data`;
    const div = document.createElement('div');
    div.style.backgroundImage = `url(${target}/css-image)`;
    document.body.append(div);
    const link = document.createElement('link');
    link.rel = 'prefetch';
    link.href = `${target}/prefetch`;
    document.head.append(link);
    const sink = document.createElement('iframe');
    sink.name = 'sink';
    document.body.append(sink);
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = `${target}/form`;
    form.target = 'sink';
    const field = document.createElement('input');
    field.name = 'student';
    field.value = 'data';
    form.append(field);
    document.body.append(form);
    await quiet(() => form.submit());
    await new Promise((r) => setTimeout(r, 1500));
    return seen;
  }, target);
}

/** Every request the context makes from now on (page, worker and service worker). */
function recorder(context) {
  const seen = [];
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('blob:') && !url.startsWith('data:')) seen.push(url);
  });
  return seen;
}

// ---------------------------------------------------------------------------------------------

test('after the first load nothing is requested while every fixture is checked, changed and downloaded', async () => {
  const server = await serve(DIST);
  const { context, page } = await newPage();
  try {
    await page.goto(`${server.url}/?today=${TODAY}`);
    await started(page);
    await offlineState(page, 'ready');
    // The worker starts with the page: its files are part of the first load.
    for (let i = 0; i < 300 && !server.hits.some((h) => h.path.includes('/worker_bg-')); i++) await page.waitForTimeout(100);
    await page.waitForLoadState('networkidle');
    const first = server.hits.map(({ method, path, bytes }) => ({ method, path, bytes }));
    writeFileSync(join(OUT, 'first-load.json'), JSON.stringify(first, null, 2));
    console.log(`first load: ${first.length} requests, ${first.reduce((n, h) => n + h.bytes, 0)} bytes`);
    for (const h of first) console.log(`  ${h.method} ${h.path} ${h.bytes}`);
    assert.ok(first.every((h) => h.method === 'GET'), 'only GET on the first load');

    const mark = server.hits.length;
    const seen = recorder(context);

    // Every fixture, chosen and dropped.
    const fixtures = readdirSync(FIXTURES).sort().map((name) => join(FIXTURES, name));
    const books = readdirSync(join(FIXTURES, 'workbooks')).sort().map((name) => join(FIXTURES, 'workbooks', name));
    for (const name of [...fixtures.filter((f) => !statSync(f).isDirectory()), ...books]) {
      const s = await open(page, name);
      assert.ok(['done', 'failed'].includes(s.state), name);
    }
    const { check } = await summary(page);
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(text, (c) => c.charCodeAt(0))], 'dropped.csv', { type: 'text/csv' }));
      return data;
    }, readFileSync(SAMPLE, 'latin1'));
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    assert.equal((await settled(page, check)).state, 'done');
    // A bundle (a zip read in the worker) and what it gives to download.
    assert.equal((await open(page, join(FIXTURES, 'OneRoster.zip'))).state, 'done');
    for (const name of ['Download corrected bundle', 'Download the students without demographics']) {
      assert.ok((await download(page, name)).bytes.length > 0, name);
    }
    await change(page, () => page.getByRole('button', { name: 'Try it with a sample file' }).click());

    // Filters, edit, map, undo, redo, exclude, downloads.
    let s = await open(page, SAMPLE);
    assert.equal(s.state, 'done');
    await page.locator('.rule-counts').getByRole('button', { name: 'invalid-food-service', exact: true }).click();
    await page.getByRole('checkbox', { name: /^Warnings/ }).uncheck();
    await page.getByRole('button', { name: 'Show all findings' }).click();
    await page.locator('#filter-rule').selectOption('invalid-sex');
    await page.locator('#findings .grid-row', { has: page.locator('.c-val', { hasText: /^X$/ }) }).click();
    await page.locator('#cell-value').fill('female');
    s = await change(page, () => page.getByRole('button', { name: 'Apply to this cell' }).click());
    await page.locator('#map-column').selectOption(FOOD);
    await page.locator('#map-from').selectOption('F');
    await page.locator('#map-to').fill('Free');
    s = await change(page, () => page.getByRole('button', { name: /^Replace in 1 row$/ }).click());
    s = await change(page, () => page.getByRole('button', { name: 'Undo', exact: true }).click());
    s = await change(page, () => page.getByRole('button', { name: 'Redo', exact: true }).click());
    await page.locator('#filter-rule').selectOption('missing-id');
    await page.locator('#findings .grid-row').first().click();
    s = await change(page, () => page.getByRole('button', { name: /^Leave line \d+ out of the corrected file$/ }).click());
    assert.equal(s.state, 'done');
    for (const name of ['Download corrected file', 'Download report', 'Download report (JSON)']) {
      assert.ok((await download(page, name)).bytes.length > 0, name);
    }
    // The builder (the workbook worker's second instance): lists read, a recipe downloaded,
    // a file built and checked — with nothing requested.
    const built = ['users.csv', 'demographics.csv', 'el.xlsx', 'lunch.csv', 'race.csv', 'fram.csv'];
    await page.locator('#build-recipe').setInputFiles(join(FIXTURES, 'build', 'recipe.json'));
    await page.locator('#build-files').setInputFiles(built.map((f) => join(FIXTURES, 'build', f)));
    await page.waitForFunction(() => /^Every code has its value/.test(document.querySelector('#build-questions')?.textContent ?? ''));
    assert.ok((await download(page, 'Download the recipe')).bytes.length > 0);
    s = await change(page, () => page.locator('#build-run').click());
    assert.equal(s.state, 'done');
    assert.ok((await download(page, 'Download corrected file')).bytes.length > 0);
    await page.waitForTimeout(500);

    // The workbook reader's worker starts with the first workbook: its files come from the
    // service worker, which kept them on the first visit; nothing reaches the server.
    const reader = /\/workbook(_bg|_loader)?-[0-9a-f]{16}\.js$/;
    assert.ok(seen.some((u) => reader.test(u)), 'the workbook reader was never started');
    assert.deepEqual(seen.filter((u) => !reader.test(u)), [], 'the browser made requests after the first load');
    assert.deepEqual(server.hits.slice(mark), [], 'the server saw requests after the first load');
    const stored = await page.evaluate(async () => ({
      storage: localStorage.length + sessionStorage.length,
      cookies: document.cookie,
      databases: (await indexedDB.databases()).length,
      caches: await caches.keys(),
    }));
    assert.deepEqual({ ...stored, caches: stored.caches.length }, { storage: 0, cookies: '', databases: 0, caches: 1 });
    // The one cache holds the app's own files, nothing else.
    const cached = await page.evaluate(async () => {
      const cache = await caches.open((await caches.keys())[0]);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    const files = ['/index.html', ...readdirSync(DIST).filter((f) => f !== 'index.html' && f !== 'sw.js').map((f) => `/${f}`)];
    assert.deepEqual(cached.sort(), files.sort());
  } finally {
    await context.close();
    await server.close();
  }
});

test('the Content-Security-Policy blocks every way out; without it the same probes get out', async () => {
  const other = await serve(OUT);
  const server = await serve(DIST);
  // Control: the same page with the policy removed.
  const bare = join(OUT, 'dist-without-csp');
  rmSync(bare, { recursive: true, force: true });
  cpSync(DIST, bare, { recursive: true });
  const html = readFileSync(join(bare, 'index.html'), 'utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  writeFileSync(join(bare, 'index.html'), html);
  const control = await serve(bare);
  try {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/?today=${TODAY}`);
    await started(page);
    const violations = await probe(page, other.url);
    await page.waitForTimeout(500);
    assert.deepEqual(other.hits, [], 'a request reached the other server');
    const directives = new Set(violations.map((v) => v.split(' ')[0]));
    for (const d of ['connect-src', 'img-src', 'form-action']) assert.ok(directives.has(d), `no ${d} violation: ${violations.join('; ')}`);
    // The app still works after the attempts.
    assert.equal((await open(page, SAMPLE)).state, 'done');
    await context.close();

    const bareContext = await newPage();
    await bareContext.page.goto(`${control.url}/?today=${TODAY}`);
    await started(bareContext.page);
    const none = await probe(bareContext.page, other.url);
    await bareContext.page.waitForTimeout(500);
    assert.deepEqual(none, []);
    const reached = new Set(other.hits.map((h) => h.path.split('?')[0]));
    for (const path of ['/fetch', '/fetch-no-cors', '/xhr', '/beacon', '/img', '/css-image', '/form']) {
      assert.ok(reached.has(path), `the control probe ${path} did not reach the other server: ${[...reached].join(' ')}`);
    }
    await bareContext.context.close();
  } finally {
    await control.close();
    await server.close();
    await other.close();
  }
});

test('offline after the first load: reload without a network and check a file', async () => {
  const server = await serve(DIST);
  const { context, page } = await newPage();
  try {
    await page.goto(`${server.url}/?today=${TODAY}`);
    await started(page);
    await offlineState(page, 'ready');
    assert.match(await page.getByTestId('offline').textContent(), /Ready for offline use/);
    const online = await summary(page).then(() => open(page, SAMPLE));
    const mark = server.hits.length;
    await context.setOffline(true);
    await page.reload();
    await started(page);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    const s = await open(page, SAMPLE);
    assert.equal(s.state, 'done');
    assert.deepEqual({ rows: s.rows, errors: s.errors }, { rows: online.rows, errors: online.errors });
    assert.equal((await open(page, join(FIXTURES, 'windows-1252.csv'))).state, 'done');
    assert.equal((await download(page, 'Download corrected file')).name, 'demographics.csv');
    assert.deepEqual(server.hits.slice(mark), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("with README's security headers: the header CSP (frame-ancestors too) and the meta agree", async () => {
  const prefix = '/tools/rostercheck/';
  const host = await serve(OUT, 0, {
    routes: {
      '/portal.html': { type: 'text/html; charset=utf-8', body: '' },
    },
  });
  const headers = (path) => ({
    'content-security-policy': path.endsWith('/sw.js') ? SW_CSP : cspHeader(`'self' ${host.url}`),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cache-control': /-[0-9a-f]{16}\.(js|css)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  const app = await serve(DIST, 0, { prefix, headers });
  const src = `${app.url}${prefix}?today=${TODAY}`;
  const stranger = await serve(OUT, 0, {
    routes: { '/evil.html': { type: 'text/html', body: `<!doctype html><iframe src="${src}"></iframe>` } },
  });
  try {
    const { context, page } = await newPage();
    const violations = [];
    page.on('console', (m) => /Content Security Policy/.test(m.text()) && violations.push(m.text()));
    await page.goto(src);
    await started(page);
    await offlineState(page, 'ready');
    // With immutable caching the service worker copies the hashed files from the HTTP cache:
    // each is downloaded once.
    const paths = app.hits.map((h) => h.path.split('?')[0]);
    const twice = paths.filter((p, i) => /-[0-9a-f]{16}\./.test(p) && paths.indexOf(p) !== i);
    console.log(`first load with the README's headers: ${app.hits.length} requests, ${app.hits.reduce((n, h) => n + h.bytes, 0)} bytes`);
    assert.deepEqual(twice, [], 'a hashed file was downloaded twice');
    assert.equal((await open(page, SAMPLE)).state, 'done');
    await context.setOffline(true);
    await page.reload();
    await started(page);
    assert.equal((await open(page, join(FIXTURES, 'utf16.csv'))).state, 'done');
    assert.deepEqual(violations, []);
    await context.close();

    // An allowed portal may embed it; any other page may not (frame-ancestors).
    const portal = await newPage();
    await portal.page.goto(`${host.url}/portal.html`);
    await portal.page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, src);
    const frame = await (async () => {
      for (let i = 0; i < 100; i++) {
        const f = portal.page.frames().find((f) => f.url().startsWith(app.url));
        if (f) return f;
        await portal.page.waitForTimeout(100);
      }
      return null;
    })();
    assert.ok(frame, 'the allowed portal could not embed the app');
    await started(frame);
    assert.equal((await open(frame, SAMPLE)).state, 'done');
    await portal.context.close();

    const evil = await newPage();
    const blocked = [];
    evil.page.on('console', (m) => /frame-ancestors/.test(m.text()) && blocked.push(m.text()));
    await evil.page.goto(`${stranger.url}/evil.html`);
    await evil.page.waitForTimeout(1000);
    const embedded = evil.page.frames().find((f) => f !== evil.page.mainFrame());
    const shown = embedded ? await embedded.locator('[data-testid="report"]').count().catch(() => 0) : 0;
    assert.equal(shown, 0, 'a page not in frame-ancestors embedded the app');
    assert.ok(blocked.length > 0, 'no frame-ancestors violation reported');
    await evil.context.close();
  } finally {
    await stranger.close();
    await app.close();
    await host.close();
  }
});

test('from a sub-path, and inside an iframe of a page on another origin', async () => {
  const prefix = '/tools/rostercheck/';
  const app = await serve(DIST, 0, { prefix });
  const src = `${app.url}${prefix}?today=${TODAY}`;
  const host = await serve(OUT, 0, {
    routes: {
      '/portal.html': {
        type: 'text/html; charset=utf-8',
        body: `<!doctype html><title>District portal</title><h1>Portal</h1>
<iframe src="${src}" title="rostercheck" style="width: 100%; height: 900px; border: 0"></iframe>`,
      },
    },
  });
  try {
    const { context, page } = await newPage();
    await page.goto(src);
    await started(page);
    await offlineState(page, 'ready');
    const s = await open(page, SAMPLE);
    assert.equal(s.state, 'done');
    assert.equal(s.rows, 17);
    const outside = app.hits.filter((h) => !h.path.startsWith(prefix));
    assert.deepEqual(outside, [], 'a request left the sub-path');
    await context.close();

    const embedded = await newPage();
    await embedded.page.goto(`${host.url}/portal.html`);
    const frame = embedded.page.frame({ url: (u) => u.href.startsWith(app.url) });
    assert.ok(frame, 'no app frame');
    await started(frame);
    const e = await open(frame, join(FIXTURES, 'semicolon.csv'));
    assert.equal(e.state, 'done');
    assert.match(e.text, /semicolon\.csv/);
    assert.ok(await frame.getByRole('button', { name: 'Download corrected file' }).isVisible());
    await embedded.context.close();
  } finally {
    await host.close();
    await app.close();
  }
});

test('the single file works from file:// and downloads the same corrected file as the served app', async () => {
  const server = await serve(DIST);
  const other = await serve(OUT);
  try {
    const served = await newPage();
    await served.page.goto(`${server.url}/?today=${TODAY}`);
    await started(served.page);
    const want = await open(served.page, SAMPLE);
    const wantFile = await download(served.page, 'Download corrected file');
    await served.context.close();

    const { context, page } = await newPage();
    const seen = recorder(context);
    await page.goto(`file://${SINGLE}?today=${TODAY}`);
    await started(page);
    assert.equal(await build(page), (await readFileSync(join(DIST, 'index.html'), 'utf8').match(/data-build="([^"]+)"/))[1]);
    await offlineState(page, 'single-file');
    const s = await open(page, SAMPLE);
    assert.deepEqual({ state: s.state, rows: s.rows, errors: s.errors }, { state: 'done', rows: want.rows, errors: want.errors });
    const got = await download(page, 'Download corrected file');
    assert.equal(got.name, 'demographics.csv');
    assert.ok(got.bytes.equals(wantFile.bytes), 'the single file corrects differently from the served app');
    assert.deepEqual(seen, [`file://${SINGLE}?today=${TODAY}`], 'the single file loaded something else');
    const violations = await probe(page, other.url);
    assert.deepEqual(other.hits, [], 'a request from the single file reached the other server');
    assert.ok(violations.some((v) => v.startsWith('connect-src')), violations.join('; '));
    await context.close();
  } finally {
    await other.close();
    await server.close();
  }
});

/**
 * A copy of `from` as the next deployment would be: another build identifier, every hashed
 * file under a new name (content unchanged but for the names it refers to), new integrity
 * values and a new sw.js.
 */
function redeploy(from, to, id) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  const oldId = readFileSync(join(to, 'index.html'), 'utf8').match(/data-build="([^"]+)"/)[1];
  const names = new Map();
  for (const name of readdirSync(to)) {
    const m = name.match(/^(.*-)([0-9a-f]{16})(\..*)$/);
    if (m) names.set(name, `${m[1]}${createHash('sha256').update(id + m[2]).digest('hex').slice(0, 16)}${m[3]}`);
  }
  for (const [old, now] of names) renameSync(join(to, old), join(to, now));
  for (const name of readdirSync(to).filter((n) => /\.(js|html)$/.test(n))) {
    let text = readFileSync(join(to, name), 'utf8');
    if (text.length > 100_000) continue; // the base64 modules name nothing
    for (const [old, now] of names) text = text.split(old).join(now);
    text = text.split(oldId).join(id);
    writeFileSync(join(to, name), text);
  }
  let html = readFileSync(join(to, 'index.html'), 'utf8');
  html = html.replace(/(?:src|href)="\.\/([^"]+)"( integrity=")[^"]+"/g, (all, file, attr) => {
    const sri = createHash('sha384').update(readFileSync(join(to, file))).digest('base64');
    return all.replace(/integrity="[^"]+"/, `integrity="sha384-${sri}"`);
  });
  writeFileSync(join(to, 'index.html'), html);
  return { id, oldId, names: [...names.keys()] };
}

test('a new deployment replaces the old version: the new cache only, no old files, no mix', async () => {
  const a = join(OUT, 'deploy-a');
  rmSync(a, { recursive: true, force: true });
  cpSync(DIST, a, { recursive: true });
  const idA = readFileSync(join(a, 'index.html'), 'utf8').match(/data-build="([^"]+)"/)[1];
  const b = redeploy(a, join(OUT, 'deploy-b'), `${idA}-next`);
  const c = redeploy(join(OUT, 'deploy-b'), join(OUT, 'deploy-c'), `${idA}-third`);
  const server = await serve(a);
  const { context, page } = await newPage();
  try {
    const seen = recorder(context);
    await page.goto(`${server.url}/?today=${TODAY}`);
    await started(page);
    await offlineState(page, 'ready');
    assert.equal(await build(page), idA);

    // Deploy B. The reload still shows A (from its cache) while B is copied, then offers B.
    server.setRoot(join(OUT, 'deploy-b'));
    await page.reload();
    await started(page);
    await offlineState(page, 'update');
    assert.equal(await build(page), idA);
    seen.length = 0;
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Use the new version' }).click()]);
    await started(page);
    assert.equal(await build(page), b.id);
    await offlineState(page, 'ready');
    assert.equal((await open(page, SAMPLE)).state, 'done');
    const keys = await page.evaluate(() => caches.keys());
    assert.equal(keys.length, 1, keys.join());
    assert.ok(keys[0].includes(b.id), keys[0]);
    const used = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    for (const name of b.names) {
      assert.ok(!used.some((u) => u.endsWith(`/${name}`)), `version A's ${name} was used by B`);
      assert.ok(!seen.some((u) => u.endsWith(`/${name}`)), `version A's ${name} was requested after the switch`);
    }

    // Deploy C. Reloading the only tab is enough: the first reload copies C, the next shows it.
    server.setRoot(join(OUT, 'deploy-c'));
    await page.reload();
    await started(page);
    await offlineState(page, 'update');
    await page.reload();
    await page.waitForFunction((id) => document.documentElement.dataset.build === id && !document.getElementById('boot'), c.id);
    assert.equal(await build(page), c.id);
    await offlineState(page, 'ready');
    assert.equal((await page.evaluate(() => caches.keys())).length, 1);
    assert.equal((await open(page, SAMPLE)).state, 'done');
  } finally {
    await context.close();
    await server.close();
  }
});
