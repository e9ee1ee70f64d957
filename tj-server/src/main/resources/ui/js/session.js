// #/sessions/<id>[/<tab>]: one session's header, pinned summary cards and the drill-in tabs.
// Everything read from a transcript or from telemetry is handed to Preact as a string child or an
// attribute value, so it is a text node, never markup.
import { h, Fragment } from 'preact';
import { useState, useEffect, useRef, useCallback } from 'preact/hooks';
import { getJson, postJson } from './api.js';
import { Money, StatusDot, LabelEditor, modeOf, sessionHref } from './status.js';
import { runHref } from './runs.js';
import { compact, exactInt, duration, exactDuration, ago, exactTime, shortId } from './format.js';
import { Timeline } from './session/timeline.js';
import { SessionMapView } from './session/map.js';
import { ApproachView } from './session/approach.js';
import { ModelsView, SubagentsView, TracesView } from './session/tables.js';

export const TABS = [
  { id: 'timeline', label: 'Timeline', needs: 'story' },
  { id: 'map', label: 'Map', needs: 'sessionmap' },
  { id: 'approach', label: 'Approach', needs: 'approach' },
  { id: 'models', label: 'Models & context', needs: null },
  { id: 'subagents', label: 'Subagents', needs: null },
  { id: 'traces', label: 'Traces', needs: null },
];

const ENDPOINT = {
  // the main thread alone: small and quick to build, shown while the full tree is read
  storyMain: '/story?subagents=false',
  story: '/story?subagents=true',
  sessionmap: '/sessionmap',
  approach: '/approach',
};

const LIVE_TIERS = new Set(['active', 'idle']);
const REFRESH_MS = 5000;

function base(id) {
  return '/api/v1/sessions/' + encodeURIComponent(id);
}

/** The command that resumes a session in its own client, or null when tj knows none. */
export function restoreCommand(agentId, id) {
  if (!agentId) return null;
  if (agentId.startsWith('codex')) return 'codex resume ' + id;
  if (agentId.startsWith('claude-code')) return 'claude --resume ' + id;
  return null;
}

/**
 * One resource of the page: {data, error, stale, loading}. A failed refresh keeps the last good
 * data and marks it stale; a failed first load is an error.
 */
function useResource() {
  const [state, setState] = useState({});
  const load = useCallback(async (key, path) => {
    setState(s => ({ ...s, [key]: { ...(s[key] || {}), loading: true } }));
    try {
      const data = await getJson(path);
      setState(s => ({ ...s, [key]: { data, error: null, stale: null, loading: false } }));
      return true;
    } catch (e) {
      const msg = e.message || String(e);
      setState(s => {
        const prev = s[key] || {};
        return prev.data
          ? { ...s, [key]: { ...prev, stale: msg, loading: false } }
          : { ...s, [key]: { error: msg, status: e.status, loading: false } };
      });
      return false;
    }
  }, []);
  return [state, load];
}

function RestoreButton({ agentId, id, namespace }) {
  const cmd = restoreCommand(agentId, id);
  const [copied, setCopied] = useState(false);
  const [fallback, setFallback] = useState(false);
  const field = useRef(null);
  useEffect(() => {
    if (fallback && field.current) {
      field.current.focus();
      field.current.select();
    }
  }, [fallback]);
  if (!cmd) return null;
  const where = agentId.startsWith('codex') ? 'Codex' : 'Claude Code';
  const tip = 'Copies “' + cmd + '”. Paste it into a terminal opened in the project folder'
    + (namespace ? ' (' + namespace + ')' : '') + ' to reopen this session in ' + where + '.';
  const copy = async () => {
    try {
      if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(cmd);
      setCopied(true);
      setFallback(false);
      setTimeout(() => setCopied(false), 2500);
    } catch (e) {
      setFallback(true); // refused or unavailable: show the command, selected, to copy by hand
    }
  };
  return h('span', { class: 'restore' },
    h('button', { type: 'button', class: 'btn restore-btn', title: tip, 'aria-label': 'Restore session: ' + tip, onClick: copy, 'data-command': cmd },
      copied ? '✓ Copied' : '⟲ Restore session'),
    fallback ? h('span', { class: 'restore-fallback' },
      h('input', {
        ref: field, class: 'restore-field', type: 'text', readOnly: true, value: cmd, size: Math.min(60, cmd.length + 2),
        'aria-label': 'Command to restore this session', onFocus: e => e.currentTarget.select(),
      }),
      h('span', { class: 'hint' }, 'Copy this (Ctrl/⌘+C) and paste it into a terminal in the project folder.')) : null);
}

