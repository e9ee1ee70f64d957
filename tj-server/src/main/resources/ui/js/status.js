// The Status page: live coding sessions by project, the archive, SDK services, and the first-run
// help. Everything that came from telemetry is passed to Preact as a string child or attribute, so
// it is a text node / attribute value, never parsed as HTML.
import { h, Fragment } from 'preact';
import { useState, useRef, useEffect } from 'preact/hooks';
import { getJson, postJson } from './api.js';
import { Sparkline } from './spark.js';
import {
  compact, exactInt, usd, exactUsd, duration, exactDuration, ago, exactTime, pct, shortId, money,
  combineModes, rate,
} from './format.js';

const UNGROUPED = 'Ungrouped';
const KNOWN_MODES = new Set(['api', 'subscription', 'local']);

export function sessionHref(id) {
  return '#/sessions/' + encodeURIComponent(id);
}

/** A tile's billing mode: its own when known, else the plan-wide framing. */
export function modeOf(tile, framing) {
  if (KNOWN_MODES.has(tile.pricing_mode)) return tile.pricing_mode;
  const f = framing && framing.pricing_mode;
  return KNOWN_MODES.has(f) ? f : 'unknown';
}

export function Money({ value, mode, framing, extraTitle }) {
  const m = money(value, mode, framing);
  return h('span', { class: 'money ' + m.cls, title: extraTitle ? m.title + ' ' + extraTitle : m.title },
    h('span', { class: 'money-v' }, m.text),
    m.note ? h('span', { class: 'money-note' }, m.note) : null);
}

export function StatusDot({ status }) {
  const s = status || 'unknown';
  return h('span', { class: 'status status-' + s, title: statusHelp(s) },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'status-text' }, s));
}

function statusHelp(s) {
  switch (s) {
    case 'active': return 'Active: activity in the last 5 minutes';
    case 'idle': return 'Idle: no activity for more than 5 minutes';
    case 'stale': return 'Stale: no activity for longer than the idle window';
    case 'closed': return 'Closed: the terminal ended this session';
    default: return s;
  }
}

function Metric({ name, label, value, unit }) {
  return h('div', { class: 'metric', 'data-metric': name, title: exactInt(value) + ' ' + unit },
    h('span', { class: 'metric-k' }, label),
    h('span', { class: 'metric-v' }, compact(value)));
}

/**
 * The inline rename editor. Enter saves, Esc cancels, blank resets to the default name; leaving the
 * field saves what was typed (or cancels when nothing changed).
 */
export function LabelEditor({ initial, onSave, onCancel, busy, error }) {
  const ref = useRef(null);
  const done = useRef(false);
  useEffect(() => {
    if (ref.current) {
      ref.current.value = initial; // uncontrolled: live re-renders must not wipe what is being typed
      ref.current.focus();
      ref.current.select();
    }
  }, []);
  useEffect(() => {
    if (error && ref.current) {
      done.current = false;
      ref.current.focus();
    }
  }, [error, busy]);
  const finish = (save, value) => {
    if (done.current) return;
    done.current = true;
    if (save) onSave(value);
    else onCancel();
  };
  const onKeyDown = (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      finish(true, e.currentTarget.value);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      finish(false);
    }
  };
  const onBlur = (e) => {
    const v = e.currentTarget.value;
    finish(v.trim() !== initial.trim(), v);
  };
  return h('div', { class: 'rename' },
    h('input', {
      ref, class: 'rename-input', type: 'text', maxLength: 120, disabled: busy,
      'aria-label': 'Session name (blank resets to the default)', placeholder: 'blank = default name',
      onKeyDown, onBlur, onClick: (e) => e.stopPropagation(),
    }),
    h('span', { class: 'rename-hint' }, error ? h('span', { class: 'err' }, 'Not saved: ' + error) : 'Enter saves · Esc cancels · blank resets'));
}

