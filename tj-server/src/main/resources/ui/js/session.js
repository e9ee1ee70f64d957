// #/sessions/<id>: a minimal session detail until the full drill-down lands.
import { h } from 'preact';
import { useState, useEffect } from 'preact/hooks';
import { getJson } from './api.js';
import { compact, exactInt, usd, exactUsd, duration, exactDuration, ago, exactTime, shortId } from './format.js';

function Row({ k, v, title }) {
  return h('div', { class: 'kv', title }, h('dt', null, k), h('dd', null, v));
}

export function SessionPage({ id, now, version }) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let gone = false;
    getJson('/api/v1/sessions/' + encodeURIComponent(id))
      .then(d => { if (!gone) setState({ data: d }); })
      .catch(e => { if (!gone) setState({ error: e.status === 404 ? 'not-found' : (e.message || String(e)) }); });
    return () => { gone = true; };
  }, [id, version]);

  const back = h('a', { class: 'back', href: '#/status' }, '← Status');
  if (state.error === 'not-found') {
    return h('main', { class: 'page session-page' }, back, h('h2', null, 'Session ' + id),
      h('p', { class: 'quiet' }, 'No session with this id is stored.'));
  }
  if (state.error) {
    return h('main', { class: 'page session-page' }, back, h('h2', null, 'Session ' + id),
      h('div', { class: 'banner banner-error', role: 'alert' }, 'Can’t load this session: ' + state.error));
  }
  const s = state.data && (state.data.session || state.data);
  if (!s) return h('main', { class: 'page session-page' }, back, h('h2', null, 'Session ' + id), h('p', { class: 'boot' }, 'Loading…'));
  const name = s.label || s.agent_id;
  return h('main', { class: 'page session-page', 'data-session-id': id },
    back,
    h('h2', { class: 'detail-title' }, 'Session ', h('span', { class: 'sid', title: id }, shortId(id)), name ? ' · ' : '', name || ''),
    h('dl', { class: 'detail' },
      h(Row, { k: 'Session id', v: id }),
      h(Row, { k: 'Agent', v: s.agent_id || '—' }),
      h(Row, { k: 'Project', v: s.namespace || 'Ungrouped' }),
      h(Row, { k: 'Status', v: s.status || '—' }),
      h(Row, { k: 'Started', v: ago(s.started_at, now), title: exactTime(s.started_at) }),
      h(Row, { k: 'Last seen', v: ago(s.last_span_time || s.started_at, now), title: exactTime(s.last_span_time) }),
      h(Row, { k: 'Wall time', v: duration(s.duration_seconds), title: exactDuration(s.duration_seconds) }),
      h(Row, { k: 'Input tokens', v: compact(s.input_tokens), title: exactInt(s.input_tokens) }),
      h(Row, { k: 'Output tokens', v: compact(s.output_tokens), title: exactInt(s.output_tokens) }),
      h(Row, { k: 'Cache read', v: compact(s.cache_tokens != null ? s.cache_tokens : s.cache_read_tokens), title: exactInt(s.cache_tokens != null ? s.cache_tokens : s.cache_read_tokens) }),
      h(Row, { k: 'Tool calls', v: compact(s.tool_call_count), title: exactInt(s.tool_call_count) }),
      h(Row, { k: 'Errors', v: compact(s.error_count), title: exactInt(s.error_count) }),
      h(Row, { k: 'Cost at API prices', v: usd(s.total_cost_usd), title: exactUsd(s.total_cost_usd) }),
      s.plan_tier ? h(Row, { k: 'Plan', v: s.plan_tier + (s.pricing_mode ? ' (' + s.pricing_mode + ')' : '') }) : null,
      s.run_id ? h(Row, { k: 'Run', v: s.run_id }) : null),
    h('p', { class: 'quiet' }, 'The full session drill-down (timeline, tools, traces) is on its way.'));
}
