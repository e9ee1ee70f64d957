// #/quota: the official 5-hour and weekly windows (from statusline snapshots), where they are heading,
// and which sessions, prompts, subagents and projects moved them. Readings are measured; the split
// between sessions is derived (by the implied API value of the calls between two readings).
import { h } from 'preact';
import { useTeam as useReport } from './team.js';
import { sessionHref } from './status.js';
import { compact, exactInt, exactTime, shortId, usd } from './format.js';

export const QUOTA_WINDOWS = ['five_hour', 'seven_day'];
export const RANGES = ['current', '24h', '7d'];
const NAMES = { five_hour: '5-hour window', seven_day: 'Weekly window', seven_day_opus: 'Weekly (Opus)', seven_day_sonnet: 'Weekly (Sonnet)' };

function windowName(n) {
  return NAMES[n] || n;
}

function until(iso, now) {
  if (!iso) return '—';
  let s = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hh = Math.floor(s / 3600); s -= hh * 3600;
  const m = Math.floor(s / 60);
  return d ? d + 'd ' + hh + 'h' : hh ? hh + 'h ' + m + 'm' : m + 'm';
}

function points(v) {
  return v == null ? '—' : (Math.round(v * 10) / 10).toFixed(1) + '%';
}

function WindowCard({ w, now }) {
  const warn = w.runs_out_before_reset;
  return h('section', { class: 'sum-card quota-card' + (warn ? ' quota-warn' : ''), 'data-window': w.name },
    h('h3', null, windowName(w.name)),
    h('span', { class: 'big', title: 'read ' + exactTime(w.reading_at) }, points(w.used_percentage)),
    h('div', { class: 'quota-meter', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': w.used_percentage },
      h('span', { style: 'width:' + Math.min(100, Math.max(0, w.used_percentage || 0)) + '%' })),
    h('p', { class: 'small' }, w.reset_since_reading
      ? 'Reset since the last reading — a fresh window'
      : 'resets in ' + until(w.resets_at, now) + (w.resets_at ? ' (' + exactTime(w.resets_at) + ')' : '')),
    w.burn_rate_per_hour != null
      ? h('p', { class: 'small', 'data-burn': w.burn_rate_per_hour }, 'burn ' + points(w.burn_rate_per_hour) + ' per hour · ' + points(w.projected_at_reset) + ' at reset')
      : null,
    warn ? h('p', { class: 'quota-out', role: 'status' }, '⚠ at this pace it runs out in ' + until(w.projected_exhaustion_at, now) + ', before the reset') : null);
}

const W = 720, H = 160, PAD = 24;

/** The window's used % over the range, with the sessions that drove each rise as bands behind it. */
function Chart({ series, bands, windowKey, from }) {
  const pts = (series || []).filter(p => p[windowKey] != null);
  if (!pts.length) return h('p', { class: 'quiet' }, 'No readings of this window in the range.');
  // from the range's start: the first reading's rise began there, not at the reading
  const t0 = Math.min(Date.parse(pts[0].at), from ? Date.parse(from) : Infinity);
  const t1 = Math.max(Date.parse(pts[pts.length - 1].at), t0 + 1);
  const x = t => PAD + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * (W - 2 * PAD);
  const y = v => H - PAD - (Math.min(100, Math.max(0, v)) / 100) * (H - 2 * PAD);
  let d = '';
  pts.forEach((p, i) => { d += (i ? 'L' : 'M') + x(Date.parse(p.at)).toFixed(1) + ' ' + y(p[windowKey]).toFixed(1); });
  const colors = new Map();
  const color = s => {
    if (!s) return 'quota-band-none';
    if (!colors.has(s)) colors.set(s, 'quota-band-' + (colors.size % 6));
    return colors.get(s);
  };
  return h('svg', { class: 'quota-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': windowName(windowKey) + ' over time' },
    [0, 50, 100].map(v => h('g', { key: 'g' + v },
      h('line', { class: 'quota-grid', x1: PAD, x2: W - PAD, y1: y(v), y2: y(v) }),
      h('text', { class: 'quota-axis', x: 2, y: y(v) + 4 }, v + '%'))),
    (bands || []).map((b, i) => {
      const bx = x(Date.parse(b.from)), bw = Math.max(1.5, x(Date.parse(b.to)) - bx);
      return h('rect', { key: 'b' + i, class: 'quota-band ' + color(b.session_id), x: bx, y: PAD, width: bw, height: H - 2 * PAD, 'data-session-id': b.session_id || '' },
        h('title', null, (b.session_id ? 'session ' + b.session_id : 'no stored call explains it') + ': +' + points(b.points)));
    }),
    h('path', { class: 'quota-line', d }),
    h('text', { class: 'quota-axis', x: PAD, y: H - 4 }, exactTime(new Date(t0).toISOString())),
    h('text', { class: 'quota-axis', x: W - PAD, y: H - 4, 'text-anchor': 'end' }, exactTime(pts[pts.length - 1].at)));
}

function Table({ cls, head, rows }) {
  return h('table', { class: 'tbl ' + cls },
    h('thead', null, h('tr', null, head.map(([c, num]) => h('th', { key: c, class: num ? 'num' : '' }, c)))),
    h('tbody', null, rows));
}

function sessionCell(id) {
  return id ? h('a', { href: sessionHref(id), title: id }, shortId(id)) : '—';
}

function Contributions({ rows, cls, keyName, label, withSession }) {
  if (!rows || !rows.length) return h('p', { class: 'quiet' }, 'Nothing attributed in this range.');
  const head = [[label], ...(withSession ? [['session']] : []), ['share', 1], ['tokens', 1], ['API value', 1], ['calls', 1]];
  return h(Table, {
    cls, head,
    rows: rows.slice(0, 15).map(r => h('tr', { key: r[keyName] + '|' + (r.session_id || ''), 'data-key': r[keyName] },
      h('td', { class: 'mono', title: r[keyName] }, keyName === 'session_id' ? sessionCell(r[keyName]) : keyName === 'project' ? r[keyName] : shortId(r[keyName])),
      ...(withSession ? [h('td', null, sessionCell(r.session_id))] : []),
      h('td', { class: 'num', 'data-points': r.points }, points(r.points)),
      h('td', { class: 'num', title: exactInt(r.tokens) }, compact(r.tokens)),
      h('td', { class: 'num' }, usd(r.cost_usd)),
      h('td', { class: 'num' }, exactInt(r.calls)))),
  });
}

export function QuotaPage({ now, version, windowKey, range, onChange }) {
  const path = '/api/v1/quota?window=' + encodeURIComponent(windowKey) + (range !== 'current' ? '&since=' + encodeURIComponent(range) : '');
  const st = useReport(path, version);
  const chips = (values, current, key, text) => h('div', { class: 'team-windows', role: 'group', 'aria-label': key },
    values.map(v => h('button', {
      key: v, type: 'button', class: 'chip' + (v === current ? ' active' : ''), 'aria-pressed': v === current ? 'true' : 'false',
      ['data-' + key]: v, onClick: () => onChange(key === 'window' ? v : windowKey, key === 'range' ? v : range),
    }, text(v))));
  const head = h('header', { class: 'zone-head' }, h('h2', { class: 'detail-title' }, 'Quota'),
    chips(QUOTA_WINDOWS, windowKey, 'window', windowName),
    chips(RANGES, range, 'range', r => (r === 'current' ? 'this window' : 'last ' + r)));
  if (st.error) return h('main', { class: 'page quota-page' }, head, h('div', { class: 'banner banner-error', role: 'alert' }, 'Can’t load quota: ' + st.error));
  if (!st.data) return h('main', { class: 'page quota-page' }, head, h('p', { class: 'boot' }, 'Loading…'));
  const d = st.data;
  if (!d.last_snapshot_at) {
    return h('main', { class: 'page quota-page', 'data-loaded': 'true', 'data-empty': 'true' }, head,
      h('p', { class: 'quiet' }, 'No statusline snapshots yet. Claude Code hands the official 5-hour and weekly windows to its statusline (subscription accounts only): run ',
        h('code', null, 'tj onboard'), ' to install ', h('code', null, 'tj statusline'), ', and this page fills in as you work.'));
  }
  const a = d.attribution;
  return h('main', { class: 'page quota-page', 'data-loaded': 'true', 'data-window': windowKey, 'data-range': range }, head,
    st.stale ? h('p', { class: 'stale-note', role: 'status' }, 'Refresh failed — showing the last data loaded.') : null,
    h('div', { class: 'sum-cards' },
      (d.windows || []).map(w => h(WindowCard, { key: w.name, w, now })),
      d.spend_limit ? h('section', { class: 'sum-card', 'data-card': 'spend-limit' }, h('h3', null, 'Spend limit' + (d.spend_limit.period ? ' (' + d.spend_limit.period + ')' : '')),
        h('span', { class: 'big' }, usd(d.spend_limit.used_usd) + ' / ' + usd(d.spend_limit.limit_usd))) : null),
    h('h3', { class: 'section-title' }, windowName(windowKey) + ' over time'),
    h(Chart, { series: d.series, bands: d.bands, windowKey, from: a && a.from }),
    a ? h('p', { class: 'small quota-summary', 'data-rise': a.rise_points },
      'Rose ' + points(a.rise_points) + (a.resets ? ' across ' + a.resets + ' reset' + (a.resets > 1 ? 's' : '') : '') + ' since ' + exactTime(a.from) + ': '
      + points(a.attributed_points) + ' attributed to stored calls'
      + (a.unattributed_points > 0 ? ', ' + points(a.unattributed_points) + ' not explained by any (another machine, claude.ai, or calls tj has not stored)' : '') + '.') : null,
    h('h3', { class: 'section-title' }, 'Top prompts by quota share'),
    h(Contributions, { rows: a && a.prompts, cls: 'quota-prompts', keyName: 'prompt_id', label: 'prompt', withSession: true }),
    h('h3', { class: 'section-title' }, 'Sessions'),
    h(Contributions, { rows: a && a.sessions, cls: 'quota-sessions', keyName: 'session_id', label: 'session' }),
    a && a.subagents && a.subagents.length ? h('h3', { class: 'section-title' }, 'Subagents') : null,
    a && a.subagents && a.subagents.length ? h(Contributions, { rows: a.subagents, cls: 'quota-subagents', keyName: 'sub_agent_id', label: 'subagent', withSession: true }) : null,
    h('h3', { class: 'section-title' }, 'Projects'),
    h(Contributions, { rows: a && a.projects, cls: 'quota-projects', keyName: 'project', label: 'project' }),
    h('p', { class: 'quiet small' }, 'Readings are Claude Code’s own (statusline ', h('code', null, 'rate_limits'),
      '). Shares are derived: each rise is split between the calls that finished between its two readings, by their implied API value. Projections assume the last hour’s pace holds.'));
}