function SessionCard({ tile, framing, now, onChanged, navigate }) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(undefined); // {label} right after a save, until fresh data arrives
  useEffect(() => { setSaved(undefined); }, [tile.label]);

  const label = saved !== undefined ? saved.label : tile.label;
  const name = label || tile.agent_id;
  const mode = modeOf(tile, framing);
  const startEdit = () => { setError(null); setEditing(true); };

  const save = async (value) => {
    const v = (value || '').trim();
    if (v === (label || '')) { setEditing(false); return; }
    setBusy(true);
    setError(null);
    try {
      const res = await postJson('/api/v1/sessions/' + encodeURIComponent(tile.session_id) + '/label', { label: v });
      setSaved({ label: res && 'label' in res ? res.label : (v || null) });
      setEditing(false);
      onChanged();
    } catch (e) {
      setError(e.message || String(e));
    } finally {
      setBusy(false);
    }
  };

  const onContextMenu = (e) => {
    e.preventDefault(); // the browser menu never wins on a card
    if (!editing) startEdit();
  };
  const onClick = (e) => {
    if (editing || e.defaultPrevented) return;
    if (e.target.closest && e.target.closest('a,button,input')) return;
    const sel = window.getSelection && window.getSelection();
    if (sel && !sel.isCollapsed && String(sel).trim()) return; // selecting text to copy, not a click
    navigate(sessionHref(tile.session_id));
  };

  const extra = [];
  if (tile.priced_by_fallback) extra.push('Some calls used fallback rates (unknown model).');
  if (tile.reported_cost_usd != null) extra.push('The agent itself reported ' + exactUsd(tile.reported_cost_usd) + '.');

  const waits = tile.attention;
  return h('article', {
    class: 'card card-' + (tile.status || 'unknown') + (waits ? ' card-waiting' : '') + (editing ? ' editing' : ''),
    'data-session-id': tile.session_id, 'data-agent': tile.agent_id,
    'data-attention': waits ? waits.state : undefined,
    onContextMenu, onClick,
  },
    h('header', { class: 'card-head' },
      h(StatusDot, { status: tile.status }),
      waits ? h(WaitBadge, { waits, now }) : null,
      tile.active_alerts > 0
        ? h('span', { class: 'badge badge-alert', title: tile.active_alerts + ' unacknowledged alerts' }, '⚠ ' + tile.active_alerts)
        : null,
      h('button', {
        class: 'icon-btn rename-btn', type: 'button', title: 'Rename (or right-click the card)',
        'aria-label': 'Rename session ' + name, onClick: (e) => { e.stopPropagation(); startEdit(); },
      }, '✎')),
    editing
      ? h(LabelEditor, { initial: label || '', onSave: save, onCancel: () => { setEditing(false); setError(null); }, busy, error })
      : h('h4', { class: 'card-title' },
        h('a', { class: 'card-name', href: sessionHref(tile.session_id), title: name }, name),
        h('span', { class: 'sid', title: 'Session ' + tile.session_id }, shortId(tile.session_id))),
    h('div', { class: 'card-sub' },
      label ? h('span', { class: 'agent', title: 'Agent' }, tile.agent_id) : null,
      tile.instance_id && tile.instance_id !== label
        ? h('span', { class: 'term', title: 'Terminal (service.instance.id)' }, 'on ' + tile.instance_id) : null,
      tile.run_id ? h('span', { class: 'run', title: 'Run ' + tile.run_id }, 'run ' + shortId(tile.run_id)) : null),
    h('div', { class: 'metrics' },
      h(Metric, { name: 'input', label: 'in', value: tile.input_tokens, unit: 'input tokens' }),
      h(Metric, { name: 'output', label: 'out', value: tile.output_tokens, unit: 'output tokens' }),
      h(Metric, { name: 'cache-read', label: 'cache r', value: tile.cache_read_tokens, unit: 'cache read tokens' }),
      h(Metric, { name: 'cache-write', label: 'cache w', value: tile.cache_write_tokens, unit: 'cache write tokens' }),
      h(Metric, { name: 'tools', label: 'tools', value: tile.tool_call_count, unit: 'tool calls' }),
      h('div', {
        class: 'metric' + (tile.error_count > 0 ? ' metric-bad' : ''), 'data-metric': 'errors',
        title: exactInt(tile.error_count) + ' errors',
      }, h('span', { class: 'metric-k' }, 'errors'), h('span', { class: 'metric-v' }, compact(tile.error_count)))),
    h('footer', { class: 'card-foot' },
      h(Money, { value: tile.total_cost_usd, mode, framing, extraTitle: extra.join(' ') }),
      tile.priced_by_fallback ? h('span', { class: 'approx', title: 'Some calls used fallback rates' }, '≈') : null,
      h('span', { class: 'times' },
        h('span', { class: 'dur', title: 'Wall time from first to last activity: ' + exactDuration(tile.duration_seconds) + (tile.active_seconds != null ? '; busy (sum of call durations) ' + exactDuration(tile.active_seconds) : '') }, 'wall ' + duration(tile.duration_seconds)),
        h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
        h('span', { class: 'seen', title: 'Last activity ' + exactTime(tile.last_span_time || tile.started_at) }, 'seen ' + ago(tile.last_span_time || tile.started_at, now)))));
}

