// The Map tab: synchronized lanes on one x axis (phases, tool density by category, subagents in
// packed rows, context occupancy, cumulative cost), idle-break markers, an insights strip and the
// codebase territory. Hand-written SVG: every label is an SVG text child, never markup.
import { h } from 'preact';
import { useState, useEffect, useRef } from 'preact/hooks';
import { compact, exactInt, usd, exactUsd, duration, pct } from '../format.js';
import { clock, SnapshotNotice, skippedText } from './timeline.js';

export const CATEGORIES = ['read', 'search', 'edit', 'bash', 'task', 'web', 'other', 'error'];
const GUTTER = 96, RIGHT = 8, CHAR_W = 6.4;

function useWidth(ref, fallback) {
  const [w, setW] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = () => setW(Math.max(360, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return w;
}

/** Fits text into px pixels: the text, or a shortened one ending in …, or null when nothing useful fits. */
export function fitLabel(text, px) {
  const n = Math.floor(px / CHAR_W);
  if (!text || n < 4) return null;
  return text.length <= n ? text : text.slice(0, n - 1) + '…';
}

/** Rows of non-overlapping [x0, x1] windows, first fit in start order. */
export function packRows(items, minGap) {
  const ends = [];
  const placed = items.slice().sort((a, b) => a.x0 - b.x0).map(it => {
    let row = ends.findIndex(e => e + minGap <= it.x0);
    if (row < 0) { row = ends.length; ends.push(0); }
    ends[row] = Math.max(it.x1, it.x0 + 3);
    return { ...it, row };
  });
  return { placed, rows: ends.length };
}

function tsMs(iso) {
  const t = Date.parse(iso || '');
  return isNaN(t) ? null : t;
}

/** The x scale of both modes: steps (event ordinals) or the active-time axis. */
function scale(map, mode, W) {
  const events = map.events || [];
  const N = events.length;
  const P = W - GUTTER - RIGHT;
  const D = Math.max(1, (map.meta && map.meta.active_duration_s) || 1);
  const act = events.map(e => e.active_s || 0);
  // continuous ordinal of an active-axis time, interpolated between the events around it
  const ordAt = (a) => {
    if (!N) return 0;
    if (a <= act[0]) return 0;
    if (a >= act[N - 1]) return N - 1;
    let lo = 0, hi = N - 1;
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (act[mid] <= a) lo = mid; else hi = mid; }
    const span = act[hi] - act[lo];
    return lo + (span > 0 ? (a - act[lo]) / span : 0);
  };
  if (mode === 'time' || !N) {
    const xAct = a => GUTTER + Math.max(0, Math.min(D, a)) / D * P;
    return { P, N, D, step: N ? P / N : P, xAct, xOrd: o => xAct(N ? act[Math.max(0, Math.min(N - 1, Math.round(o)))] : 0) };
  }
  const xOrd = o => GUTTER + (o + 0.5) / N * P;
  return { P, N, D, step: P / N, xOrd, xAct: a => xOrd(ordAt(a)) };
}

function Lane({ y, h: hh, name, children, W }) {
  return h('g', { class: 'lane', 'data-lane': name, transform: 'translate(0,' + y + ')' },
    h('rect', { class: 'lane-bg', x: GUTTER, y: 0, width: W - GUTTER - RIGHT, height: hh }),
    h('text', { class: 'lane-name', x: 4, y: Math.min(14, hh - 3) }, name),
    children);
}

function Phases({ map, sc, W }) {
  const phases = map.phases || [];
  const half = sc.N ? sc.step / 2 : 0;
  return h(Lane, { y: 0, h: 22, name: 'phases', W },
    phases.length ? phases.map((p, i) => {
      const x0 = sc.xOrd(p.start_ordinal) - (sc.N && sc.step ? half : 0);
      const x1 = sc.xOrd(p.end_ordinal) + half;
      const w = Math.max(2, x1 - x0);
      const name = p.name || 'phase ' + (i + 1);
      const label = fitLabel(name, w - 6);
      return h('g', { key: i, class: 'phase phase-' + (i % 2) },
        h('rect', { x: x0, y: 2, width: w, height: 18, rx: 3 }, h('title', null, name)),
        label ? h('text', { x: x0 + 3, y: 15 }, label) : null);
    }) : h('text', { class: 'lane-empty', x: GUTTER + 6, y: 15 }, 'one phase (asks too short to segment)'));
}

function ToolDensity({ map, sc, W, y, hh }) {
  const events = map.events || [];
  const bins = Math.max(1, Math.min(sc.N || 1, Math.floor(sc.P / 6)));
  const counts = Array.from({ length: bins }, () => ({}));
  for (const e of events) {
    const x = e.ordinal != null && sc.N ? sc.xOrd(e.ordinal) : sc.xAct(e.active_s || 0);
    const b = Math.max(0, Math.min(bins - 1, Math.floor((x - GUTTER) / sc.P * bins)));
    const c = CATEGORIES.includes(e.category) ? e.category : 'other';
    counts[b][c] = (counts[b][c] || 0) + 1;
  }
  const max = Math.max(1, ...counts.map(c => Object.values(c).reduce((s, v) => s + v, 0)));
  const bw = sc.P / bins;
  const base = counts.map(() => 0);
  const present = CATEGORIES.filter(c => counts.some(b => b[c]));
  const groups = present.map(c => h('g', { key: c, class: 'cat cat-' + c, 'data-category': c },
    counts.map((b, i) => {
      const n = b[c] || 0;
      if (!n) return null;
      const hgt = n / max * (hh - 4);
      base[i] += hgt;
      return h('rect', { key: i, x: GUTTER + i * bw + 0.5, y: hh - base[i], width: Math.max(1, bw - 1), height: hgt },
        h('title', null, n + ' ' + c + (n === 1 ? ' call' : ' calls')));
    })));
  return h(Lane, { y, h: hh, name: 'tools', W }, groups);
}

function Subagents({ map, sc, W, y, rows, placed }) {
  return h(Lane, { y, h: Math.max(1, rows) * 16 + 4, name: 'subagents', W },
    placed.length ? placed.map((p, i) => {
      const w = Math.max(3, p.x1 - p.x0);
      const label = fitLabel(p.name, w - 6);
      const tip = p.name + ' — ' + usd(p.s.cost_usd) + ', ' + compact(p.s.tokens) + ' tokens, '
        + clock(p.s.start_ts) + '–' + clock(p.s.end_ts);
      return h('g', { key: i, class: 'sub-bar', 'data-agent-id': p.s.agent_id },
        h('rect', { x: p.x0, y: 3 + p.row * 16, width: w, height: 13, rx: 2 }, h('title', null, tip)),
        label ? h('text', { x: p.x0 + 3, y: 13 + p.row * 16 }, label) : null);
    }) : h('text', { class: 'lane-empty', x: GUTTER + 6, y: 14 }, 'no subagents'));
}

function Series({ points, sc, W, y, hh, name, value, cls, cumulative, fmt }) {
  let acc = 0;
  const pts = (points || []).map(p => {
    acc = cumulative ? acc + (value(p) || 0) : (value(p) || 0);
    return { x: sc.xAct(p.active_s != null ? p.active_s : p.t_s), v: acc };
  });
  const max = Math.max(0, ...pts.map(p => p.v));
  const yy = v => (max <= 0 ? hh - 2 : hh - 2 - v / max * (hh - 6));
  let d = '';
  pts.forEach((p, i) => { d += (i ? 'L' : 'M') + p.x.toFixed(1) + ' ' + yy(p.v).toFixed(1); });
  const area = pts.length ? d + 'L' + pts[pts.length - 1].x.toFixed(1) + ' ' + (hh - 2) + 'L' + pts[0].x.toFixed(1) + ' ' + (hh - 2) + 'Z' : '';
  return h(Lane, { y, h: hh, name, W },
    pts.length ? h('g', { class: 'series ' + cls },
      h('path', { class: 'series-area', d: area }),
      h('path', { class: 'series-line', d }),
      h('text', { class: 'series-max', x: W - RIGHT - 4, y: 12, 'text-anchor': 'end' }, (cumulative ? 'total ' : 'peak ') + fmt(max)))
      : h('text', { class: 'lane-empty', x: GUTTER + 6, y: 14 }, 'no LLM calls stored'));
}

function gapX(map, sc, g, mode) {
  if (mode === 'time' || !sc.N) return GUTTER + (g.at_active_frac || 0) * sc.P;
  const start = tsMs(g.start_ts);
  const events = map.events || [];
  let o = -1;
  for (let i = 0; i < events.length; i++) if (tsMs(events[i].ts) <= start) o = i;
  return o < 0 ? GUTTER : sc.xOrd(o) + sc.step / 2;
}

/** Insights: costliest stretch, friction, top subagent by cost, idle share, edit footprint. */
export function insights(map) {
  const out = [];
  const cs = (map.cost_series || []).slice().sort((a, b) => (a.t_s || 0) - (b.t_s || 0));
  const started = tsMs(map.meta && map.meta.started_at);
  if (cs.length) {
    const k = Math.max(1, Math.ceil(cs.length / 10));
    let best = -1, at = 0, sum = 0;
    for (let i = 0; i < cs.length; i++) {
      sum += cs[i].usd || 0;
      if (i >= k) sum -= cs[i - k].usd || 0;
      if (i >= k - 1 && sum > best) { best = sum; at = i - k + 1; }
    }
    const from = started != null ? clock(new Date(started + cs[at].t_s * 1000).toISOString()) : '';
    const to = started != null ? clock(new Date(started + cs[at + k - 1].t_s * 1000).toISOString()) : '';
    out.push({ key: 'costliest', label: 'Costliest stretch', value: usd(best),
      note: k + (k === 1 ? ' call' : ' calls') + (from ? ' · ' + from + (to && to !== from ? '–' + to : '') : ''),
      title: exactUsd(best) + ' over the ' + k + ' consecutive LLM calls that cost most' });
  }
  const events = map.events || [];
  const errors = events.filter(e => e.category === 'error').length;
  const retries = events.filter(e => e.is_retry).length;
  out.push({ key: 'friction', label: 'Friction', value: errors + ' err · ' + retries + ' ↻',
    note: events.length ? pct(100 * (errors + retries) / events.length) + ' of tool calls' : 'no tool calls',
    title: errors + ' failed tool calls and ' + retries + ' retries of a failed step', bad: errors + retries > 0 });
  const subs = (map.subagents || []).filter(s => s.cost_usd != null);
  if (subs.length) {
    const top = subs.reduce((a, b) => (b.cost_usd > a.cost_usd ? b : a));
    out.push({ key: 'top-subagent', label: 'Top subagent by cost', value: usd(top.cost_usd), note: top.name || top.agent_id,
      title: (top.name || top.agent_id) + ': ' + exactUsd(top.cost_usd) + ', ' + exactInt(top.tokens) + ' tokens' });
  } else {
    out.push({ key: 'top-subagent', label: 'Top subagent by cost', value: '—', note: (map.subagents || []).length ? 'no subagent cost stored' : 'no subagents' });
  }
  const meta = map.meta || {};
  const idle = (meta.gaps || []).reduce((s, g) => s + (g.duration_s || 0), 0);
  out.push({ key: 'idle', label: 'Idle share', value: meta.duration_s ? pct(100 * idle / meta.duration_s) : '—',
    note: (meta.gaps || []).length + ' idle breaks over 5 min', title: duration(idle) + ' idle of ' + duration(meta.duration_s) + ' wall' });
  const edits = events.filter(e => e.category === 'edit');
  const files = new Set(edits.map(e => e.label).filter(Boolean));
  out.push({ key: 'edits', label: 'Edit footprint', value: files.size + (files.size === 1 ? ' file' : ' files'),
    note: edits.length + (edits.length === 1 ? ' edit' : ' edits'), title: [...files].join('\n') || 'no edits' });
  return out;
}

/** Files touched: read and edit events whose label is a path. */
export function territory(map) {
  const files = new Map();
  for (const e of map.events || []) {
    if ((e.category !== 'read' && e.category !== 'edit') || !e.label || !/[/\\]/.test(e.label)) continue;
    const f = files.get(e.label) || { path: e.label, reads: 0, edits: 0 };
    if (e.category === 'edit') f.edits++; else f.reads++;
    files.set(e.label, f);
  }
  return [...files.values()].map(f => ({ ...f, value: f.reads + f.edits })).sort((a, b) => b.value - a.value);
}

/** Squarified treemap of items {value} into the rectangle; returns items with x, y, w, h. */
export function squarify(items, x, y, w, h) {
  const total = items.reduce((s, i) => s + i.value, 0);
  if (!total || w <= 0 || h <= 0) return [];
  const k = (w * h) / total;
  const rest = items.map(i => ({ ...i, area: i.value * k }));
  const out = [];
  const worst = (row, side) => {
    const s = row.reduce((a, r) => a + r.area, 0);
    let m = 0;
    for (const r of row) m = Math.max(m, (side * side * r.area) / (s * s), (s * s) / (side * side * r.area));
    return m;
  };
  while (rest.length) {
    const side = Math.min(w, h);
    const row = [rest.shift()];
    while (rest.length && worst([...row, rest[0]], side) <= worst(row, side)) row.push(rest.shift());
    const s = row.reduce((a, r) => a + r.area, 0);
    if (w >= h) {
      const cw = s / h;
      let cy = y;
      for (const r of row) { const rh = r.area / cw; out.push({ ...r, x, y: cy, w: cw, h: rh }); cy += rh; }
      x += cw; w -= cw;
    } else {
      const ch = s / w;
      let cx = x;
      for (const r of row) { const rw = r.area / ch; out.push({ ...r, x: cx, y, w: rw, h: ch }); cx += rw; }
      y += ch; h -= ch;
    }
  }
  return out;
}

function Territory({ map, W }) {
  const files = territory(map).slice(0, 200);
  if (!files.length) return h('p', { class: 'quiet small territory-empty' }, 'No file paths among this session’s tool calls: no territory to draw.');
  const H = Math.max(120, Math.min(260, 40 * Math.ceil(Math.sqrt(files.length))));
  const cells = squarify(files, 0, 0, W, H);
  return h('figure', { class: 'territory' },
    h('figcaption', null, 'Codebase territory: ' + files.length + (files.length === 1 ? ' file' : ' files') + ' touched by the main thread (area = reads + edits; edited files tinted)'),
    h('svg', { class: 'treemap', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Files touched' },
      cells.map((c, i) => {
        const base = c.path.split(/[/\\]/).pop();
        const label = c.w > 30 && c.h > 14 ? fitLabel(base, c.w - 6) : null;
        return h('g', { key: i, class: 'tm-cell' + (c.edits ? ' tm-edit' : ''), 'data-path': c.path },
          h('rect', { x: c.x + 0.5, y: c.y + 0.5, width: Math.max(0, c.w - 1), height: Math.max(0, c.h - 1) },
            h('title', null, c.path + ' — ' + c.reads + ' reads, ' + c.edits + ' edits')),
          label ? h('text', { x: c.x + 4, y: c.y + 13 }, label) : null);
      })));
}

/** Idle-break markers; a label is left out where it would run into the one before it. */
function gapMarks(map, sc, mode, W, H) {
  let lastEnd = -Infinity;
  return ((map.meta && map.meta.gaps) || []).map((g, i) => {
    const x = gapX(map, sc, g, mode);
    const text = 'idle ' + duration(g.duration_s);
    const w = text.length * CHAR_W;
    const right = x + 3 + w <= W - RIGHT;
    const x0 = right ? x + 3 : x - 3 - w;
    const show = x0 >= lastEnd + 4;
    if (show) lastEnd = x0 + w;
    return h('g', { key: 'g' + i, class: 'gap', 'data-gap': i },
      h('line', { x1: x, x2: x, y1: 14, y2: H - 16 }),
      show ? h('text', { x: x0, y: 12 }, text) : null,
      h('title', null, 'Idle ' + duration(g.duration_s) + ': ' + clock(g.start_ts) + '–' + clock(g.end_ts)));
  });
}

export function SessionMapView({ map }) {
  const [mode, setMode] = useState('step');
  const box = useRef(null);
  const W = useWidth(box, 1000);
  if (map.available === false && !(map.events && map.events.length) && !(map.context_series && map.context_series.length)) {
    return h('div', { class: 'map', ref: box }, h('p', { class: 'quiet unavailable' }, map.reason || 'No map for this session.'));
  }
  const sc = scale(map, mode, W);
  // a subagent's window on the active axis (in step mode interpolated between the main thread's
  // calls around it), so a window while the main thread was quiet sits between its two calls
  const windows = (map.subagents || []).map(s => {
    let x0, x1;
    if (s.start_active_s != null) {
      x0 = sc.xAct(s.start_active_s);
      x1 = sc.xAct(s.end_active_s != null ? s.end_active_s : s.start_active_s);
    } else {
      x0 = sc.xOrd(s.start_ordinal || 0) - sc.step / 2;
      x1 = sc.xOrd(s.end_ordinal != null ? s.end_ordinal : s.start_ordinal || 0) + sc.step / 2;
    }
    return { x0, x1: Math.max(x1, x0 + 3), name: s.name || s.agent_id || 'subagent', s };
  });
  const { placed, rows } = packRows(windows, 4);
  const lanes = [];
  let y = 18; // the idle-break labels sit above the lanes
  lanes.push(h('g', { key: 'ph', transform: 'translate(0,' + y + ')' }, h(Phases, { map, sc, W })));
  y += 26;
  lanes.push(h(ToolDensity, { key: 'td', map, sc, W, y, hh: 60 }));
  y += 64;
  lanes.push(h(Subagents, { key: 'sa', map, sc, W, y, rows, placed }));
  y += Math.max(1, rows) * 16 + 8;
  lanes.push(h(Series, { key: 'cx', points: map.context_series, sc, W, y, hh: 48, name: 'context', cls: 'series-context', value: p => p.tokens, fmt: v => compact(v) + ' tokens' }));
  y += 52;
  lanes.push(h(Series, { key: 'co', points: map.cost_series, sc, W, y, hh: 48, name: 'cost', cls: 'series-cost', value: p => p.usd, cumulative: true, fmt: usd }));
  y += 52;
  const H = y + 16; // the axis labels sit below the lanes
  const legend = CATEGORIES.map(c => [c, (map.events || []).filter(e => e.category === c).length]).filter(([, n]) => n);
  const axis = mode === 'step'
    ? [h('text', { key: 'a0', class: 'axis', x: GUTTER, y: H - 4 }, 'tool call 1'),
      h('text', { key: 'a1', class: 'axis', x: W - RIGHT, y: H - 4, 'text-anchor': 'end' }, 'tool call ' + sc.N)]
    : [h('text', { key: 'a0', class: 'axis', x: GUTTER, y: H - 4 }, '0'),
      h('text', { key: 'a1', class: 'axis', x: W - RIGHT, y: H - 4, 'text-anchor': 'end' }, duration(sc.D) + ' active')];
  return h('div', { class: 'map', ref: box, 'data-mode': mode },
    h(SnapshotNotice, { data: map }),
    h('div', { class: 'map-bar' },
      h('div', { class: 'seg', role: 'group', 'aria-label': 'X axis' },
        h('button', { type: 'button', class: 'seg-btn' + (mode === 'step' ? ' active' : ''), 'aria-pressed': mode === 'step' ? 'true' : 'false', 'data-mode': 'step', onClick: () => setMode('step') }, 'Steps'),
        h('button', { type: 'button', class: 'seg-btn' + (mode === 'time' ? ' active' : ''), 'aria-pressed': mode === 'time' ? 'true' : 'false', 'data-mode': 'time', onClick: () => setMode('time') }, 'Time')),
      h('span', { class: 'quiet small' }, mode === 'step'
        ? 'x: the main thread’s tool calls in order'
        : 'x: active time (each idle gap over 5 min drawn as 30 s)'),
      h('ul', { class: 'legend' }, legend.map(([c, n]) => h('li', { key: c, class: 'legend-item cat-' + c, 'data-category': c },
        h('span', { class: 'sw', 'aria-hidden': 'true' }), c + ' ' + n)))),
    h('ul', { class: 'insights' }, insights(map).map(i => h('li', { key: i.key, class: 'insight' + (i.bad ? ' bad' : ''), 'data-insight': i.key, title: i.title },
      h('span', { class: 'ins-k' }, i.label), h('span', { class: 'ins-v' }, i.value), h('span', { class: 'ins-n' }, i.note)))),
    h('svg', { class: 'lanes', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'Session map' },
      axis, lanes,
      gapMarks(map, sc, mode, W, H)),
    skippedText(map.skipped) ? h('p', { class: 'quiet small' }, skippedText(map.skipped)) : null,
    h(Territory, { map, W }));
}
