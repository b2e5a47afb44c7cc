// The served app's Content-Security-Policy, in one place: scripts/postbuild.mjs writes it into
// index.html as a <meta>, and the end-to-end tests also send it as an HTTP header the way
// README.md ("Hosting and embedding") tells servers to. Keep README.md in step with it.

/** The policy as a <meta> carries it (a <meta> cannot carry frame-ancestors). */
export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  'img-src data:',
  "worker-src 'self'",
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** The header for every file but sw.js; `ancestors` are the pages allowed to embed the app. */
export const cspHeader = (ancestors = "'self'") => `${CSP}; frame-ancestors ${ancestors}`;

/** The header for sw.js: it copies the app's own files, so it may connect to its own origin. */
export const SW_CSP = "default-src 'none'; connect-src 'self'";