/** A terminal that waits for its user: what for, and for how long (the hook's message in the title). */
function WaitBadge({ waits, now }) {
  const what = waits.state === 'needs_permission' ? 'permission' : 'input';
  const since = Date.parse(waits.since);
  const title = 'Waiting for your ' + what + ' since ' + exactTime(waits.since)
    + (waits.message ? ': ' + waits.message : '');
  return h('span', { class: 'badge badge-wait', title, 'data-state': waits.state },
    '⏸ needs ' + what + ' · ' + duration(Math.max(0, (now - since) / 1000)));
}

/** Terminals that wait for their user first, the longest wait first; the rest keep their order. */
export function waitingFirst(tiles) {
  const waiting = tiles.filter(t => t.attention)
    .sort((a, b) => Date.parse(a.attention.since) - Date.parse(b.attention.since));
  return waiting.length ? waiting.concat(tiles.filter(t => !t.attention)) : tiles;
}

function groupTiles(tiles) {
  const groups = new Map();
  for (const t of tiles) {
    const ns = t.namespace || UNGROUPED;
    if (!groups.has(ns)) groups.set(ns, []);
    groups.get(ns).push(t);
  }
  return [...groups.entries()].map(([ns, ts]) => [ns, waitingFirst(ts)]).sort((a, b) => {
    if (a[0] === UNGROUPED) return 1;
    if (b[0] === UNGROUPED) return -1;
    return a[0].localeCompare(b[0]);
  });
}

function ProjectGroup({ name, tiles, framing, now, onChanged, navigate }) {
  const overflowByAgent = new Map();
  for (const t of tiles) overflowByAgent.set(t.agent_id, Math.max(overflowByAgent.get(t.agent_id) || 0, t.overflow || 0));
  let more = 0;
  overflowByAgent.forEach(v => { more += v; });
  const count = tiles.length + more;
  const total = tiles.reduce((s, t) => s + (t.total_cost_usd || 0), 0);
  const mode = combineModes(tiles.map(t => modeOf(t, framing)));
  const children = [];
  const lastOfAgent = new Map();
  tiles.forEach((t, i) => lastOfAgent.set(t.agent_id, i));
  tiles.forEach((t, i) => {
    children.push(h(SessionCard, { key: t.session_id, tile: t, framing, now, onChanged, navigate }));
    if (lastOfAgent.get(t.agent_id) === i && overflowByAgent.get(t.agent_id) > 0) {
      const n = overflowByAgent.get(t.agent_id);
      children.push(h('div', {
        key: 'more:' + t.agent_id, class: 'more', 'data-agent': t.agent_id,
        title: t.agent_id + ' has ' + n + ' more live sessions than the 6 shown',
      }, h('span', { class: 'more-n' }, '+' + n + ' more'), h('span', { class: 'more-of' }, t.agent_id)));
    }
  });
  return h('section', { class: 'group', 'data-namespace': name },
    h('header', { class: 'group-head' },
      h('h3', null, name),
      h('span', { class: 'group-count', title: count + ' live sessions' + (more ? ' (' + more + ' not shown)' : '') },
        count === 1 ? '1 session' : count + ' sessions'),
      h(Money, { value: total, mode, framing, extraTitle: '— total over the ' + tiles.length + ' sessions shown.' })),
    h('div', { class: 'cards' }, children));
}