function Header({ s, id, onChanged, onRenamed }) {
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const name = s.label || s.agent_id || shortId(id);
  const tier = s.tier || s.status;
  const save = async (value) => {
    const v = (value || '').trim();
    if (v === (s.label || '')) { setEditing(false); return; }
    setBusy(true);
    setError(null);
    try {
      await postJson(base(id) + '/label', { label: v });
      setEditing(false);
      onRenamed();
      if (onChanged) onChanged();
    } catch (e) {
      setError(e.message || String(e));
    } finally {
      setBusy(false);
    }
  };
  return h('header', { class: 'session-head' },
    h('div', { class: 'session-title' },
      h(StatusDot, { status: tier }),
      editing
        ? h(LabelEditor, { initial: s.label || '', onSave: save, onCancel: () => { setEditing(false); setError(null); }, busy, error })
        : h(Fragment, null,
          h('h2', { class: 'detail-title', title: name }, h('span', { class: 'title-name' }, name), ' ', h('span', { class: 'sid', title: 'Session ' + id }, shortId(id))),
          h('button', {
            class: 'icon-btn rename-btn', type: 'button', title: 'Rename', 'aria-label': 'Rename session ' + name,
            onClick: () => { setError(null); setEditing(true); },
          }, '✎')),
      h('span', { class: 'spacer' }),
      LIVE_TIERS.has(tier) ? null : h(RestoreButton, { agentId: s.agent_id, id, namespace: s.namespace })),
    h('dl', { class: 'session-facts' },
      h('div', null, h('dt', null, 'session'), h('dd', { class: 'sid-full', title: id }, id)),
      h('div', null, h('dt', null, 'agent'), h('dd', null, s.agent_id || '—')),
      h('div', null, h('dt', null, 'project'), h('dd', null, s.namespace || 'Ungrouped')),
      s.instance_id ? h('div', null, h('dt', null, 'terminal'), h('dd', null, s.instance_id)) : null,
      h('div', null, h('dt', null, 'started'), h('dd', { title: exactTime(s.started_at) }, ago(s.started_at))),
      s.run_id ? h('div', null, h('dt', null, 'run'), h('dd', null,
        h('a', { class: 'run-link', href: runHref(s.run_id), title: 'Run ' + s.run_id }, shortId(s.run_id)))) : null,
      s.parent_session_id ? h('div', null, h('dt', null, 'spawned by'), h('dd', null,
        h('a', { class: 'parent-link', href: sessionHref(s.parent_session_id), title: 'Session ' + s.parent_session_id }, shortId(s.parent_session_id)))) : null,
      s.quota_share && s.quota_share.five_hour != null ? h('div', { 'data-fact': 'quota-share' }, h('dt', null, '5-hour window'),
        h('dd', { title: 'Share of your current 5-hour window attributed to this session (derived from statusline readings)' },
          h('a', { href: '#/quota' }, (Math.round(s.quota_share.five_hour * 10) / 10).toFixed(1) + '% of the limit'))) : null));
}

function Card({ name, title, children, tip }) {
  return h('section', { class: 'sum-card', 'data-card': name, title: tip },
    h('h3', null, title), children);
}

function Kv({ k, v, tip, cls }) {
  return h('div', { class: 'sum-kv' + (cls ? ' ' + cls : ''), title: tip }, h('span', { class: 'k' }, k), h('span', { class: 'v' }, v));
}

