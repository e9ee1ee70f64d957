// #/team: spend and tokens by person, machine and project over a window, and every live session
// across machines. A person's money is framed by their own plan (a Max user's dollars are API value).
import { h } from 'preact';
import { useState, useEffect, useRef } from 'preact/hooks';
import { getJson } from './api.js';
import { Money, StatusDot, sessionHref } from './status.js';
import { compact, exactInt, ago, exactTime, shortId, combineModes } from './format.js';

export const WINDOWS = ['24h', '7d', '30d', 'all'];

/** GET path again whenever it or version changes; a later answer never loses to an earlier one. */
export function useTeam(path, version) {
  const [state, setState] = useState({});
  const seq = useRef(0);
  const alive = useRef(true);
  useEffect(() => () => { alive.current = false; }, []);
  useEffect(() => {
    const my = ++seq.current;
    getJson(path)
      .then(data => { if (alive.current && my === seq.current) setState({ data }); })
      .catch(e => {
        if (alive.current && my === seq.current) setState(s => (s.data ? { ...s, stale: e.message || String(e) } : { error: e.message || String(e) }));
      });
  }, [path, version]);
  return state;
}

function tokens(r) {
  return h('span', { title: exactInt(r.input_tokens) + ' in · ' + exactInt(r.output_tokens) + ' out · '
    + exactInt(r.cache_read_tokens) + ' cache read · ' + exactInt(r.cache_write_tokens) + ' cache write' }, compact(r.total_tokens));
}

function listOf(xs) {
  const shown = (xs || []).slice(0, 3).join(', ');
  return (xs || []).length > 3 ? shown + ' +' + (xs.length - 3) : shown;
}

function Table({ cls, head, rows }) {
  return h('table', { class: 'tbl ' + cls },
    h('thead', null, h('tr', null, head.map(([c, num]) => h('th', { key: c, class: num ? 'num' : '' }, c)))),
    h('tbody', null, rows));
}

function People({ users }) {
  return h(Table, {
    cls: 'team-users', head: [['person'], ['spend', 1], ['tokens', 1], ['sessions', 1], ['machines'], ['plan']],
    rows: users.map(u => {
      const f = u.framing || {};
      return h('tr', { key: u.user, 'data-user': u.user },
        h('td', { class: 'mono' }, u.user),
        h('td', { class: 'num' }, h(Money, { value: u.cost_usd, mode: f.pricing_mode || 'unknown', framing: f })),
        h('td', { class: 'num' }, tokens(u)),
        h('td', { class: 'num' }, exactInt(u.sessions)),
        h('td', { title: (u.machines || []).join(', ') }, listOf(u.machines)),
        h('td', { title: f.qualifier_text || '' }, f.plan_tier || f.pricing_mode || '—'));
    }),
  });
}

/** The billing mode of what these people ran: theirs when all alike, else mixed. */
function modeOfPeople(names, modes) {
  const ms = (names || []).map(n => modes.get(n) || 'unknown');
  return ms.length ? combineModes(ms) : 'unknown';
}

function Machines({ machines, modes }) {
  return h(Table, {
    cls: 'team-machines', head: [['machine'], ['spend', 1], ['tokens', 1], ['sessions', 1], ['people']],
    rows: machines.map(m => h('tr', { key: m.machine, 'data-machine': m.machine },
      h('td', { class: 'mono' }, m.machine),
      h('td', { class: 'num' }, h(Money, { value: m.cost_usd, mode: modeOfPeople(m.users, modes) })),
      h('td', { class: 'num' }, tokens(m)),
      h('td', { class: 'num' }, exactInt(m.sessions)),
      h('td', { title: (m.users || []).join(', ') }, listOf(m.users)))),
  });
}

function Projects({ projects, mode }) {
  return h(Table, {
    cls: 'team-projects', head: [['project'], ['spend', 1], ['tokens', 1]],
    rows: projects.map(p => h('tr', { key: p.project, 'data-project': p.project },
      h('td', null, p.project),
      h('td', { class: 'num' }, h(Money, { value: p.cost_usd, mode })),
      h('td', { class: 'num' }, tokens(p)))),
  });
}

