// Candor field app service worker (hand-written, no library).
// - App shell: precached at install (list injected at build), served cache-first.
// - Models (/models/*) and onnxruntime (/ort/*, *.wasm): cached on first use, then served from cache.
// - API (/v1/*) and everything else: network only. Search results and biometric data are never cached.
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const SHELL = 'candor-shell-' + VERSION;
const MODELS = 'candor-models-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('candor-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/v1/')) return;
  if (url.pathname.startsWith('/models/') || url.pathname.startsWith('/ort/') || url.pathname.endsWith('.wasm') || url.pathname.endsWith('.onnx')) {
    event.respondWith(cacheFirst(MODELS, request, true));
  } else if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/', { cacheName: SHELL })));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(SHELL, request, false));
  }
});

async function cacheFirst(cacheName, request, store) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (store && response.ok) await cache.put(request, response.clone());
  return response;
}
