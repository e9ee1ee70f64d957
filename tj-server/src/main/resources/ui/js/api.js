// Talking to the tj daemon: JSON fetches with the API key (when the server injected one) and the
// live event stream, with a polling fallback.

// A team server does not put its key in the page: open the dashboard once with ?key=<API key or
// read-only key>; it is kept for this tab only (sessionStorage) and taken off the address bar.
const keyMeta = document.querySelector('meta[name="tj-api-key"]');
function givenKey() {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('key');
  if (fromUrl) {
    try { sessionStorage.setItem('tj-api-key', fromUrl); } catch (e) { /* storage off: this load only */ }
    params.delete('key');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
    return fromUrl;
  }
  try { return sessionStorage.getItem('tj-api-key') || ''; } catch (e) { return ''; }
}
const API_KEY = keyMeta ? keyMeta.getAttribute('content') : givenKey();

function headers(extra) {
  const h = Object.assign({ Accept: 'application/json' }, extra || {});
  if (API_KEY) h.Authorization = 'Bearer ' + API_KEY;
  return h;
}

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function check(res) {
  if (res.ok) return res.json();
  let msg = res.status + ' ' + res.statusText;
  try {
    const body = await res.json();
    msg = body.error || body.detail || msg;
  } catch (e) { /* not JSON */ }
  throw new HttpError(res.status, String(msg));
}

export async function getJson(path) {
  return check(await fetch(path, { headers: headers(), cache: 'no-store' }));
}

export async function postJson(path, body) {
  return check(await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(body),
  }));
}

export const POLL_MS = 5000;

/**
 * Calls onChange() whenever the server says something changed (SSE `sessions`), when time alone may
 * have changed tiers (`tick`) and after a reconnect. If the stream errors, polls every 5 s until it
 * is back. onMode(mode) reports 'live' | 'polling' | 'connecting'.
 * Returns a function that stops everything.
 */
export function watch(onChange, onMode) {
  let es = null;
  let pollTimer = null;
  let opened = false;
  let stopped = false;

  const startPolling = () => {
    if (pollTimer || stopped) return;
    pollTimer = setInterval(onChange, POLL_MS);
    onMode('polling');
  };
  const stopPolling = () => {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  };

  const connect = () => {
    if (typeof EventSource === 'undefined') { startPolling(); return; }
    const url = '/api/v1/events' + (API_KEY ? '?key=' + encodeURIComponent(API_KEY) : '');
    es = new EventSource(url);
    onMode('connecting');
    es.addEventListener('open', () => {
      stopPolling();
      onMode('live');
      if (opened) onChange(); // a reconnect: we may have missed events
      opened = true;
    });
    es.addEventListener('sessions', (e) => onChange(e));
    es.addEventListener('tick', () => onChange());
    es.addEventListener('error', () => {
      // EventSource retries by itself while CONNECTING; poll meanwhile. CLOSED means it gave up
      // (e.g. 401/404): poll for good.
      startPolling();
      if (es && es.readyState === EventSource.CLOSED) { es.close(); es = null; }
    });
  };
  // A page left for another (or frozen in the back-forward cache) must not keep its stream open:
  // the browser allows only a few connections per server, and a kept stream starves later pages.
  const onHide = () => {
    stopPolling();
    if (es) { es.close(); es = null; }
  };
  const onShow = (e) => {
    if (!e.persisted || stopped || es) return;
    opened = true; // back from the cache: catch up once the stream is open
    connect();
  };
  window.addEventListener('pagehide', onHide);
  window.addEventListener('pageshow', onShow);
  connect();
  return () => {
    stopped = true;
    window.removeEventListener('pagehide', onHide);
    window.removeEventListener('pageshow', onShow);
    stopPolling();
    if (es) es.close();
  };
}
