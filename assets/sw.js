// rostercheck's service worker: keeps this version's files (never a person's files: the page
// sends it no requests with file data, and it stores only the responses listed below) and
// serves them cache-first, so the app works offline after the first visit.
//
// Updates: each build has its own cache (the name holds the build identifier and a digest of
// the files). A new sw.js installs the new cache beside the old and waits; it takes over when
// the person chooses "Use the new version" or reloads the only tab that runs the app. On
// taking over it deletes this app's old caches. Every file of one version comes from one cache,
// and every file but index.html and sw.js has its content hash in its name, so old and new
// files never mix.
//
// Written into dist/ by scripts/postbuild.mjs from assets/sw.js (the quoted names are filled in).
'use strict';

const BUILD = '__BUILD__';
const DIGEST = '__DIGEST__';
const ASSETS = __ASSETS__;
const SCOPE = self.registration.scope;
const PREFIX = 'rostercheck:' + SCOPE + ':';
const CACHE = PREFIX + BUILD + ':' + DIGEST;
const INDEX = new URL('index.html', self.location).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // Files with a content hash in their name never change: the copy the page has just
      // loaded (HTTP cache) will do. index.html is checked with the server.
      cache.addAll(
        ASSETS.map(
          (path) => new Request(new URL(path, self.location), { cache: /-[0-9a-f]{16}\./.test(path) ? 'default' : 'no-cache' }),
        ),
      ),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  const path = request.url.slice(SCOPE.length).split(/[?#]/)[0];
  if (request.mode === 'navigate' && (path === '' || path === 'index.html')) {
    event.respondWith(page(request));
  } else {
    event.respondWith(asset(request));
  }
});

async function asset(request) {
  const hit = await caches.match(request, { cacheName: CACHE });
  return hit || fetch(request);
}

async function page(request) {
  const waiting = self.registration.waiting;
  if (waiting) {
    const windows = await self.clients.matchAll({ type: 'window' });
    if (windows.length <= 1) {
      // The only tab reloads: switch to the new version first, then load the page again.
      waiting.postMessage({ type: 'activate' });
      await new Promise((done) => {
        const timer = setTimeout(done, 2000);
        waiting.addEventListener('statechange', () => {
          if (waiting.state !== 'installed') {
            clearTimeout(timer);
            done();
          }
        });
      });
      return new Response('<!doctype html><title>rostercheck</title>', {
        headers: { 'content-type': 'text/html; charset=utf-8', refresh: '0', 'cache-control': 'no-store' },
      });
    }
  }
  const hit = await caches.match(INDEX, { cacheName: CACHE });
  return hit || fetch(request);
}
