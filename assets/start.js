// The page's start script (an ES module, no inline code: the Content-Security-Policy allows
// only the app's own script files). It decodes the page's WebAssembly from the base64 text the
// build put beside it (no fetch: the policy has connect-src 'none'), starts the app, and looks
// after offline use. scripts/postbuild.mjs prepends two imports (`__wbg_init`, the
// wasm-bindgen glue's init, and `APP_WASM`, the base64 text); scripts/single-file.mjs puts the
// glue and a read of an inline data block in front of it instead.
const root = document.documentElement;

function fromBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The app shows this state in its footer (src/hooks/use_offline.rs).
function setOffline(state) {
  root.dataset.offline = state;
  dispatchEvent(new Event('rostercheck-offline'));
}

// The service worker (sw.js beside index.html, scope ./) keeps this version's files so the page
// also works offline. A new version waits until the person chooses it ("Use the new version")
// or reloads the only tab that runs this app; then the new version's files replace the old.
async function offline() {
  const script = root.dataset.sw;
  if (!script) {
    setOffline(root.dataset.single === 'true' ? 'single-file' : 'unavailable');
    return;
  }
  if (!('serviceWorker' in navigator)) {
    setOffline('unavailable');
    return;
  }
  const container = navigator.serviceWorker;
  const hadController = container.controller !== null;
  let registration;
  try {
    registration = await container.register(script, { scope: './' });
  } catch {
    setOffline('unavailable');
    return;
  }
  let switching = false;
  let outdated = false;
  const track = () => {
    if (outdated || (registration.waiting && container.controller)) setOffline('update');
    else if (registration.active?.state === 'activated' && container.controller) setOffline('ready');
    else setOffline('preparing');
  };
  const watch = (worker) => worker?.addEventListener('statechange', track);
  registration.addEventListener('updatefound', () => {
    watch(registration.installing);
    track();
  });
  watch(registration.installing);
  watch(registration.waiting);
  watch(registration.active);
  container.addEventListener('controllerchange', () => {
    if (switching) {
      location.reload();
      return;
    }
    // Another tab switched to a newer version: this one still runs the old one.
    if (hadController) outdated = true;
    track();
  });
  addEventListener('rostercheck-update', () => {
    const waiting = registration.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    switching = true;
    waiting.postMessage({ type: 'activate' });
  });
  track();
  container.ready.then(track);
}

try {
  await __wbg_init({ module_or_path: fromBase64(APP_WASM) });
} catch (error) {
  // Never a blank page: index.html shows its "could not start" notice.
  root.classList.add('start-failed');
  console.error('rostercheck could not start:', error);
}
offline();