function SummaryCards({ roll, map }) {
  const s = roll.session;
  const framing = roll.framing || {};
  const mode = modeOf(s, framing);
  const meta = map && map.available !== false && map.meta;
  // the wall clock less what the map's active axis collapsed (each idle gap over 5 min counts 30 s)
  const collapsed = meta ? Math.max(0, (meta.duration_s || 0) - (meta.active_duration_s || 0)) : 0;
  const active = meta && s.duration_seconds != null ? Math.max(0, s.duration_seconds - collapsed) : null;
  const activeTip = meta
    ? 'Active time: the wall clock with every idle gap over 5 minutes counted as 30 s (' + (meta.gaps || []).length
      + ' gaps, ' + exactDuration(collapsed) + ' collapsed).'
    : 'Active time comes from the session map.';
  return h('div', { class: 'sum-cards' },
    h(Card, { name: 'cost', title: 'Cost' },
      h(Money, { value: s.total_cost_usd, mode, framing }),
      framing.qualifier_text && mode !== 'api' ? h('p', { class: 'sum-note' }, framing.qualifier_text) : null,
      s.reported_cost_usd != null ? h('p', { class: 'sum-note' }, 'The agent reported ' + '$' + Number(s.reported_cost_usd).toFixed(4) + '.') : null),
    h(Card, { name: 'tokens', title: 'Tokens' },
      h('div', { class: 'sum-grid' },
        h(Kv, { k: 'input', v: compact(s.input_tokens), tip: exactInt(s.input_tokens) + ' input tokens' }),
        h(Kv, { k: 'output', v: compact(s.output_tokens), tip: exactInt(s.output_tokens) + ' output tokens' }),
        h(Kv, { k: 'cache read', v: compact(s.cache_read_tokens), tip: exactInt(s.cache_read_tokens) + ' cache read tokens' }),
        h(Kv, { k: 'cache write', v: compact(s.cache_write_tokens), tip: exactInt(s.cache_write_tokens) + ' cache write tokens' }))),
    h(Card, { name: 'tools', title: 'Tools' },
      h('div', { class: 'sum-grid' },
        h(Kv, { k: 'calls', v: compact(s.tool_call_count), tip: exactInt(s.tool_call_count) + ' tool calls' }),
        h(Kv, { k: 'errors', v: compact(s.error_count), tip: exactInt(s.error_count) + ' errors', cls: s.error_count > 0 ? 'bad' : '' }),
        h(Kv, { k: 'LLM calls', v: compact(roll.turn_count), tip: exactInt(roll.turn_count) + ' LLM calls' }))),
    h(Card, { name: 'duration', title: 'Duration' },
      h('div', { class: 'sum-grid' },
        h(Kv, { k: 'wall', v: duration(s.duration_seconds), tip: 'First to last activity: ' + exactDuration(s.duration_seconds) }),
        h(Kv, { k: 'active', v: meta ? duration(active) : '…', tip: activeTip + (meta ? ' Active: ' + exactDuration(active) : '') }))));
}

function Tabs({ id, tab }) {
  const refs = useRef({});
  const go = (t, focus) => {
    const href = sessionHref(id) + (t === 'timeline' ? '' : '/' + t);
    if (location.hash !== href) location.hash = href;
    if (focus && refs.current[t]) refs.current[t].focus();
  };
  const onKeyDown = (e) => {
    const i = TABS.findIndex(t => t.id === tab);
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = TABS.length - 1;
    if (j >= 0) { e.preventDefault(); go(TABS[j].id, true); }
  };
  return h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Session views', onKeyDown },
    TABS.map(t => h('button', {
      key: t.id, type: 'button', role: 'tab', id: 'tab-' + t.id, class: 'tab' + (t.id === tab ? ' active' : ''),
      'aria-selected': t.id === tab ? 'true' : 'false', 'aria-controls': 'panel-' + t.id, tabIndex: t.id === tab ? 0 : -1,
      'data-tab': t.id, ref: el => { refs.current[t.id] = el; }, onClick: () => go(t.id, false),
    }, t.label)));
}

function Panel({ tab, res, roll }) {
  const t = TABS.find(x => x.id === tab);
  let r = t.needs ? res[t.needs] : null;
  // until the full tree is in, the main thread alone (the Timeline says its subagents are coming)
  const mainOnly = tab === 'timeline' && !(r && (r.data || r.error)) && res.storyMain && res.storyMain.data;
  if (mainOnly) r = res.storyMain;
  if (r && r.error && !r.data) {
    return h('div', { class: 'banner banner-error tab-error', role: 'alert' }, 'Can’t load this view: ' + r.error);
  }
  if (t.needs && !(r && r.data)) return h('p', { class: 'boot' }, 'Loading…');
  const data = r && r.data;
  if (data && data.available === false && tab !== 'map') {
    return h('p', { class: 'quiet unavailable' }, data.reason || 'No transcript for this session.');
  }
  switch (tab) {
    case 'timeline': return h(Timeline, { story: data, subagentsPending: !!mainOnly });
    case 'map': return h(SessionMapView, { map: data });
    case 'approach': return h(ApproachView, { approach: data });
    case 'models': return h(ModelsView, { roll });
    case 'subagents': return h(SubagentsView, { roll, map: res.sessionmap && res.sessionmap.data });
    case 'traces': return h(TracesView, { roll });
    default: return null;
  }
}

