// Runs before the app. Without WebAssembly the app cannot start; say so at once instead of
// leaving "Loading…" on screen. The app removes #boot when it starts.
(function () {
  'use strict';
  var ok = typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
  if (!ok) {
    document.documentElement.className += ' no-wasm';
  }
})();
