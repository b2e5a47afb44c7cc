// The browser benchmark (issue 8): in one headless Chromium, on the same files, rostercheck's
// drop → summary against JavaScript parsers merely reading the file — uDSV (streaming parse in a
// worker, rows counted and dropped), PapaParse (worker mode, parse only) and `file.text()`.
//   node scripts/bench-browser.mjs [--runs N] FILE...   (needs dist/ from trunk build --release)
// Run by scripts/bench-browser.sh, which makes the files.
//
// Every time is taken inside the page, from the file input's `change` event to the answer
// (rostercheck: the summary's data-state="done"; a peer: its worker's reply), best of N (3).
// Each peer's worker is started before the file is chosen, as rostercheck's is. Memory: the
// resident memory of every Chromium process summed, sampled every 50 ms, its peak over the idle
// page (the page, its workers and their WebAssembly memory), and the page's JS heap after.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { chromiumRss } from './chromium-rss.mjs';
import { serve } from '../tests/e2e/server.mjs';
import { DIST, ROOT, TODAY } from '../tests/e2e/paths.mjs';

const args = process.argv.slice(2);
let runs = 3;
if (args[0] === '--runs') {
  runs = Number(args[1]);
  args.splice(0, 2);
}
const files = args;
if (files.length === 0) {
  console.error('usage: node scripts/bench-browser.mjs [--runs N] FILE...');
  process.exit(2);
}


const modules = join(ROOT, 'node_modules');
const UDSV_WORKER = `
importScripts('/peers/udsv.js');
onmessage = (event) => parse(event.data).catch((error) => postMessage({ error: String(error) }));
async function parse(file) {
  const started = performance.now();
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  let parser = null;
  let rows = 0;
  const count = () => { rows++; };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser ??= uDSV.initParser(uDSV.inferSchema(value));
    parser.chunk(value, parser.stringArrs, count);
  }
  parser.end();
  postMessage({ rows, workerMs: performance.now() - started });
}
`;
// Reading alone, as the worker could read the file: File.slice + FileReaderSync a piece at a
// time (what it does), or file.stream(). Bytes are counted, nothing else.
const READ_WORKER = `
onmessage = async (event) => {
  const { file, how, piece } = event.data;
  let bytes = 0;
  if (how === 'slices') {
    const reader = new FileReaderSync();
    for (let at = 0; at < file.size; at += piece) {
      bytes += new Uint8Array(reader.readAsArrayBuffer(file.slice(at, at + piece))).length;
    }
  } else {
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
    }
  }
  postMessage({ rows: bytes });
};
`;
const PEERS_PAGE = `<!doctype html><meta charset="utf-8"><title>peers</title>
<script src="/peers/papaparse.js"></script>
<input type="file" id="file">
<script>
window.udsvWorker = new Worker('/peers/udsv-worker.js');
window.readWorker = new Worker('/peers/read-worker.js');
// Arms one run of 'method' on the next file chosen; the answer lands in window.result.
window.arm = (method) => {
  window.result = null;
  // The same file chosen again fires no change event unless the input is emptied first.
  document.getElementById('file').value = '';
  document.getElementById('file').addEventListener('change', async (event) => {
    const started = performance.now();
    const file = event.target.files[0];
    const done = (rows) => (window.result = { rows, ms: performance.now() - started });
    if (method === 'udsv') {
      window.udsvWorker.onmessage = (reply) => (reply.data.error ? (window.result = reply.data) : done(reply.data.rows));
      window.udsvWorker.postMessage(file);
    } else if (method === 'slices' || method === 'stream') {
      window.readWorker.onmessage = (reply) => done(reply.data.rows);
      window.readWorker.postMessage({ file, how: method, piece: 4 << 20 });
    } else if (method === 'papaparse') {
      let rows = 0;
      Papa.parse(file, {
        worker: true,
        chunk: (results) => { rows += results.data.length; },
        complete: () => done(rows),
      });
    } else {
      const text = await file.text();
      done(text.length);
    }
  }, { once: true });
};
</script>`;

const server = await serve(DIST, 0, {
  routes: {
    '/peers.html': { type: 'text/html; charset=utf-8', body: PEERS_PAGE },
    '/peers/udsv.js': { type: 'text/javascript', body: readFileSync(join(modules, 'udsv/dist/uDSV.iife.min.js')) },
    '/peers/udsv-worker.js': { type: 'text/javascript', body: UDSV_WORKER },
    '/peers/read-worker.js': { type: 'text/javascript', body: READ_WORKER },
    '/peers/papaparse.js': { type: 'text/javascript', body: readFileSync(join(modules, 'papaparse/papaparse.min.js')) },
  },
});
const browser = await launchChromium();

/** Times `arm`, then `file` chosen in `input`, … `answer` on `page`, `runs` times: the best, and memory. */
async function time(page, input, file, arm, answer) {
  let best = Infinity;
  let peak = 0;
  let detail = null;
  const idle = chromiumRss();
  for (let run = 0; run < runs; run++) {
    await arm();
    const sampler = setInterval(() => (peak = Math.max(peak, chromiumRss())), 50);
    await page.locator(input).setInputFiles(file);
    const result = await page.waitForFunction(answer, null, { timeout: Number(process.env.BENCH_TIMEOUT ?? 900_000), polling: 20 });
    clearInterval(sampler);
    const measured = await result.jsonValue();
    if (measured.ms < best) {
      best = measured.ms;
      detail = measured;
    }
  }
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  return { ms: best, peakMb: Math.max(0, peak - idle) / 1024, heapMb: heap / 2 ** 20, detail };
}

