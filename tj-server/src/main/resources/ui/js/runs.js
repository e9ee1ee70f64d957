// #/runs and #/runs/<id>: sessions started with the same tokenjam.run_id, and one run's spawn tree.
import { h } from 'preact';
import { useState, useEffect, useRef } from 'preact/hooks';
import { getJson } from './api.js';
import { Money, StatusDot, sessionHref } from './status.js';
import { compact, exactInt, usd, exactUsd, duration, exactDuration, ago, exactTime, shortId } from './format.js';

export function runHref(id) {
  return '#/runs/' + encodeURIComponent(id);
}

/**
 * GET path again whenever version changes. A later answer never loses to an earlier one, and an
 * answer in flight is never dropped for a request that has not answered yet; a failed refresh keeps
 * the last good data (stale).
 */
function useJson(path, version) {
  const [state, setState] = useState({});
  const seq = useRef(0);
  const applied = useRef(0);
  const alive = useRef(true);
  useEffect(() => () => { alive.current = false; }, []);
  useEffect(() => {
    const my = ++seq.current;
    const apply = (f) => {
      if (!alive.current || my < applied.current) return;
      applied.current = my;
      setState(f);
    };
    getJson(path)
      .then(data => apply({ data }))
      .catch(e => apply(s => (s.data ? { ...s, stale: e.message || String(e) } : { error: e.message || String(e), status: e.status })));
  }, [path, version]);
  return state;
}

export function RunsPage({ now, version }) {
  const st = useJson('/api/v1/runs', version);
  const head = h('h2', { class: 'detail-title' }, 'Runs');
  if (st.error) return h('main', { class: 'page runs-page' }, head, h('div', { class: 'banner banner-error', role: 'alert' }, 'Can’t load runs: ' + st.error));
  if (!st.data) return h('main', { class: 'page runs-page' }, head, h('p', { class: 'boot' }, 'Loading…'));
  const runs = st.data.runs || [];
  return h('main', { class: 'page runs-page', 'data-loaded': 'true' }, head,
    h('p', { class: 'quiet small' }, 'A run is the set of sessions started with the same ', h('code', null, 'tokenjam.run_id'),
      ' resource attribute; a session launched by another names it in ', h('code', null, 'tokenjam.parent_session_id'), '.'),
    runs.length ? h('table', { class: 'tbl runs-table' },
      h('thead', null, h('tr', null, ['run', 'sessions', 'cost', 'input', 'output', 'started', 'last activity'].map(c =>
        h('th', { key: c, class: ['run', 'started', 'last activity'].includes(c) ? '' : 'num' }, c)))),
      h('tbody', null, runs.map(r => h('tr', { key: r.run_id, 'data-run-id': r.run_id },
        h('td', null, h('a', { href: runHref(r.run_id), title: r.run_id }, r.run_id)),
        h('td', { class: 'num' }, exactInt(r.session_count)),
        h('td', { class: 'num' }, h(Money, { value: r.total_cost_usd, mode: r.pricing_mode || 'unknown' })),
        h('td', { class: 'num', title: exactInt(r.input_tokens) }, compact(r.input_tokens)),
        h('td', { class: 'num', title: exactInt(r.output_tokens) }, compact(r.output_tokens)),
        h('td', { title: exactTime(r.started_at) }, ago(r.started_at, now)),
        h('td', { title: exactTime(r.last_activity) }, ago(r.last_activity, now))))))
      : h('p', { class: 'quiet empty-tab' }, 'No runs yet. Start sessions with OTEL_RESOURCE_ATTRIBUTES=tokenjam.run_id=<run> to group them.'));
}

function TreeNodes({ nodes, byId, depth, now }) {
  return nodes.map(n => {
    const s = byId.get(n.session_id) || { session_id: n.session_id };
    const name = s.label || s.agent_id || shortId(n.session_id);
    return [
      h('li', { key: n.session_id, class: 'run-node', 'data-session-id': n.session_id, 'data-depth': depth, style: { paddingLeft: (10 + depth * 28) + 'px' } },
        depth ? h('span', { class: 'tree-elbow', 'aria-hidden': 'true' }, '└ ') : null,
        h(StatusDot, { status: s.tier || s.status }),
        h('a', { class: 'run-node-name', href: sessionHref(n.session_id), title: 'Session ' + n.session_id }, name),
        h('span', { class: 'sid' }, shortId(n.session_id)),
        h('span', { class: 'run-node-agent' }, s.agent_id || ''),
        h('span', { class: 'run-node-tok', title: exactInt(s.input_tokens) + ' in / ' + exactInt(s.output_tokens) + ' out' }, compact(s.input_tokens) + ' in · ' + compact(s.output_tokens) + ' out'),
        h('span', { class: 'run-node-cost', title: exactUsd(s.total_cost_usd) }, usd(s.total_cost_usd)),
        h('span', { class: 'run-node-seen', title: exactTime(s.last_span_time) }, ago(s.last_span_time || s.started_at, now))),
      (n.children && n.children.length) ? TreeNodes({ nodes: n.children, byId, depth: depth + 1, now }) : null,
    ];
  });
}