export function SessionPage({ id, tab, version, onChanged }) {
  const [res, load] = useResource();
  const [renamed, setRenamed] = useState(0);
  const lastRefresh = useRef(0);
  const pending = useRef(null);
  const tabRef = useRef(tab);
  tabRef.current = tab;

  const loadRollup = () => load('roll', base(id));
  const loadTab = (t) => {
    const needs = TABS.find(x => x.id === t).needs;
    if (needs) load(needs, base(id) + ENDPOINT[needs]);
  };

  // First load: the rollup and the Timeline's story in parallel; the map (for active time) once the
  // story is in, so a big transcript is read once and the map is built from the cached story.
  // The Timeline of a big session first shows its main thread alone, then its subagents nested.
  useEffect(() => {
    loadRollup();
    const first = TABS.find(x => x.id === tab).needs || 'story';
    const before = first === 'story' ? load('storyMain', base(id) + ENDPOINT.storyMain) : Promise.resolve(true);
    before.then(() => load(first, base(id) + ENDPOINT[first])).then((ok) => {
      if (ok && first !== 'sessionmap') load('sessionmap', base(id) + ENDPOINT.sessionmap);
    });
    return () => { if (pending.current) clearTimeout(pending.current); };
  }, [id]);

  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) { mounted.current = true; return; } // the first load above covers it
    const needs = TABS.find(x => x.id === tab).needs;
    if (needs && !res[needs]) loadTab(tab);
  }, [tab]);

  useEffect(() => { if (renamed) loadRollup(); }, [renamed]);

  // Live sessions follow the SSE stream (the app bumps `version` on every change), at most every 5 s.
  const roll = res.roll && res.roll.data;
  const tier = roll && roll.session && (roll.session.tier || roll.session.status);
  useEffect(() => {
    if (!version || !roll || !LIVE_TIERS.has(tier)) return;
    const run = () => {
      pending.current = null;
      lastRefresh.current = Date.now();
      loadRollup();
      loadTab(tabRef.current);
      if (tabRef.current !== 'map' && tabRef.current !== 'subagents') load('sessionmap', base(id) + ENDPOINT.sessionmap);
    };
    const wait = lastRefresh.current + REFRESH_MS - Date.now();
    if (wait <= 0) run();
    else if (!pending.current) pending.current = setTimeout(run, wait);
  }, [version]);

  const back = h('a', { class: 'back', href: '#/status' }, '← Status');
  const r = res.roll || {};
  if (r.error && r.status === 404) {
    return h('main', { class: 'page session-page', 'data-session-id': id, 'data-state': 'not-found' }, back,
      h('h2', { class: 'detail-title' }, 'Session ' + id),
      h('p', { class: 'quiet not-found' }, 'No session with this id is stored.'));
  }
  if (r.error && !r.data) {
    return h('main', { class: 'page session-page', 'data-state': 'error' }, back,
      h('h2', { class: 'detail-title' }, 'Session ' + id),
      h('div', { class: 'banner banner-error', role: 'alert' }, 'Can’t load this session: ' + r.error));
  }
  if (!roll) { // no data-session-id yet: whoever waits for it gets the header that stays
    return h('main', { class: 'page session-page', 'data-state': 'loading' }, back,
      h('h2', { class: 'detail-title' }, 'Session ' + shortId(id)), h('p', { class: 'boot' }, 'Loading…'));
  }
  const staleMsgs = Object.entries(res).filter(([, v]) => v && v.stale).map(([k, v]) => k + ': ' + v.stale);
  const map = res.sessionmap && res.sessionmap.data;
  return h('main', { class: 'page session-page', 'data-session-id': id, 'data-loaded': 'true' },
    back,
    h(Header, { s: roll.session, id, onChanged, onRenamed: () => setRenamed(n => n + 1) }),
    staleMsgs.length ? h('p', { class: 'stale-note', role: 'status', title: staleMsgs.join('\n') },
      'Refresh failed — showing the last data loaded.') : null,
    h(SummaryCards, { roll, map }),
    h(Tabs, { id, tab }),
    h('section', { class: 'tab-panel', role: 'tabpanel', id: 'panel-' + tab, 'aria-labelledby': 'tab-' + tab, 'data-panel': tab },
      h(Panel, { tab, res, roll })));
}
