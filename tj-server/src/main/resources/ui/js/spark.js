// A sparkline as inline SVG: 24 one-minute slots, oldest left. A few hundred bytes instead of a
// charting library on the page that must paint fastest.
import { h } from 'preact';

const W = 120, H = 32, PAD = 2;

/**
 * values: numbers (nulls count as 0); kind: css modifier (cost | err); label: accessible text.
 * yMax: fixed top of the scale (e.g. 100 for percentages), else the series maximum.
 */
export function Sparkline({ values, kind, label, yMax }) {
  const v = (values || []).map(x => (x == null || !isFinite(x) ? 0 : Number(x)));
  const n = v.length;
  const max = yMax != null ? Math.max(yMax, ...v) : Math.max(0, ...v);
  const x = i => (n <= 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (n - 1));
  const y = val => (max <= 0 ? H - PAD : H - PAD - (val / max) * (H - 2 * PAD));
  let line = '';
  for (let i = 0; i < n; i++) line += (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v[i]).toFixed(1);
  const area = n ? line + 'L' + x(n - 1).toFixed(1) + ' ' + (H - PAD) + 'L' + x(0).toFixed(1) + ' ' + (H - PAD) + 'Z' : '';
  const last = n ? v[n - 1] : 0;
  return h('svg', {
    class: 'spark spark-' + kind, viewBox: `0 0 ${W} ${H}`, width: W, height: H,
    role: 'img', 'aria-label': label, preserveAspectRatio: 'none',
  },
    h('title', null, label),
    h('line', { class: 'spark-base', x1: PAD, x2: W - PAD, y1: H - PAD, y2: H - PAD }),
    n ? h('path', { class: 'spark-area', d: area }) : null,
    n ? h('path', { class: 'spark-line', d: line }) : null,
    n ? h('circle', { class: 'spark-dot', cx: x(n - 1), cy: y(last), r: 2 }) : null,
  );
}
