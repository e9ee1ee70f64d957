// The app shell: hash routes, theme, the status data and its live updates.
import { h, render } from 'preact';
import { useState, useEffect, useRef, useCallback, useLayoutEffect } from 'preact/hooks';
import { getJson, watch } from './api.js';
import { StatusPage } from './status.js';
import { SessionPage, TABS } from './session.js';
import { RunsPage, RunPage } from './runs.js';

// Only views that exist are in the navigation.
const NAV = [
  { href: '#/status', label: 'Status', match: r => r.view === 'status' || r.view === 'session' },
  { href: '#/runs', label: 'Runs', match: r => r.view === 'runs' || r.view === 'run' },
];

function decode(s) {
  try { return decodeURIComponent(s); } catch (e) { return s; }
}

// #/sessions/<id>[/<tab>] · #/runs · #/runs/<id> · anything else is Status.
function parseRoute(hash) {
  const path = (hash || '').replace(/^#/, '') || '/status';
  let m = path.match(/^\/sessions\/([^/]+)(?:\/([a-z]+))?\/?$/);
  if (m) {
    const tab = TABS.some(t => t.id === m[2]) ? m[2] : 'timeline';
    return { view: 'session', id: decode(m[1]), tab };
  }
  m = path.match(/^\/runs\/([^/]+)\/?$/);
  if (m) return { view: 'run', id: decode(m[1]) };
  if (/^\/runs\/?$/.test(path)) return { view: 'runs' };
  return { view: 'status' };
}

function navigate(href) {
  if (location.hash !== href) location.hash = href;
}

// ---- theme ----
function currentTheme() {
  return document.documentElement.getAttribute('data-theme') === 'light' ? 'light' : 'dark';
}

function ThemeToggle() {
  const [theme, setTheme] = useState(currentTheme());
  const next = theme === 'dark' ? 'light' : 'dark';
  const toggle = () => {
    document.documentElement.setAttribute('data-theme', next);
    try { localStorage.setItem('tj-theme', next); } catch (e) { /* private mode */ }
    setTheme(next);
  };
  return h('button', {
    type: 'button', class: 'icon-btn theme-toggle', onClick: toggle, 'data-theme-next': next,
    title: 'Switch to ' + next + ' theme', 'aria-label': 'Switch to ' + next + ' theme',
  }, theme === 'dark' ? '☀' : '☾');
}

function LiveBadge({ mode, updatedAt }) {
  const text = mode === 'live' ? 'live' : mode === 'polling' ? 'polling' : 'connecting';
  const title = (mode === 'live' ? 'Live: the server pushes changes as they happen.'
    : mode === 'polling' ? 'Live stream unavailable: refreshing every 5 s.'
      : 'Connecting to the live stream…')
    + (updatedAt ? ' Last update ' + new Date(updatedAt).toLocaleTimeString() + '.' : '');
  return h('span', { class: 'live live-' + mode, title, 'data-mode': mode },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
}

// ---- status data, shared by every view so returning to Status is instant ----
function useStatus() {
  const [state, setState] = useState({ data: null, error: null, updatedAt: 0 });
  const [mode, setMode] = useState('connecting');
  const inflight = useRef(false);
  const again = useRef(false);

  const refresh = useCallback(async () => {
    if (inflight.current) { again.current = true; return; }
    inflight.current = true;
    try {
      do {
        again.current = false;
        try {
          const data = await getJson('/api/v1/status');
          setState({ data, error: null, updatedAt: Date.now() });
        } catch (e) {
          setState(s => ({ ...s, error: e.message || String(e) }));
        }
      } while (again.current);
    } finally {
      inflight.current = false;
    }
  }, []);

  useEffect(() => {
    refresh();
    return watch(refresh, setMode);
  }, []);
  return { ...state, mode, refresh };
}

let statusScroll = 0;

function App() {
  const [route, setRoute] = useState(parseRoute(location.hash));
  const [now, setNow] = useState(Date.now());
  const [archiveOpen, setArchiveOpen] = useState(false);
  const status = useStatus();
  const routeRef = useRef(route);
  routeRef.current = route;

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    const onScroll = () => { if (routeRef.current.view === 'status') statusScroll = window.scrollY; };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('scroll', onScroll, { passive: true });
    const clock = setInterval(() => setNow(Date.now()), 10000);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('scroll', onScroll);
      clearInterval(clock);
    };
  }, []);

  // Returning to Status puts the page back where it was; a detail page starts at the top.
  useLayoutEffect(() => {
    if (route.view === 'status') window.scrollTo(0, statusScroll);
    else window.scrollTo(0, 0);
  }, [route.view, route.id]);

  const page = route.view === 'session'
    ? h(SessionPage, {
      key: route.id, id: route.id, tab: route.tab, now, version: status.updatedAt, framing: status.data && status.data.framing,
      onChanged: status.refresh, navigate,
    })
    : route.view === 'runs' ? h(RunsPage, { now, version: status.updatedAt })
    : route.view === 'run' ? h(RunPage, { key: route.id, id: route.id, now, version: status.updatedAt })
    : h(StatusPage, {
      data: status.data, error: status.error, now, onChanged: status.refresh, navigate,
      archiveOpen, onArchiveToggle: setArchiveOpen,
    });

  return h('div', { class: 'shell' },
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: '#/status', title: 'tj — telemetry for coding agents' }, 'tj'),
      h('nav', { class: 'nav' }, NAV.map(n => h('a', {
        key: n.href, href: n.href, class: n.match(route) ? 'active' : '',
        'aria-current': n.match(route) ? 'page' : undefined,
      }, n.label))),
      h('span', { class: 'spacer' }),
      h(LiveBadge, { mode: status.mode, updatedAt: status.updatedAt }),
      h(ThemeToggle, null)),
    page);
}

if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
const root = document.getElementById('app');
root.textContent = '';
render(h(App, null), root);