function Archive({ rows, open, onToggle, now }) {
  return h('details', {
    class: 'archive zone', open,
    onToggle: (e) => onToggle(e.currentTarget.open),
  },
    h('summary', null,
      h('h2', { class: 'zone-title' }, 'Archive'),
      h('span', { class: 'zone-count' }, rows.length === 1 ? '1 closed or stale session' : rows.length + ' closed or stale sessions')),
    h('ul', { class: 'arows' }, rows.map(r => h('li', { key: r.session_id },
      h('a', { class: 'arow', href: sessionHref(r.session_id), 'data-session-id': r.session_id },
        h(StatusDot, { status: r.status }),
        h('span', { class: 'aname', title: r.label || r.agent_id }, r.label || r.agent_id),
        h('span', { class: 'sid', title: 'Session ' + r.session_id }, shortId(r.session_id)),
        h('span', { class: 'ans', title: 'Project' }, r.namespace || UNGROUPED),
        h('span', { class: 'atok', title: exactInt(r.input_tokens) + ' in / ' + exactInt(r.output_tokens) + ' out tokens' },
          compact(r.input_tokens) + ' in · ' + compact(r.output_tokens) + ' out'),
        h('span', { class: 'atools', title: exactInt(r.tool_call_count) + ' tool calls' }, compact(r.tool_call_count) + ' tools'),
        h('span', { class: 'acost', title: exactUsd(r.total_cost_usd) }, usd(r.total_cost_usd)),
        h('span', { class: 'aseen', title: 'Last activity ' + exactTime(r.last_span_time || r.started_at) }, ago(r.last_span_time || r.started_at, now)))))));
}

function SdkService({ s }) {
  return h('article', { class: 'svc', 'data-agent': s.agent_id },
    h('header', { class: 'svc-head' },
      h(StatusDot, { status: 'live' }),
      h('h4', { class: 'svc-name', title: s.agent_id }, s.agent_id),
      s.namespace ? h('span', { class: 'svc-ns' }, s.namespace) : null),
    h('div', { class: 'svc-charts' },
      h('figure', { class: 'chart', 'data-series': 'cost' },
        h(Sparkline, { values: s.cost_per_min, kind: 'cost', label: 'Cost per minute, last 24 minutes' }),
        h('figcaption', null, 'cost / min')),
      h('figure', { class: 'chart', 'data-series': 'err' },
        h(Sparkline, { values: s.err_pct_per_min, kind: 'err', yMax: 100, label: 'Error % per minute, last 24 minutes' }),
        h('figcaption', null, 'errors % / min'))),
    h('dl', { class: 'svc-stats' },
      h('div', { 'data-stat': 'rpm', title: (Math.round(s.req_per_min * 1000) / 1000) + ' requests per minute (24 min average)' },
        h('dt', null, 'req/min'), h('dd', null, rate(s.req_per_min))),
      h('div', { 'data-stat': 'err', class: s.err_rate > 0 ? 'bad' : '', title: s.err_rate + '% of calls failed in the last 24 minutes' },
        h('dt', null, 'errors'), h('dd', null, pct(s.err_rate))),
      h('div', { 'data-stat': 'spend', title: exactUsd(s.window_cost) + ' in the last 24 minutes; ' + exactUsd(s.today_cost) + ' today (UTC)' },
        h('dt', null, 'spend'), h('dd', null, usd(s.window_cost))),
      h('div', { 'data-stat': 'today', title: exactUsd(s.today_cost) + ' since UTC midnight' },
        h('dt', null, 'today'), h('dd', null, usd(s.today_cost)))));
}

