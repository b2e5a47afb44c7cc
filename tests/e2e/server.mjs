// A tiny static file server for the built app (no dependencies). Serves `root` on 127.0.0.1
// on a free port; `/` is index.html. Only GET and HEAD; nothing outside `root`.
//
// Options: `prefix` serves `root` under a sub-path (e.g. '/tools/rostercheck/'; anything else
// is 404); `routes` maps exact paths to { type, body } (a page that embeds the app); every
// request, of any method, is recorded in `hits` ({ method, path, bytes }) — the privacy tests
// read it; `setRoot(dir)` serves another directory from then on (a new deployment);
// `headers(path)` adds response headers to a file (the security headers of README.md).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export async function serve(root, port = 0, { prefix = '/', routes = {}, headers = () => ({}) } = {}) {
  let base = resolve(root);
  const hits = [];
  const server = createServer(async (req, res) => {
    const hit = { method: req.method, path: req.url, bytes: 0 };
    hits.push(hit);
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (routes[path]) {
      const { type, body } = routes[path];
      hit.bytes = Buffer.byteLength(body);
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      return;
    }
    if (!path.startsWith(prefix)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    path = '/' + path.slice(prefix.length);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      hit.bytes = body.length;
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        ...headers(path),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
    hits,
    setRoot: (dir) => {
      base = resolve(dir);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(ok));
    },
  };
}

// `node tests/e2e/server.mjs dist 8080` serves by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await serve(process.argv[2] ?? 'dist', Number(process.argv[3] ?? 8080));
  console.log(`serving ${process.argv[2] ?? 'dist'} on ${url}`);
}