function Live({ live, now }) {
  if (!live.length) return h('p', { class: 'quiet' }, 'No live sessions on any machine right now.');
  return h(Table, {
    cls: 'team-live', head: [['status'], ['session'], ['machine'], ['person'], ['project'], ['cost', 1], ['last seen']],
    rows: live.map(s => h('tr', { key: s.session_id, 'data-session-id': s.session_id },
      h('td', null, h(StatusDot, { status: s.status }), s.attention ? h('span', { class: 'zone-waiting', title: 'waits for its user' }, ' ⏸') : null),
      h('td', null, h('a', { href: sessionHref(s.session_id), title: s.session_id }, s.label || s.agent_id || shortId(s.session_id)),
        h('span', { class: 'sid' }, ' ' + shortId(s.session_id))),
      h('td', { class: 'mono' }, s.machine || '—'),
      h('td', { class: 'mono' }, s.user || '—'),
      h('td', null, s.project || '—'),
      h('td', { class: 'num' }, h(Money, { value: s.total_cost_usd, mode: s.pricing_mode || 'unknown' })),
      h('td', { title: exactTime(s.last_span_time) }, ago(s.last_span_time, now)))),
  });
}

export function TeamPage({ now, version, windowKey, onWindow }) {
  const st = useTeam('/api/v1/team?since=' + encodeURIComponent(windowKey), version);
  const picker = h('div', { class: 'team-windows', role: 'group', 'aria-label': 'window' },
    WINDOWS.map(w => h('button', {
      key: w, type: 'button', class: 'chip' + (w === windowKey ? ' active' : ''), 'aria-pressed': w === windowKey ? 'true' : 'false',
      'data-window': w, onClick: () => onWindow(w),
    }, w === 'all' ? 'all time' : 'last ' + w)));
  const head = h('header', { class: 'zone-head' }, h('h2', { class: 'detail-title' }, 'Team'), picker);
  if (st.error) return h('main', { class: 'page team-page' }, head, h('div', { class: 'banner banner-error', role: 'alert' }, 'Can’t load the team view: ' + st.error));
  if (!st.data) return h('main', { class: 'page team-page' }, head, h('p', { class: 'boot' }, 'Loading…'));
  const d = st.data;
  const t = d.totals || {};
  const modes = new Map((d.users || []).map(u => [u.user, (u.framing && u.framing.pricing_mode) || 'unknown']));
  const allMode = modeOfPeople([...modes.keys()], modes);
  return h('main', { class: 'page team-page', 'data-loaded': 'true', 'data-window': windowKey }, head,
    st.stale ? h('p', { class: 'stale-note', role: 'status' }, 'Refresh failed — showing the last data loaded.') : null,
    h('div', { class: 'sum-cards' },
      h('section', { class: 'sum-card', 'data-card': 'people' }, h('h3', null, 'People'), h('span', { class: 'big' }, exactInt((d.users || []).length))),
      h('section', { class: 'sum-card', 'data-card': 'machines' }, h('h3', null, 'Machines'), h('span', { class: 'big' }, exactInt((d.machines || []).length))),
      h('section', { class: 'sum-card', 'data-card': 'live' }, h('h3', null, 'Live sessions'), h('span', { class: 'big' }, exactInt((d.live || []).length))),
      h('section', { class: 'sum-card', 'data-card': 'tokens' }, h('h3', null, 'Tokens'), h('span', { class: 'big', title: exactInt(t.total_tokens) }, compact(t.total_tokens))),
      h('section', { class: 'sum-card', 'data-card': 'spend' }, h('h3', null, 'Spend'), h(Money, { value: t.cost_usd, mode: allMode }))),
    h('h3', { class: 'section-title' }, 'Live sessions across machines'),
    h(Live, { live: d.live || [], now }),
    h('h3', { class: 'section-title' }, 'By person'),
    (d.users || []).length ? h(People, { users: d.users }) : h('p', { class: 'quiet' }, 'Nothing stored in this window.'),
    h('h3', { class: 'section-title' }, 'By machine'),
    (d.machines || []).length ? h(Machines, { machines: d.machines, modes }) : h('p', { class: 'quiet' }, 'Nothing stored in this window.'),
    h('h3', { class: 'section-title' }, 'By project'),
    (d.projects || []).length ? h(Projects, { projects: d.projects, mode: allMode }) : h('p', { class: 'quiet' }, 'Nothing stored in this window.'),
    h('p', { class: 'quiet small' }, 'Machine and person come from each record (', h('code', null, 'host.name'), ', ', h('code', null, 'user.email'),
      '), else from the ingest token that sent it, else from the sending tj’s ', h('code', null, '[machine]'), ' settings.'));
}
