// The rollup's tabs: Models & context, Subagents (right-sizing candidates, never savings), Traces.
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { compact, exactInt, usd, exactUsd, duration, exactDuration, shortId, exactTime } from '../format.js';
import { clock } from './timeline.js';

function Num({ v, unit }) {
  return h('td', { class: 'num', title: exactInt(v) + (unit ? ' ' + unit : '') }, compact(v));
}

function Cost({ v }) {
  return h('td', { class: 'num', title: exactUsd(v) }, usd(v));
}

function AreaChart({ values, label }) {
  const W = 600, H = 90;
  const n = values.length;
  const max = Math.max(0, ...values);
  const x = i => (n <= 1 ? W / 2 : (i * W) / (n - 1));
  const y = v => (max <= 0 ? H - 1 : H - 1 - (v / max) * (H - 6));
  let d = '';
  values.forEach((v, i) => { d += (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1); });
  const area = n ? d + 'L' + x(n - 1).toFixed(1) + ' ' + H + 'L' + x(0).toFixed(1) + ' ' + H + 'Z' : '';
  return h('svg', { class: 'area-chart', viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none', role: 'img', 'aria-label': label },
    h('title', null, label),
    n ? h('path', { class: 'series-area', d: area }) : null,
    n ? h('path', { class: 'series-line', d, 'vector-effect': 'non-scaling-stroke' }) : null);
}

export function ModelsView({ roll }) {
  const mix = roll.model_mix || [];
  const ctx = roll.context_series || [];
  const occ = ctx.map(p => (p.input_tokens || 0) + (p.cache_tokens || 0) + (p.cache_write_tokens || 0));
  const peak = Math.max(0, ...occ);
  return h('div', { class: 'models' },
    mix.length ? h('table', { class: 'tbl model-mix' },
      h('thead', null, h('tr', null, ['model', 'calls', 'input', 'output', 'cache read', 'cache write', 'cost'].map(c => h('th', { key: c, class: c === 'model' ? '' : 'num' }, c)))),
      h('tbody', null, mix.map(m => h('tr', { key: m.model, 'data-model': m.model },
        h('td', { class: 'mono' }, m.model || 'unknown'),
        h(Num, { v: m.calls, unit: 'calls' }), h(Num, { v: m.input_tokens, unit: 'input tokens' }), h(Num, { v: m.output_tokens, unit: 'output tokens' }),
        h(Num, { v: m.cache_tokens, unit: 'cache read tokens' }), h(Num, { v: m.cache_write_tokens, unit: 'cache write tokens' }), h(Cost, { v: m.cost_usd })))))
      : h('p', { class: 'quiet empty-tab' }, 'No LLM calls are stored for this session.'),
    h('figure', { class: 'ctx-figure' },
      h('figcaption', null, 'Context per LLM call (input + cache read + cache write)',
        ctx.length ? h('span', { class: 'quiet small' }, ' · ' + ctx.length + ' points, peak ' + compact(peak) + ' tokens'
          + (ctx.length ? ', ' + clock(ctx[0].t) + '–' + clock(ctx[ctx.length - 1].t) : '')) : null),
      ctx.length ? h(AreaChart, { values: occ, label: 'Context tokens per call, peak ' + exactInt(peak) }) : h('p', { class: 'quiet small' }, 'No context series.')));
}

const FLAG_HELP = {
  over_powered: 'over-powered? An opus model for under 2,000 output tokens and at most 5 tool calls: a smaller model may have done.',
  over_provisioned: 'over-provisioned? At least 50,000 tokens of input and cache read for under 2,000 output tokens: it may have been handed more context than it used.',
};

export function SubagentsView({ roll, map }) {
  const s = roll.subagents || { rows: [] };
  const rows = s.rows || [];
  const names = new Map(((map && map.subagents) || []).map(x => [x.agent_id, x.name]));
  if (!rows.length) {
    return h('p', { class: 'quiet empty-tab' }, 'No subagent spans are stored for this session (live telemetry does not carry subagents; a backfill of the transcript does).');
  }
  return h('div', { class: 'subagents' },
    h('p', { class: 'sub-summary' }, rows.length + (rows.length === 1 ? ' subagent' : ' subagents') + ' · ' + usd(s.cost_usd) + ' · ' + compact(s.tokens) + ' tokens'
      + (s.flagged ? ' · ' + s.flagged + ' flagged as right-sizing candidates' : ' · none flagged')),
    s.caveat ? h('p', { class: 'caveat', role: 'note' }, s.caveat) : null,
    h('table', { class: 'tbl sub-table' },
      h('thead', null, h('tr', null, ['subagent', 'type', 'model', 'LLM calls', 'tools', 'tokens', 'cost', 'duration', 'candidate for'].map(c =>
        h('th', { key: c, class: ['subagent', 'type', 'model', 'candidate for'].includes(c) ? '' : 'num' }, c)))),
      h('tbody', null, rows.map(r => {
        const flags = r.flags || [];
        return h('tr', { key: r.sub_agent_id, 'data-agent-id': r.sub_agent_id, class: flags.length ? 'flagged' : '' },
          h('td', { title: r.sub_agent_id }, names.get(r.sub_agent_id) || shortId(r.sub_agent_id)),
          h('td', null, r.type || ''),
          h('td', { class: 'mono' }, r.model || ''),
          h(Num, { v: r.llm_calls, unit: 'LLM calls' }), h(Num, { v: r.tool_calls, unit: 'tool calls' }),
          h('td', { class: 'num', title: exactInt(r.input_tokens) + ' in · ' + exactInt(r.output_tokens) + ' out · ' + exactInt(r.cache_tokens) + ' cache read · ' + exactInt(r.cache_write_tokens) + ' cache write' }, compact(r.tokens)),
          h(Cost, { v: r.cost_usd }),
          h('td', { class: 'num', title: exactDuration(r.duration_seconds) }, duration(r.duration_seconds)),
          h('td', null, flags.length ? flags.map(f => h('span', { key: f, class: 'flag', 'data-flag': f, title: FLAG_HELP[f] || f }, f.replace('_', '-') + '?')) : h('span', { class: 'quiet' }, '—')));
      }))));
}

function isCoding(agentId) {
  return !!agentId && (agentId.startsWith('claude-code') || agentId.startsWith('codex'));
}

function depthOf(span, byId) {
  let d = 0, p = span.parent_span_id;
  const seen = new Set();
  while (p && byId.has(p) && !seen.has(p) && d < 20) { seen.add(p); d++; p = byId.get(p).parent_span_id; }
  return d;
}

function Waterfall({ spans }) {
  const byId = new Map(spans.map(s => [s.span_id, s]));
  const t = s => Date.parse(s.start_time);
  const e = s => { const v = Date.parse(s.end_time); return isNaN(v) ? t(s) : v; };
  const ordered = spans.slice().sort((a, b) => t(a) - t(b));
  const t0 = Math.min(...ordered.map(t)), t1 = Math.max(...ordered.map(e));
  const span = Math.max(1, t1 - t0);
  return h('ol', { class: 'waterfall' }, ordered.map(s => {
    const left = ((t(s) - t0) / span) * 100;
    const width = Math.max(0.4, ((e(s) - t(s)) / span) * 100);
    const d = depthOf(s, byId);
    const bad = s.status_code === 'error';
    return h('li', { key: s.span_id, class: 'wf-row' + (bad ? ' bad' : ''), 'data-span-id': s.span_id },
      h('span', { class: 'wf-name', style: { paddingLeft: (4 + d * 14) + 'px' }, title: s.name + (s.model ? ' · ' + s.model : '') + (s.tool_name ? ' · ' + s.tool_name : '') },
        s.tool_name || s.name),
      h('span', { class: 'wf-track' }, h('span', { class: 'wf-bar', style: { left: left + '%', width: width + '%' }, title: exactDuration((e(s) - t(s)) / 1000) + (s.cost_usd != null ? ' · ' + exactUsd(s.cost_usd) : '') })),
      h('span', { class: 'wf-ms' }, Math.round(e(s) - t(s)) + ' ms'));
  }));
}

export function TracesView({ roll }) {
  const traces = roll.traces || [];
  const agent = roll.session && roll.session.agent_id;
  const [sel, setSel] = useState(null);
  if (isCoding(agent) || !traces.length) {
    return h('p', { class: 'quiet empty-tab traces-empty' }, isCoding(agent)
      ? 'Traces are for SDK sessions. A ' + agent + ' session’s work is in its Timeline and Map.'
      : 'No traces are stored for this session.');
  }
  const chosen = traces.find(t => t.trace_id === sel) || traces[0];
  const spans = (roll.spans || []).filter(s => s.trace_id === chosen.trace_id);
  return h('div', { class: 'traces' },
    h('table', { class: 'tbl trace-list' },
      h('thead', null, h('tr', null, ['trace', 'started', 'spans', 'duration', 'cost', 'status'].map(c => h('th', { key: c, class: ['spans', 'duration', 'cost'].includes(c) ? 'num' : '' }, c)))),
      h('tbody', null, traces.map(t => h('tr', {
        key: t.trace_id, class: (t === chosen ? 'sel' : '') + (t.status_code === 'error' ? ' bad' : ''), 'data-trace-id': t.trace_id,
        tabIndex: 0, onClick: () => setSel(t.trace_id), onKeyDown: e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); setSel(t.trace_id); } },
      },
        h('td', { title: t.trace_id }, (t.name || '') + ' ', h('span', { class: 'sid' }, shortId(t.trace_id))),
        h('td', { title: exactTime(t.start_time) }, clock(t.start_time)),
        h(Num, { v: t.span_count, unit: 'spans' }),
        h('td', { class: 'num' }, Math.round(t.duration_ms || 0) + ' ms'),
        h(Cost, { v: t.cost_usd }),
        h('td', null, t.status_code || ''))))),
    spans.length ? h(Waterfall, { spans })
      : h('p', { class: 'quiet small' }, 'This trace’s spans are older than the newest 500 spans the page loads.'));
}
