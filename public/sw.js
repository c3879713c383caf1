// Release Desk's service worker: keeps the app shell in a cache so the app starts with no
// network after one visit, and makes a new deploy replace the old shell on the next start.
//
// This file is a template. The trunk post-build hook (.ci/precache.sh) moves it beside
// index.html (a worker controls only the pages at or below its own folder) and fills in
// VERSION and PRECACHE: a hash of the built files and their list. Every deploy that changes
// a file changes this worker byte-wise, which is what makes the browser install it.
//
// Strategy:
// - install: cache every built file, then take over at once. A file whose name carries
//   trunk's content hash (`app-0123456789abcdef_bg.wasm`) can never be stale, so it is taken
//   from the HTTP cache when the page has just downloaded it: the first visit downloads the
//   wasm once, not twice. Every other file (index.html, the demo book, icons) bypasses the
//   HTTP cache, so a new deploy never caches an old copy;
// - activate: delete this app's caches of older versions, then control open pages;
// - navigations: network first, so a start with the network sees a new deploy at once;
//   with no network, the cached index.html;
// - other same-origin GETs: cache first (the file names carry content hashes), else network.
//
// Every URL is relative to this file, so the same bundle works at / and at /release-desk/.
// Caches are per origin, not per folder: their names carry the scope so that two copies of
// the app on one host (say /release-desk/ and /release-desk-test/) never delete each other's.

const VERSION = 'dev';
const PRECACHE = [];

const PREFIX = `release-desk ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;
const INDEX = new URL('index.html', self.location.href).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: mode(path) }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => cached(INDEX)));
  } else {
    event.respondWith(cached(request).catch(() => fetch(request)));
  }
});

/**
 * How install fetches a file: from the HTTP cache if it is there and content-hashed. Trunk
 * writes its 64-bit hash in hex without leading zeros, so 15 digits (or fewer) happen.
 */
function mode(path) {
  return /-[0-9a-f]{8,16}(_bg)?\.[a-z]+$/.test(path) ? 'force-cache' : 'reload';
}

/** The response this version cached for a request; rejects when there is none. */
async function cached(request) {
  const response = await caches.match(request, { cacheName: CACHE });
  if (!response) throw new Error(`not cached: ${request.url ?? request}`);
  return response;
}
