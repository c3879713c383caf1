// Registers the service worker (sw.js, beside index.html) that lets the app start with no
// network. It lives here rather than in Rust because it is a few lines of plain browser API
// that must not wait for the wasm bundle to download and start, and it needs no extra web-sys
// features; it is a file, not an inline script, because the page's Content-Security-Policy
// allows no inline script. Only over http(s): file:// has no service workers.
// 'sw.js' resolves against the page, not this file, so the worker sits beside index.html, and
// the relative URL and scope keep it working under a sub-path such as /release-desk/.
// A page the worker already controls asks for a new deploy's worker at once: browsers do
// check on navigation, but later, so the update could miss this start. With no network that
// check fails, as expected.
if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
  addEventListener('load', () => {
    const controlled = navigator.serviceWorker.controller !== null;
    navigator.serviceWorker.register('sw.js', { scope: './' }).then(
      (registration) => controlled && registration.update().catch(() => {}),
      (error) => console.warn('Release Desk will not work offline:', error),
    );
  });
}