function SdkZone({ services, now }) {
  const live = services.filter(s => s.state === 'live');
  const inactive = services.filter(s => s.state !== 'live');
  return h('section', { class: 'zone sdk' },
    h('header', { class: 'zone-head' },
      h('h2', { class: 'zone-title' }, 'SDK services'),
      h('span', { class: 'zone-count' }, live.length + ' live' + (inactive.length ? ' · ' + inactive.length + ' inactive' : ''))),
    live.length
      ? h('div', { class: 'svcs' }, live.map(s => h(SdkService, { key: s.agent_id, s })))
      : h('p', { class: 'quiet' }, 'No SDK service has sent spans in the last 5 minutes.'),
    inactive.length ? h('div', { class: 'inactive' },
      h('h3', null, 'Inactive'),
      h('ul', null, inactive.map(s => h('li', {
        key: s.agent_id, class: 'svc-row svc-' + s.state, 'data-agent': s.agent_id, 'data-state': s.state,
      },
        h('span', { class: 'svc-state' }, s.state === 'went_quiet' ? 'went quiet' : 'long dormant'),
        h('span', { class: 'svc-name', title: s.agent_id }, s.agent_id),
        h('span', { class: 'svc-seen', title: 'Last span ' + exactTime(s.last_seen) }, 'last seen ' + ago(s.last_seen, now)),
        s.state === 'went_quiet' ? h('span', { class: 'svc-warn' }, 'possible outage') : null,
        h('span', { class: 'svc-today', title: exactUsd(s.today_cost) + ' today (UTC)' }, usd(s.today_cost) + ' today'))))) : null);
}

/** `backticked` parts as <code>, everything still text nodes. */
function withCode(text) {
  return String(text).split('`').map((part, i) => (i % 2 ? h('code', { key: i }, part) : part));
}

/**
 * "No agents yet": the help `tj serve` prints too, from the daemon (GET /api/v1/connect, built from
 * one Java source), so the two never disagree and never name a command that does not exist.
 */
function EmptyState() {
  const [connect, setConnect] = useState(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    getJson('/api/v1/connect').then(setConnect).catch(() => setConnect({ help: [], settings_json: '' }));
  }, []);
  const snippet = connect ? connect.settings_json : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch (e) { /* clipboard not available: the text is selectable */ }
  };
  const origin = location.protocol + '//' + location.host;
  return h('section', { class: 'empty zone' },
    h('h2', null, 'No agents yet — here is how to connect'),
    connect ? h(Fragment, null,
      (connect.help || []).map((line, i) => h('p', { key: i, class: 'connect-help' }, withCode(line))),
      snippet ? h('div', { class: 'snippet' },
        h('pre', { class: 'settings-json' }, h('code', null, snippet)),
        h('button', { type: 'button', class: 'btn copy', onClick: copy }, copied ? 'Copied' : 'Copy')) : null)
      : h('p', { class: 'quiet' }, 'Loading…'),
    h('p', { class: 'quiet' }, 'Any OpenTelemetry SDK agent can send traces to ', h('code', null, origin + '/v1/traces'),
      ' with the same header; it appears under SDK services.'));
}

/**
 * Keep Status to one machine and/or person. Shown once sessions come from more than one of either
 * (a team server), or while a filter is on; the choices are everyone seen in the last 30 days.
 */