export function RunPage({ id, now, version }) {
  const st = useJson('/api/v1/runs/' + encodeURIComponent(id), version);
  const back = h('a', { class: 'back', href: '#/runs' }, '← Runs');
  if (st.status === 404) {
    return h('main', { class: 'page run-page', 'data-state': 'not-found' }, back, h('h2', { class: 'detail-title' }, 'Run ' + id),
      h('p', { class: 'quiet not-found' }, 'No run with this id is stored.'));
  }
  if (st.error) return h('main', { class: 'page run-page' }, back, h('div', { class: 'banner banner-error', role: 'alert' }, 'Can’t load this run: ' + st.error));
  if (!st.data) return h('main', { class: 'page run-page' }, back, h('h2', { class: 'detail-title' }, 'Run ' + id), h('p', { class: 'boot' }, 'Loading…'));
  const r = st.data.run || {};
  const sessions = st.data.sessions || [];
  const byId = new Map(sessions.map(s => [s.session_id, s]));
  return h('main', { class: 'page run-page', 'data-loaded': 'true', 'data-run-id': id }, back,
    h('h2', { class: 'detail-title' }, 'Run ', h('span', { class: 'mono' }, id)),
    st.stale ? h('p', { class: 'stale-note', role: 'status' }, 'Refresh failed — showing the last data loaded.') : null,
    h('div', { class: 'sum-cards' },
      h('section', { class: 'sum-card', 'data-card': 'sessions' }, h('h3', null, 'Sessions'), h('span', { class: 'big' }, exactInt(r.session_count))),
      h('section', { class: 'sum-card', 'data-card': 'cost' }, h('h3', null, 'Cost'), h(Money, { value: r.total_cost_usd, mode: r.pricing_mode || 'unknown' })),
      h('section', { class: 'sum-card', 'data-card': 'tokens' }, h('h3', null, 'Tokens'),
        h('div', { class: 'sum-grid' },
          h('div', { class: 'sum-kv', title: exactInt(r.input_tokens) }, h('span', { class: 'k' }, 'input'), h('span', { class: 'v' }, compact(r.input_tokens))),
          h('div', { class: 'sum-kv', title: exactInt(r.output_tokens) }, h('span', { class: 'k' }, 'output'), h('span', { class: 'v' }, compact(r.output_tokens))),
          h('div', { class: 'sum-kv', title: exactInt(r.cache_tokens) }, h('span', { class: 'k' }, 'cache read'), h('span', { class: 'v' }, compact(r.cache_tokens))),
          h('div', { class: 'sum-kv', title: exactInt(r.cache_write_tokens) }, h('span', { class: 'k' }, 'cache write'), h('span', { class: 'v' }, compact(r.cache_write_tokens))))),
      h('section', { class: 'sum-card', 'data-card': 'tools' }, h('h3', null, 'Tools'),
        h('div', { class: 'sum-grid' },
          h('div', { class: 'sum-kv' }, h('span', { class: 'k' }, 'calls'), h('span', { class: 'v' }, compact(r.tool_call_count))),
          h('div', { class: 'sum-kv' + (r.error_count > 0 ? ' bad' : '') }, h('span', { class: 'k' }, 'errors'), h('span', { class: 'v' }, compact(r.error_count))))),
      h('section', { class: 'sum-card', 'data-card': 'time' }, h('h3', null, 'Time span'),
        h('span', { class: 'big', title: exactDuration(r.time_span_seconds) }, duration(r.time_span_seconds)),
        h('p', { class: 'sum-note', title: exactTime(r.started_at) }, 'started ' + ago(r.started_at, now)))),
    h('h3', { class: 'section-title' }, 'Sessions by who spawned whom'),
    h('ul', { class: 'run-tree' }, TreeNodes({ nodes: st.data.tree || [], byId, depth: 0, now })));
}
