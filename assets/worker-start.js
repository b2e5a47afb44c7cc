// Starts the checking worker (a classic worker script): decodes its WebAssembly from the
// base64 text the build put beside it (no fetch: connect-src 'none') and hands it to the
// wasm-bindgen glue (`wasm_bindgen`). scripts/postbuild.mjs puts an importScripts() of the glue
// and of the base64 text (`RC_WORKER_WASM`) in front of it; scripts/single-file.mjs inlines both.
(function () {
  'use strict';
  function fromBase64(text) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  wasm_bindgen({ module_or_path: fromBase64(RC_WORKER_WASM) }).catch(function (error) {
    // Rethrown outside the promise, so the page's worker error handler reports it.
    setTimeout(function () {
      throw error;
    });
  });
})();