function FilterBar({ filter, onFilter, version }) {
  const [opts, setOpts] = useState(null);
  useEffect(() => {
    getJson('/api/v1/team?since=30d')
      .then(d => setOpts({ machines: (d.machines || []).map(m => m.machine), users: (d.users || []).map(u => u.user) }))
      .catch(() => setOpts(o => o || { machines: [], users: [] }));
  }, [version]);
  const f = filter || { machine: '', user: '' };
  if (!opts) return null;
  const many = opts.machines.length > 1 || opts.users.length > 1;
  if (!many && !f.machine && !f.user) return null;
  const select = (name, value, values, set) => h('label', { class: 'filter' }, name + ' ',
    h('select', { name, value, onChange: e => set(e.target.value) },
      h('option', { value: '' }, 'everyone'),
      (values.includes(value) || !value ? values : [value, ...values]).map(v => h('option', { key: v, value: v }, v))));
  return h('div', { class: 'filter-bar', role: 'group', 'aria-label': 'filter' },
    select('machine', f.machine, opts.machines, v => onFilter(v, f.user)),
    select('person', f.user, opts.users, v => onFilter(f.machine, v)),
    f.machine || f.user ? h('button', { type: 'button', class: 'chip', onClick: () => onFilter('', '') }, 'clear') : null);
}

export function StatusPage({ data, error, now, onChanged, navigate, archiveOpen, onArchiveToggle, filter, onFilter, version }) {
  useEffect(() => {
    if (data && !window.__tjStatusMarked) {
      window.__tjStatusMarked = true;
      performance.mark('tj-status-rendered');
    }
  }, [data]);
  if (!data) {
    return h('main', { class: 'page' }, error
      ? h('div', { class: 'banner banner-error', role: 'alert' }, 'Can’t load status: ' + error + ' — retrying.')
      : h('p', { class: 'boot' }, 'Loading…'));
  }
  const tiles = (data.agents || []);
  const coding = tiles.filter(t => t.kind === 'coding');
  const archived = data.archived || [];
  const sdk = data.sdk_services || [];
  const framing = data.framing || {};
  const empty = tiles.length === 0 && archived.length === 0 && sdk.length === 0;
  const groups = groupTiles(coding);
  const active = coding.filter(t => t.status === 'active').length;
  const waiting = coding.filter(t => t.attention).length;
  const filtered = filter && (filter.machine || filter.user);
  return h('main', { class: 'page status-page', 'data-loaded': 'true' },
    error ? h('div', { class: 'banner banner-error', role: 'alert' }, 'Can’t refresh: ' + error + ' — showing the last data.') : null,
    onFilter ? h(FilterBar, { filter, onFilter, version }) : null,
    empty && filtered ? h('p', { class: 'quiet' }, 'Nothing from this machine or person.') : null,
    empty && !filtered ? h(EmptyState, null) : empty ? null : h(Fragment, null,
      h('section', { class: 'zone coding' },
        h('header', { class: 'zone-head' },
          h('h2', { class: 'zone-title' }, 'Coding sessions'),
          h('span', { class: 'zone-count' }, coding.length
            ? active + ' active · ' + (coding.length - active) + ' idle'
            : 'none live'),
          waiting ? h('span', { class: 'zone-waiting', title: 'Terminals whose agent waits for you (from Claude Code hooks)' },
            '⏸ ' + waiting + ' waiting for you') : null),
        framing.qualifier_text && coding.length
          ? h('p', { class: 'qualifier', title: 'display rule: ' + (framing.display_rule || '') }, withCode(framing.qualifier_text))
          : null,
        coding.length
          ? groups.map(([name, ts]) => h(ProjectGroup, { key: name, name, tiles: ts, framing, now, onChanged, navigate }))
          : h('p', { class: 'quiet' }, 'No live coding sessions right now.')),
      sdk.length ? h(SdkZone, { services: sdk, now }) : null,
      archived.length ? h(Archive, { rows: archived, open: archiveOpen, onToggle: onArchiveToggle, now }) : null));
}
