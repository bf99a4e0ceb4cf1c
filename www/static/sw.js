// 算盘 suanpan: the service worker that lets the app work offline after the first visit.
//
// On install it caches the app's own files: index.html, the files it names (their names
// carry a content hash, so they never change), the two workers' files, the manifest and
// the icon. Afterwards:
// - hashed files: cache first (they are immutable);
// - index.html and the files without a hash: the network first (a new release is picked
//   up), the cache when the network fails or takes more than 3 seconds.
// It never touches a request to another origin (the page makes none: see the CSP).
'use strict';

const CACHE = 'suanpan-v2';
const UNHASHED = [
  './',
  'manifest.json',
  'icon.svg',
  'suanpan-worker_loader.js',
  'suanpan-worker.js',
  'suanpan-worker_bg.wasm',
  'suanpan-reader_loader.js',
  'suanpan-reader.js',
  'suanpan-reader_bg.wasm',
];
const scope = new URL(self.registration.scope);
const unhashed = new Set(UNHASHED.map((p) => new URL(p, scope).href));
unhashed.add(new URL('index.html', scope).href);

/** The app's files named in index.html ('./name.ext', quoted or not: the release build's
 * HTML is minified, `href=./app-….css`). */
function named(html) {
  const files = new Set();
  for (const m of html.matchAll(/[="'](\.\/[^"'\s?#>]+\.(?:js|wasm|css|json|svg|png|ico))(?=["'\s>])/g)) {
    files.add(new URL(m[1], scope).href);
  }
  return [...files];
}

async function precache() {
  const cache = await caches.open(CACHE);
  const index = await fetch(new URL('./', scope), { cache: 'no-cache' });
  if (!index.ok) throw new Error(`index.html: ${index.status}`);
  const html = await index.clone().text();
  await cache.put(new URL('./', scope).href, index);
  const files = [...new Set([...UNHASHED.slice(1).map((p) => new URL(p, scope).href), ...named(html)])];
  await cache.addAll(files.map((f) => new Request(f, { cache: 'no-cache' })));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

function timeout(ms) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([fetch(request), timeout(3000)]);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.href.startsWith(scope.href)) return;
  url.hash = '';
  url.search = '';
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, new URL('./', scope).href));
  } else if (unhashed.has(url.href)) {
    event.respondWith(networkFirst(request, url.href));
  } else {
    event.respondWith(cacheFirst(request));
  }
});