const table = [];
for (const file of files) {
  const mb = statSync(file).size / 1e6;
  const results = {};

  // rostercheck: a fresh page per file, the sample's check done first.
  const app = await browser.newPage();
  await app.goto(`${server.url}/?today=${TODAY}`);
  await app.locator('#boot').waitFor({ state: 'detached', timeout: 60_000 });
  await app.waitForTimeout(500);
  results.rostercheck = await time(
    app,
    '#file-input',
    file,
    () =>
      app.evaluate(() => {
        const input = document.querySelector('#file-input');
        const report = document.querySelector('[data-testid="report"]');
        const previous = Number(report.dataset.check);
        window.__result = null;
        input.value = '';
        let dropped = 0;
        // The page's main-thread tasks over 50 ms while the file is checked (the issue asks
        // for none over 100 ms).
        const long = [];
        const tasks = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (dropped && entry.startTime >= dropped) long.push(entry.duration);
        });
        tasks.observe({ type: 'longtask' });
        input.addEventListener('change', () => (dropped = performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (dropped && report.dataset.state !== 'working' && Number(report.dataset.check) > previous) {
            const worker = Number((report.textContent.match(/Checked in ([\d.]+) s/) ?? [])[1]) * 1000;
            const ms = performance.now() - dropped;
            // Tasks still being reported are taken a moment later.
            setTimeout(() => {
              tasks.disconnect();
              const longest = Math.max(0, ...long);
              window.__result = { ms, state: report.dataset.state, rows: Number(report.dataset.rows), worker, longest };
            }, 300);
            observer.disconnect();
          }
        });
        observer.observe(report, { attributes: true });
      }),
    () => window.__result,
  );
  // The WebAssembly memories (the worker's holds the findings; it never shrinks, so it is the
  // check's peak) and the page's JS heap: "page + worker memory" of the issue.
  results.rostercheck.memory = await app.locator('[data-testid="report"]').evaluate((el) => ({
    worker: Number(el.dataset.workerMemory),
    page: Number(el.dataset.pageMemory),
  }));
  // From the click to the browser's download beginning: the corrected file (the worker's Blob)
  // and the report files (written by the worker when asked).
  results.rostercheck.downloads = {};
  for (const name of ['Download corrected file', 'Download report', 'Download report (JSON)']) {
    const started = performance.now();
    const [download] = await Promise.all([
      app.waitForEvent('download', { timeout: 120_000 }),
      app.evaluate((label) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === label).click(), name),
    ]);
    results.rostercheck.downloads[name] = performance.now() - started;
    await download.delete();
  }
  await app.close();

  // Each peer in a page of its own, so that one's garbage is not the next one's memory.
  // BENCH_PEERS=udsv (a comma-separated list) to time fewer peers while trying a change.
  const peerList = (process.env.BENCH_PEERS ?? 'udsv,papaparse,text,slices,stream').split(',');
  for (const method of peerList) {
    const peers = await browser.newPage();
    await peers.goto(`${server.url}/peers.html`);
    await peers.waitForTimeout(500);
    results[method] = await time(peers, '#file', file, () => peers.evaluate((m) => window.arm(m), method), () => window.result);
    await peers.close();
  }

  const udsv = results.udsv.ms;
  console.log(`\n${file} (${mb.toFixed(1)} MB)`);
  console.log('| what | time (best of ' + runs + ') | ÷ uDSV | peak memory over idle | JS heap after |');
  console.log('|---|---|---|---|---|');
  const names = {
    rostercheck: `rostercheck, change → summary (${results.rostercheck.detail.state}, ${results.rostercheck.detail.rows} rows; ${Math.round(results.rostercheck.detail.worker)} ms of it checking in the worker; longest main-thread task ${Math.round(results.rostercheck.detail.longest)} ms)`,
    udsv: `uDSV 0.7.3, streaming parse in a worker (${results.udsv?.detail.rows} rows)`,
    papaparse: `PapaParse 5.5.3, worker, parse only (${results.papaparse?.detail.rows} rows)`,
    text: 'file.text()',
    slices: 'reading only, in a worker: File.slice + FileReaderSync, 4 MB at a time (as rostercheck reads)',
    stream: 'reading only, in a worker: file.stream()',
  };
  for (const [key, name] of Object.entries(names)) {
    const r = results[key];
    if (!r) continue;
    console.log(`| ${name} | ${Math.round(r.ms)} ms | ${(r.ms / udsv).toFixed(2)}× | ${Math.round(r.peakMb)} MB | ${Math.round(r.heapMb)} MB |`);
  }
  const r = results.rostercheck;
  const memoryMb = (r.memory.worker + r.memory.page) / 2 ** 20 + r.heapMb;
  console.log(
    `\nrostercheck page + worker memory: worker WebAssembly ${Math.round(r.memory.worker / 2 ** 20)} MB + page WebAssembly ${Math.round(r.memory.page / 2 ** 20)} MB + page JS heap ${Math.round(r.heapMb)} MB = ${Math.round(memoryMb)} MB, ${(memoryMb / (mb / 1.048576)).toFixed(2)}× the file`,
  );
  console.log(
    'click → download begins: ' +
      Object.entries(r.downloads).map(([name, ms]) => `${name.replace('Download ', '')} ${Math.round(ms)} ms`).join(', '),
  );
  table.push({ file, mb, results });
}

await browser.close();
await server.close();
