// The colour theme chosen in Settings (prefs.rs, key release-desk.theme), applied before the
// first paint so a dark choice does not flash light while the wasm loads. Loaded by a plain
// synchronous <script src> in index.html's head: the Content-Security-Policy there allows no
// inline script, and a deferred or module script would run after the first paint.
try {
  const theme = JSON.parse(localStorage.getItem('release-desk.theme'));
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (_) {}
