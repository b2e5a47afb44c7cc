// Trunk post_build hook (Trunk.toml [[hooks]]): turns Trunk's output in the staging directory
// into the deployable app. Plain node, no dependencies. Also runnable by hand:
//   node scripts/postbuild.mjs <dir>
//
// What it does, and why:
// - The WebAssembly modules become base64 text in script files (`app_bg-<hash>.js`,
//   `worker_bg-<hash>.js`, `workbook_bg-<hash>.js`), so nothing is ever fetched: the Content-Security-Policy can say
//   connect-src 'none'. The .wasm files are removed.
// - Trunk's inline start-up <script type="module"> is replaced by an external, content-hashed
//   `start-<hash>.js` (assets/start.js), so script-src needs no 'unsafe-inline' and no hash.
// - The worker's loader, glue and module get content hashes in their names too; the page finds
//   the loader in `<html data-worker>`. Every file but index.html and sw.js is then immutable.
// - The CSP <meta> goes first in <head>; `<html>` gets data-build (the build identifier:
//   crate version + git short hash + build date), data-worker and data-sw.
// - sw.js (assets/sw.js) gets the build identifier, a digest of every file and the list of
//   files to keep for offline use.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CSP } from './csp.mjs';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const DIR = resolve(process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist');


function fail(message) {
  console.error(`postbuild: ${message}`);
  process.exit(1);
}

const read = (name) => readFileSync(join(DIR, name), 'utf8');
const sha = (data, algorithm = 'sha256') => createHash(algorithm).update(data).digest();
const hashed = (stem, ext, data) => `${stem}-${sha(data).toString('hex').slice(0, 16)}.${ext}`;
const sri = (data) => `sha384-${sha(data, 'sha384').toString('base64')}`;

function buildId() {
  if (process.env.ROSTERCHECK_BUILD_ID) return process.env.ROSTERCHECK_BUILD_ID;
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/ms)?.[1] ?? '0.0.0';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    // Not a git checkout (a source tarball): the commit stays "unknown".
  }
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = (Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
  return `${version}+${commit}.${date}`;
}

/** Replaces exactly one match of `pattern` in `text`, or fails the build. */
function once(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'));
  if (!matches || matches.length !== 1) fail(`expected exactly one ${what} in index.html, found ${matches?.length ?? 0}`);
  return text.replace(pattern, replacement);
}

const base64 = (name) => readFileSync(join(DIR, name)).toString('base64');

if (!existsSync(join(DIR, 'index.html'))) fail(`no index.html in ${DIR}`);
let html = read('index.html');
if (html.includes('data-build=')) fail(`${DIR} is already processed`);

// The page: Trunk's inline loader names the glue and the module.
const loader = html.match(/<script type="module">([\s\S]*?)<\/script>/);
if (!loader) fail("no inline <script type=\"module\"> from Trunk in index.html");
const glue = loader[1].match(/from '\.\/([^']+\.js)'/)?.[1];
const wasm = loader[1].match(/module_or_path: '\.\/([^']+\.wasm)'/)?.[1];
if (!glue || !wasm) fail(`cannot read the glue and module names from Trunk's loader (is public_url "./"?):\n${loader[1]}`);

const appWasm = `export default '${base64(wasm)}';\n`;
const appWasmName = hashed('app_bg', 'js', appWasm);
writeFileSync(join(DIR, appWasmName), appWasm);
rmSync(join(DIR, wasm));

const start = `import __wbg_init from './${glue}';\nimport APP_WASM from './${appWasmName}';\n\n${readFileSync(join(ROOT, 'assets/start.js'), 'utf8')}`;
const startName = hashed('start', 'js', start);
writeFileSync(join(DIR, startName), start);

// The workers: Trunk writes <bin>.js (glue), <bin>_bg.wasm and <bin>_loader.js for each.
// The checking worker starts with the page; the workbook worker only when a workbook is
// chosen (the page never waits for it).
function hashWorker(bin) {
  const glue = read(`${bin}.js`);
  const glueName = hashed(bin, 'js', glue);
  writeFileSync(join(DIR, glueName), glue);
  const wasmText = `var RC_WORKER_WASM = '${base64(`${bin}_bg.wasm`)}';\n`;
  const wasmName = hashed(`${bin}_bg`, 'js', wasmText);
  writeFileSync(join(DIR, wasmName), wasmText);
  const loaderText = `importScripts('./${glueName}', './${wasmName}');\n${readFileSync(join(ROOT, 'assets/worker-start.js'), 'utf8')}`;
  const loaderName = hashed(`${bin}_loader`, 'js', loaderText);
  writeFileSync(join(DIR, loaderName), loaderText);
  for (const name of [`${bin}.js`, `${bin}_bg.wasm`, `${bin}_loader.js`]) rmSync(join(DIR, name));
  return loaderName;
}
const workerLoaderName = hashWorker('worker');
const workbookLoaderName = hashWorker('workbook');

// index.html
const id = buildId();
html = once(html, /<script type="module">[\s\S]*?<\/script>/, `<script type="module" src="./${startName}" integrity="${sri(start)}"></script>`, 'inline module script');
html = html.replace(/<link rel="modulepreload"[^>]*>/g, '').replace(/<link rel="preload"[^>]*>/g, '');
html = once(html, /<meta charset="utf-8" \/>/, `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`, '<meta charset>');
html = once(html, /<html lang="en">/, `<html lang="en" data-build="${id}" data-worker="./${workerLoaderName}" data-workbook-worker="./${workbookLoaderName}" data-sw="./sw.js">`, '<html lang="en">');
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html.replace(/<noscript>/g, ''))) fail('an inline <script> is left in index.html (the CSP would block it)');
if (/\b(?:href|src)="\//.test(html)) fail('an absolute URL is left in index.html (set public_url = "./")');
writeFileSync(join(DIR, 'index.html'), html);

// sw.js: every file except itself, index.html first. The workbook worker's files too: the page
// starts that worker only when a workbook is chosen, but the service worker keeps it from the
// first visit, so that a workbook opened later, or offline, makes no request.
const files = readdirSync(DIR)
  .filter((name) => statSync(join(DIR, name)).isFile() && name !== 'sw.js')
  .sort((a, b) => (a === 'index.html' ? -1 : b === 'index.html' ? 1 : a.localeCompare(b)));
const digest = createHash('sha256');
for (const name of files) digest.update(`${name}\0`).update(sha(readFileSync(join(DIR, name))));
const sw = readFileSync(join(ROOT, 'assets/sw.js'), 'utf8')
  .replace("'__BUILD__'", JSON.stringify(id))
  .replace("'__DIGEST__'", JSON.stringify(digest.digest('hex').slice(0, 12)))
  .replace('__ASSETS__', JSON.stringify(files));
writeFileSync(join(DIR, 'sw.js'), sw);

console.log(`postbuild: ${id}, ${files.length} files kept for offline use, CSP: ${CSP}`);
