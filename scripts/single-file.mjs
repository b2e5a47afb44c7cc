// Writes the single-file build: one HTML file with the styles, the scripts and the three
// WebAssembly modules (page, checking worker, workbook worker) inside it, that works opened straight from disk (file://) or sent by e-mail.
//   node scripts/single-file.mjs [dist] [dist-single/rostercheck.html]
// Reads the finished `trunk build --release` output (after scripts/postbuild.mjs), so it is the
// same app, the same rules and the same build identifier.
//
// Differences from the served app, and why:
// - No service worker (a file needs none to work offline; file:// cannot have one).
// - The worker starts from a blob: URL made from an inline data block (a page opened from disk
//   cannot start a worker from a file).
// - The WebAssembly modules are base64 text in inline data blocks (<script type=
//   "application/octet-stream">, never executed), read by the page, never fetched.
// - The Content-Security-Policy allows exactly the inline script and style elements of this
//   file by their SHA-256 hashes, workers only from blob: URLs, and no connection at all.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const OUT = resolve(process.argv[3] ?? join(ROOT, 'dist-single/rostercheck.html'));

function fail(message) {
  console.error(`single-file: ${message}`);
  process.exit(1);
}

const read = (name) => readFileSync(join(DIST, name), 'utf8');
const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const need = (match, what) => match?.[1] ?? fail(`cannot find ${what} (run trunk build --release first)`);

const html = read('index.html');
const build = need(html.match(/data-build="([^"]+)"/), 'data-build in dist/index.html');
const css = read(need(html.match(/<link rel="stylesheet" href="\.\/([^"]+)"/), 'the stylesheet'));
const boot = read(need(html.match(/<script src="\.\/(boot-[^"]+\.js)"/), 'boot.js'));
const startFile = read(need(html.match(/<script type="module" src="\.\/([^"]+)"/), 'the start script'));
const glue = read(need(startFile.match(/^import __wbg_init from '\.\/([^']+)';$/m), 'the glue import'));
const appWasm = need(read(need(startFile.match(/^import APP_WASM from '\.\/([^']+)';$/m), 'the wasm import')).match(/^export default '([A-Za-z0-9+/=]+)';\n$/), 'the page module');
const loader = read(need(html.match(/data-worker="\.\/([^"]+)"/), 'data-worker'));
const [workerGlueName, workerWasmName] = need(loader.match(/^importScripts\(('[^)]+')\);$/m), 'the worker imports')
  .split(',')
  .map((s) => s.trim().replace(/^'\.\/|'$/g, ''));
const workerGlue = read(workerGlueName);
const workerWasm = need(read(workerWasmName).match(/^var RC_WORKER_WASM = '([A-Za-z0-9+/=]+)';\n$/), 'the worker module');
const bookLoader = read(need(html.match(/data-workbook-worker="\.\/([^"]+)"/), 'data-workbook-worker'));
const [bookGlueName, bookWasmName] = need(bookLoader.match(/^importScripts\(('[^)]+')\);$/m), 'the workbook worker imports')
  .split(',')
  .map((s) => s.trim().replace(/^'\.\/|'$/g, ''));
const bookGlue = read(bookGlueName);
const bookWasm = need(read(bookWasmName).match(/^var RC_WORKER_WASM = '([A-Za-z0-9+/=]+)';\n$/), 'the workbook worker module');

// The page's glue as part of one inline module: drop its export list, keep everything else.
const exports = glue.match(/^export \{[^}]*\};?$/gm) ?? [];
if (exports.length !== 1 || /^(?:import|export)\b/m.test(glue.replace(exports[0], ''))) {
  fail('the wasm-bindgen glue has imports or exports this script does not know');
}
const start = readFileSync(join(ROOT, 'assets/start.js'), 'utf8');
const prelude = `
// Single-file build: the modules are inline data blocks; the worker starts from a blob: URL.
const APP_WASM = document.getElementById('rc-app-wasm').textContent;
{
  const source = document.getElementById('rc-worker-js').textContent;
  const wasm = document.getElementById('rc-worker-wasm').textContent;
  const blob = new Blob(["var RC_WORKER_WASM = '", wasm, "';\\n", source], { type: 'text/javascript' });
  document.documentElement.dataset.worker = URL.createObjectURL(blob);
  const bookSource = document.getElementById('rc-workbook-js').textContent;
  const bookWasm = document.getElementById('rc-workbook-wasm').textContent;
  const book = new Blob(["var RC_WORKER_WASM = '", bookWasm, "';\\n", bookSource], { type: 'text/javascript' });
  document.documentElement.dataset.workbookWorker = URL.createObjectURL(book);
}
`;
const module = `${glue.replace(exports[0], '')}\n${prelude}\n${start}`;
const workerSource = `${workerGlue}\n${readFileSync(join(ROOT, 'assets/worker-start.js'), 'utf8')}`;
const bookSource = `${bookGlue}\n${readFileSync(join(ROOT, 'assets/worker-start.js'), 'utf8')}`;

for (const [what, text] of [['styles', css], ['boot.js', boot], ['the page script', module], ['the worker script', workerSource], ['the workbook worker script', bookSource]]) {
  if (/<\/(?:script|style)|<!--|<script/i.test(text)) fail(`${what} contains text that would end its inline element early`);
}

const csp = [
  "default-src 'none'",
  `script-src ${hash(boot)} ${hash(module)} 'wasm-unsafe-eval'`,
  `style-src ${hash(css)}`,
  'img-src data:',
  'worker-src blob:',
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

// The head and body of the served page, with its file references replaced by inline copies.
let page = html
  .replace(/<html lang="en"[^>]*>/, `<html lang="en" data-build="${build}" data-single="true">`)
  .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*" \/>/, `<meta http-equiv="Content-Security-Policy" content="${csp}" />`)
  .replace(/<link rel="stylesheet"[^>]*>/, () => `<style>${css}</style>`)
  .replace(/<script src="\.\/boot-[^>]*><\/script>/, () => `<script>${boot}</script>`)
  .replace(/<script type="module" src=[^>]*><\/script>/, () => `<script type="module">${module}</script>`)
  .replace(
    '</body>',
    () =>
      `  <script type="text/plain" id="rc-worker-js">${workerSource}</script>\n` +
      `    <script type="application/octet-stream" id="rc-worker-wasm">${workerWasm}</script>\n` +
      `    <script type="text/plain" id="rc-workbook-js">${bookSource}</script>\n` +
      `    <script type="application/octet-stream" id="rc-workbook-wasm">${bookWasm}</script>\n` +
      `    <script type="application/octet-stream" id="rc-app-wasm">${appWasm}</script>\n  </body>`,
  );
if (/\b(?:href|src)="(?!data:)/.test(page)) fail('a reference to another file is left in the page');
if (!page.includes(csp)) fail('the CSP was not written');

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, page);
const bytes = Buffer.byteLength(page);
console.log(`single-file: ${OUT} (${build}): ${bytes} bytes, ${gzipSync(page, { level: 9 }).length} gzip`);
console.log(`single-file CSP: ${csp}`);
