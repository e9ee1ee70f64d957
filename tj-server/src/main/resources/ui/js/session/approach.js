// The Approach tab: the delegation rail (who did the work, what it cost, how much tj holds of it)
// and the method spine (act / delegate / verify / dead end, each in the agent's words or described
// from its tools).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { compact, exactInt, usd, exactUsd, shortId } from '../format.js';
import { SnapshotNotice } from './timeline.js';

const KIND = { act: 'act', delegate: 'delegate', verify: 'verify', dead_end: 'dead end' };
const PROVENANCE = {
  main_session: 'this session',
  in_session_subagent: 'subagent',
  cross_terminal_child: 'child session',
};
const COMPLETENESS = {
  full: 'tj holds its whole story',
  partial: 'part of its story is cut, capped or skipped below it',
  'session-level': 'totals only: not expanded or no transcript',
};

function Completeness({ c }) {
  if (!c) return null;
  return h('span', { class: 'cc cc-' + c, title: COMPLETENESS[c] || c }, c);
}

function Rail({ agents }) {
  return h('ol', { class: 'rail' }, agents.map((a, i) => h('li', {
    key: i, class: 'rail-node prov-' + a.provenance + ' st-' + a.status, 'data-depth': a.depth,
    style: { paddingLeft: (8 + 18 * (a.depth || 0)) + 'px' },
  },
    h('span', { class: 'rail-name', title: a.agent_id || a.session_id || '' },
      a.provenance === 'cross_terminal_child' && a.session_id
        ? h('a', { href: '#/sessions/' + encodeURIComponent(a.session_id) }, a.name || shortId(a.session_id))
        : (a.depth ? '⤷ ' : '') + (a.name || a.agent_id || '')),
    h('span', { class: 'rail-prov' }, PROVENANCE[a.provenance] || a.provenance),
    h('span', { class: 'rail-status' }, a.status || ''),
    h('span', { class: 'rail-cost', title: a.cost_usd == null ? 'no spans stored for it' : exactUsd(a.cost_usd) }, a.cost_usd == null ? '—' : usd(a.cost_usd)),
    h('span', { class: 'rail-tok', title: a.tokens == null ? '' : exactInt(a.tokens) + ' tokens' }, a.tokens == null ? '' : compact(a.tokens) + ' tok'),
    h(Completeness, { c: a.capture_completeness }))));
}

function Delegation({ d }) {
  const [open, setOpen] = useState(false);
  const spine = d.spine || [];
  const head = [d.status, d.cost_usd == null ? null : usd(d.cost_usd), d.tokens == null ? null : compact(d.tokens) + ' tok',
    d.capped ? 'not expanded: ' + d.capped : spine.length + ' moves'].filter(Boolean).join(' · ');
  const flags = d.flags || [];
  return h('div', { class: 'delegation st-' + d.status, 'data-agent-id': d.agent_id },
    h('button', { type: 'button', class: 'deleg-toggle', 'aria-expanded': open ? 'true' : 'false', disabled: !spine.length, onClick: () => setOpen(!open), title: d.task || '' },
      h('span', { class: 'chev', 'aria-hidden': 'true' }, spine.length ? (open ? '▾' : '▸') : '·'),
      h('span', { class: 'deleg-name' }, d.name || d.agent_id),
      h('span', { class: 'deleg-meta' }, head),
      flags.map(f => h('span', { key: f, class: 'flag', title: 'Right-sizing candidate (a heuristic, not a verdict)' }, f.replace('_', '-') + '?')),
      h(Completeness, { c: d.capture_completeness })),
    open ? h('div', { class: 'nested' }, d.task ? h('p', { class: 'sub-task' }, h('b', null, 'Task: '), d.task) : null,
      h(Spine, { moves: spine })) : null);
}

function Spine({ moves }) {
  return h('ol', { class: 'spine' }, moves.map((m, i) => h('li', {
    key: i, class: 'move move-' + m.kind + (m.failed ? ' failed' : ''), 'data-kind': m.kind,
  },
    h('span', { class: 'move-kind' }, KIND[m.kind] || m.kind),
    h('span', { class: 'move-label', title: m.quote || m.label }, m.label),
    m.is_retry ? h('span', { class: 'retry', title: 'Retry of a failed step' }, '↻') : null,
    m.failed ? h('span', { class: 'err-mark', title: 'The check failed' }, '✕') : null,
    h('span', { class: 'move-src src-' + m.source, title: m.source === 'agent_words' ? 'The agent’s own words' : 'Described from the tools it called' },
      m.source === 'agent_words' ? 'agent’s words' : 'structural'),
    (m.delegations || []).map((d, j) => h(Delegation, { key: j, d })))));
}

export function ApproachView({ approach: a }) {
  const c = a.counts || {};
  return h('div', { class: 'approach' },
    h(SnapshotNotice, { data: a }),
    h('div', { class: 'ap-head' },
      h('span', null, (c.moves || 0) + ' moves · ' + (c.delegations || 0) + ' delegations · ' + (c.verifies || 0) + ' checks · ' + (c.dead_ends || 0) + ' dead ends'),
      h('span', { class: 'quiet' }, 'what tj holds: '), h(Completeness, { c: a.capture_completeness })),
    a.task ? h('p', { class: 'ap-task' }, h('b', null, 'Task: '), a.task) : null,
    h('div', { class: 'ap-cols' },
      h('section', { class: 'ap-rail' }, h('h3', null, 'Delegation'), h(Rail, { agents: a.agents || [] })),
      h('section', { class: 'ap-spine' }, h('h3', null, 'Method'), h(Spine, { moves: a.spine || [] }))),
    a.outcome ? h('p', { class: 'quiet small' }, h('b', null, 'Outcome: '), a.outcome) : null);
}
