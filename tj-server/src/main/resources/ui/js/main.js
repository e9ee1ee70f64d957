// The app shell: hash routes, theme, the status data and its live updates.
import { h, render } from 'preact';
import { useState, useEffect, useRef, useCallback, useLayoutEffect } from 'preact/hooks';
import { getJson, watch } from './api.js';
import { StatusPage } from './status.js';
import { SessionPage, TABS } from './session.js';
import { RunsPage, RunPage } from './runs.js';
import { TeamPage, WINDOWS } from './team.js';
import { QuotaPage, QUOTA_WINDOWS, RANGES } from './quota.js';

// Only views that exist are in the navigation.
const NAV = [
  { href: '#/status', label: 'Status', match: r => r.view === 'status' || r.view === 'session' },
  { href: '#/runs', label: 'Runs', match: r => r.view === 'runs' || r.view === 'run' },
  { href: '#/quota', label: 'Quota', match: r => r.view === 'quota' },
  { href: '#/team', label: 'Team', match: r => r.view === 'team' },
];

function decode(s) {
  try { return decodeURIComponent(s); } catch (e) { return s; }
}

// #/sessions/<id>[/<tab>] · #/runs · #/runs/<id> · #/quota[?window=five_hour&range=24h] · #/team[?since=7d] · anything else is Status
// (#/status?machine=…&user=… keeps to one machine and/or person).
function parseRoute(hash) {
  const full = (hash || '').replace(/^#/, '') || '/status';
  const q = full.indexOf('?');
  const path = q < 0 ? full : full.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : full.slice(q + 1));
  if (/^\/quota\/?$/.test(path)) {
    const w = params.get('window'), r = params.get('range');
    return { view: 'quota', window: QUOTA_WINDOWS.includes(w) ? w : 'five_hour', range: RANGES.includes(r) ? r : 'current' };
  }
  if (/^\/team\/?$/.test(path)) {
    const w = params.get('since');
    return { view: 'team', window: WINDOWS.includes(w) ? w : '7d' };
  }
  let m = path.match(/^\/sessions\/([^/]+)(?:\/([a-z]+))?\/?$/);
  if (m) {
    const tab = TABS.some(t => t.id === m[2]) ? m[2] : 'timeline';
    return { view: 'session', id: decode(m[1]), tab };
  }
  m = path.match(/^\/runs\/([^/]+)\/?$/);
  if (m) return { view: 'run', id: decode(m[1]) };
  if (/^\/runs\/?$/.test(path)) return { view: 'runs' };
  return { view: 'status', machine: params.get('machine') || '', user: params.get('user') || '' };
}

/** The Status hash for a machine/person filter (empty values: everyone). */
export function statusHash(machine, user) {
  const p = new URLSearchParams();
  if (machine) p.set('machine', machine);
  if (user) p.set('user', user);
  const s = p.toString();
  return '#/status' + (s ? '?' + s : '');
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
function useStatus(path) {
  const [state, setState] = useState({ data: null, error: null, updatedAt: 0 });
  const [mode, setMode] = useState('connecting');
  const inflight = useRef(false);
  const again = useRef(false);
  const pathRef = useRef(path);
  pathRef.current = path;

  const refresh = useCallback(async () => {
    if (inflight.current) { again.current = true; return; }
    inflight.current = true;
    try {
      do {
        again.current = false;
        try {
          const data = await getJson(pathRef.current);
          setState({ data, error: null, updatedAt: Date.now() });
        } catch (e) {
          setState(s => ({ ...s, error: e.message || String(e) }));
        }
      } while (again.current);
    } finally {
      inflight.current = false;
    }
  }, []);

  useEffect(() => watch(refresh, setMode), []);
  useEffect(() => { refresh(); }, [path]);
  return { ...state, mode, refresh };
}

let statusScroll = 0;
// the Status filter stays while another view is open, so returning to Status shows the same sessions
let lastFilter = { machine: '', user: '' };

function statusPath({ machine, user }) {
  const p = new URLSearchParams();
  if (machine) p.set('machine', machine);
  if (user) p.set('user', user);
  const s = p.toString();
  return '/api/v1/status' + (s ? '?' + s : '');
}

function App() {
  const [route, setRoute] = useState(parseRoute(location.hash));
  const [now, setNow] = useState(Date.now());
  const [archiveOpen, setArchiveOpen] = useState(false);
  const filter = { machine: route.view === 'status' ? route.machine : lastFilter.machine, user: route.view === 'status' ? route.user : lastFilter.user };
  lastFilter = filter;
  const status = useStatus(statusPath(filter));
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
    : route.view === 'quota' ? h(QuotaPage, { now, version: status.updatedAt, windowKey: route.window, range: route.range, onChange: (w, r) => navigate('#/quota?window=' + w + '&range=' + r) })
    : route.view === 'team' ? h(TeamPage, { now, version: status.updatedAt, windowKey: route.window, onWindow: w => navigate('#/team?since=' + w) })
    : h(StatusPage, {
      data: status.data, error: status.error, now, onChanged: status.refresh, navigate,
      archiveOpen, onArchiveToggle: setArchiveOpen, version: status.updatedAt,
      filter, onFilter: (m, u) => navigate(statusHash(m, u)),
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
