// The Timeline tab: the session's story, newest step first, one line per step; a click opens the
// narration, a disclosure opens a subagent's own steps. Transcript text is only ever a text child.
import { h, Fragment } from 'preact';
import { useState, useEffect } from 'preact/hooks';
import { exactTime } from '../format.js';

const CAP_WHY = {
  missing: 'its transcript file is missing',
  cycle: 'it is already in the tree above (a cycle)',
  depth_capped: 'the Timeline expands at most 3 levels of subagents',
  budget_capped: 'the shared budget of steps for nested stories is spent',
};

export function clock(iso) {
  const t = Date.parse(iso || '');
  if (isNaN(t)) return '';
  return new Date(t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function firstLine(s) {
  if (!s) return '';
  const t = s.trim();
  const i = t.indexOf('\n');
  return i < 0 ? t : t.slice(0, i);
}

function plural(n, one, many) {
  return n + ' ' + (n === 1 ? one : (many || one + 's'));
}

function capOf(sub) {
  for (const k of ['missing', 'cycle', 'depth_capped', 'budget_capped']) if (sub[k]) return k;
  return null;
}

/** What the story could not read, as one sentence, or null. */
export function skippedText(skipped) {
  if (!skipped) return null;
  const parts = [];
  const add = (k, one, many) => { if (skipped[k] > 0) parts.push(plural(skipped[k], one, many)); };
  add('unparseable_lines', 'unparseable line');
  add('non_object_lines', 'non-object line');
  add('partial_tail_bytes', 'byte of a line still being written', 'bytes of a line still being written');
  add('unknown_records', 'bookkeeping record');
  add('missing_subagents', 'missing subagent file');
  add('replayed_records', 'record a fork replayed', 'records forks replayed');
  add('resumed_copies', 'copied record of a resumed session', 'copied records of a resumed session');
  add('unreadable_files', 'unreadable file');
  return parts.length ? 'Not shown: ' + parts.join(', ') + '.' : null;
}

export function SnapshotNotice({ data }) {
  if (!data || !data.from_snapshot) return null;
  return h('p', { class: 'notice snapshot-notice', role: 'note' },
    'From snapshot: this session’s transcript is gone, so this is the story tj kept when the session closed'
    + ' or was backfilled. Details read later from the transcript may be missing.');
}

function CapsNotice({ story }) {
  const c = story.caps || {};
  const items = [];
  if (story.truncated) items.push('The story was cut: the first 350 and last 50 of ' + story.step_count + ' steps are shown.');
  if (c.depth_capped > 0) items.push(plural(c.depth_capped, 'subagent') + ' not expanded: deeper than ' + c.max_depth + ' levels.');
  if (c.budget_capped > 0) items.push(plural(c.budget_capped, 'subagent') + ' not expanded: the budget of ' + c.step_budget + ' nested steps is spent.');
  if (c.cycles > 0) items.push(plural(c.cycles, 'subagent') + ' not expanded: already in the tree (cycle).');
  if (c.truncated_stories > 0) items.push(plural(c.truncated_stories, 'nested story', 'nested stories') + ' cut to the first and last steps.');
  const sk = skippedText(story.skipped);
  if (sk) items.push(sk);
  if (!items.length) return null;
  return h('ul', { class: 'notice caps-notice', role: 'note' }, items.map((t, i) => h('li', { key: i }, t)));
}

function ToolChip({ t }) {
  return h('span', { class: 'tool tool-' + (t.status === 'error' ? 'error' : 'ok'), title: t.name + (t.label ? ': ' + t.label : '') + ' — ' + t.status },
    h('span', { class: 'tool-name' }, t.name), t.label ? h('span', { class: 'tool-label' }, t.label) : null);
}

function SubagentDisclosure({ sub, depth }) {
  const [open, setOpen] = useState(false);
  const cap = capOf(sub);
  const head = [sub.agent_type, sub.fork && sub.agent_type !== 'fork' ? 'fork' : null, sub.background ? 'background' : null,
    cap ? null : plural(sub.step_count || 0, 'step'), sub.status].filter(Boolean).join(' · ');
  if (cap) {
    return h('div', { class: 'subagent subagent-capped', 'data-agent-id': sub.agent_id, 'data-cap': cap },
      h('span', { class: 'sub-name' }, '⤷ ' + (sub.name || sub.agent_id || 'subagent')),
      h('span', { class: 'sub-meta' }, head),
      h('span', { class: 'cap-note' }, 'not expanded: ' + CAP_WHY[cap]));
  }
  return h('div', { class: 'subagent' + (open ? ' open' : ''), 'data-agent-id': sub.agent_id },
    h('button', {
      type: 'button', class: 'sub-toggle', 'aria-expanded': open ? 'true' : 'false',
      onClick: (e) => { e.stopPropagation(); setOpen(!open); },
      title: 'Subagent ' + (sub.agent_id || '') + (sub.task ? ' — task: ' + sub.task : ''),
    }, h('span', { class: 'chev', 'aria-hidden': 'true' }, open ? '▾' : '▸'),
    h('span', { class: 'sub-name' }, sub.name || sub.agent_id || 'subagent'),
    h('span', { class: 'sub-meta' }, head)),
    open ? h('div', { class: 'nested' },
      sub.task ? h('p', { class: 'sub-task' }, h('b', null, 'Task: '), sub.task) : null,
      sub.truncated ? h('p', { class: 'notice' }, 'This subagent’s story was cut to its first and last steps.') : null,
      sub.replayed_records > 0 ? h('p', { class: 'quiet small' }, plural(sub.replayed_records, 'record') + ' replayed from the parent are not shown twice.') : null,
      h(StepList, { steps: sub.steps || [], depth: depth + 1 })) : null);
}

function StepRow({ step, showModel, depth }) {
  const [open, setOpen] = useState(false);
  const tools = step.tools || [];
  const subs = step.subagent ? [step.subagent] : (step.subagents || []);
  const line = firstLine(step.text);
  const cls = 'step' + (step.is_error ? ' step-error' : '') + (step.is_retry ? ' step-retry' : '') + (open ? ' open' : '');
  const hasMore = (step.text && (step.text.trim() !== line || line.length > 120)) || tools.length > 0;
  return h('li', { class: cls, 'data-n': step.n, 'data-depth': depth },
    h('button', {
      type: 'button', class: 'step-line', 'aria-expanded': open ? 'true' : 'false',
      onClick: () => setOpen(!open), title: hasMore ? 'Show the step' : undefined,
    },
      h('span', { class: 'step-n' }, '#' + step.n),
      h('span', { class: 'step-t', title: exactTime(step.ts) }, clock(step.ts)),
      step.is_retry ? h('span', { class: 'retry', title: 'Retry: the previous step ran the same tools and failed' }, '↻') : null,
      step.is_error ? h('span', { class: 'err-mark', title: 'A tool of this step failed' }, '✕') : null,
      showModel && step.model ? h('span', { class: 'model-chip', title: 'Model from here on' }, step.model) : null,
      line ? h('span', { class: 'step-text' }, line) : null,
      tools.length ? h('span', { class: 'step-tools' }, tools.slice(0, 3).map((t, i) => h(ToolChip, { key: i, t })),
        tools.length > 3 ? h('span', { class: 'more-tools' }, '+' + (tools.length - 3)) : null) : null),
    open ? h('div', { class: 'step-body' },
      step.text ? h('div', { class: 'narration' }, step.text) : h('p', { class: 'quiet small' }, 'No narration: tools only.'),
      step.text_truncated ? h('p', { class: 'quiet small' }, 'Narration cut at 100,000 characters.') : null,
      tools.length ? h('ul', { class: 'tool-list' }, tools.map((t, i) => h('li', { key: i, class: t.status === 'error' ? 'bad' : '' },
        h('span', { class: 'tool-name' }, t.name), ' ', h('span', { class: 'tool-label' }, t.label || ''), ' — ', t.status))) : null) : null,
    subs.map((s, i) => h(SubagentDisclosure, { key: s.agent_id || i, sub: s, depth })));
}

/** Rows drawn at first in the session's own list; older ones come with a click (a big session draws fast). */
const FIRST_ROWS = 100;

/** Steps newest first; a model chip where the model differs from the step before it in time. */
function StepList({ steps, depth }) {
  const [all, setAll] = useState(false);
  const rows = [];
  let prevModel = null;
  const withModel = steps.map(s => {
    if (s.omitted != null) return { s, show: false };
    const show = !!s.model && s.model !== prevModel;
    if (s.model) prevModel = s.model;
    return { s, show };
  });
  for (let i = withModel.length - 1; i >= 0; i--) {
    const { s, show } = withModel[i];
    if (s.omitted != null) {
      rows.push(h('li', { key: 'o' + i, class: 'omitted', role: 'note' },
        '⋯ ' + plural(s.omitted, 'step') + ' omitted here (the story keeps the first 350 and the last 50)'));
      continue;
    }
    rows.push(h(StepRow, { key: 's' + s.n + ':' + i, step: s, showModel: show, depth }));
    if (s.ask) rows.push(h('li', { key: 'a' + i, class: 'ask', 'data-depth': depth },
      h('span', { class: 'ask-who' }, 'prompt'), h('span', { class: 'ask-text' }, s.ask)));
  }
  if (!rows.length) return h('p', { class: 'quiet small' }, 'No steps.');
  const cut = depth === 0 && !all && rows.length > FIRST_ROWS;
  return h(Fragment, null,
    h('ol', { class: 'steps', 'data-depth': depth }, cut ? rows.slice(0, FIRST_ROWS) : rows),
    cut ? h('button', { type: 'button', class: 'more-steps', onClick: () => setAll(true) },
      'Show the ' + (rows.length - FIRST_ROWS) + ' older rows') : null);
}

export function Timeline({ story, subagentsPending }) {
  useEffect(() => {
    if (story && !window.__tjTimelineMarked) {
      window.__tjTimelineMarked = true;
      performance.mark('tj-session-timeline');
    }
  }, [story]);
  const steps = story.steps || [];
  const real = steps.filter(s => s.omitted == null);
  const errors = real.filter(s => s.is_error).length;
  const retries = real.filter(s => s.is_retry).length;
  return h('div', { class: 'timeline', 'data-step-count': story.step_count },
    h(SnapshotNotice, { data: story }),
    h('div', { class: 'tl-head' },
      h('span', { class: 'tl-count' }, plural(story.step_count || 0, 'step')),
      errors ? h('span', { class: 'tl-err' }, plural(errors, 'failed step')) : null,
      retries ? h('span', { class: 'tl-retry' }, '↻ ' + plural(retries, 'retry', 'retries')) : null,
      story.task ? h('span', { class: 'tl-task', title: story.task }, h('b', null, 'Task: '), story.task) : null),
    h(CapsNotice, { story }),
    subagentsPending ? h('p', { class: 'notice subagents-pending', role: 'status' }, 'Reading the subagents’ steps…') : null,
    h(StepList, { steps, depth: 0 }),
    story.outcome ? h('p', { class: 'tl-outcome quiet small' }, h('b', null, 'Last words: '), story.outcome) : null);
}

