// Numbers, money and time for people. Every function returns plain strings: callers render them as
// text nodes and put the exact value in a title tooltip (see exact*).

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 812 · 3.4k · 56k · 1.2M · 3.1B */
export function compact(n) {
  if (n == null || !isFinite(n)) return '—';
  const a = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  const one = (v, unit) => {
    const s = v >= 100 ? Math.round(v).toString() : (Math.round(v * 10) / 10).toString();
    return sign + s + unit;
  };
  if (a >= 1e9) return one(a / 1e9, 'B');
  if (a >= 1e6) return one(a / 1e6, 'M');
  if (a >= 1e3) return one(a / 1e3, 'k');
  return sign + intFmt.format(Math.round(a));
}

/** 1,234,567 */
export function exactInt(n) {
  return n == null || !isFinite(n) ? '—' : intFmt.format(n);
}

/** $0.43 · $12.50 · $1,234 · $0.0042 · $0.00 */
export function usd(v) {
  if (v == null || !isFinite(v)) return '—';
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a === 0) return '$0.00';
  if (a < 0.01) return sign + '$' + a.toFixed(a < 0.0001 ? 6 : 4);
  if (a >= 1000) return sign + '$' + intFmt.format(Math.round(a));
  return sign + '$' + a.toFixed(2);
}

/** The exact stored value, for tooltips: $0.198101 */
export function exactUsd(v) {
  if (v == null || !isFinite(v)) return 'no cost recorded';
  return '$' + (Math.round(v * 1e6) / 1e6).toFixed(6).replace(/0+$/, '').replace(/\.$/, '.00');
}

/** 45s · 3m 12s · 1h 04m · 2d 3h */
export function duration(seconds) {
  if (seconds == null || !isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  if (s < 60) return s + 's';
  const m = Math.floor(s / 60), rs = s % 60;
  if (m < 60) return m + 'm ' + String(rs).padStart(2, '0') + 's';
  const h = Math.floor(m / 60), rm = m % 60;
  if (h < 24) return h + 'h ' + String(rm).padStart(2, '0') + 'm';
  const d = Math.floor(h / 24), rh = h % 24;
  return d + 'd ' + rh + 'h';
}

/** Exact seconds for a tooltip. */
export function exactDuration(seconds) {
  if (seconds == null || !isFinite(seconds)) return 'unknown';
  return (Math.round(seconds * 1000) / 1000) + ' s';
}

export function parseTime(iso) {
  if (!iso) return null;
  const t = Date.parse(iso);
  return isNaN(t) ? null : t;
}

/** just now · 42s ago · 3m ago · 2h ago · 5d ago */
export function ago(iso, now = Date.now()) {
  const t = parseTime(iso);
  if (t == null) return '—';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return s + 's ago';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ago';
  const h = Math.floor(m / 60);
  if (h < 48) return h + 'h ago';
  return Math.floor(h / 24) + 'd ago';
}

/** Local date-time with seconds, for tooltips. */
export function exactTime(iso) {
  const t = parseTime(iso);
  if (t == null) return 'unknown';
  return new Date(t).toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }) + ' (' + iso + ')';
}

/** A per-minute rate: 0 · 0.04 · 1.4 · 56 · 1.2k */
export function rate(v) {
  if (v == null || !isFinite(v)) return '—';
  if (v === 0) return '0';
  if (v < 1) return v.toFixed(2);
  if (v < 10) return v.toFixed(1);
  return compact(v);
}

export function pct(v) {
  if (v == null || !isFinite(v)) return '—';
  if (v === 0) return '0%';
  if (v < 1) return v.toFixed(1) + '%';
  return Math.round(v) + '%';
}

export function shortId(id) {
  if (!id) return '';
  return id.length > 8 ? id.slice(0, 8) : id;
}

/**
 * How to show a sum of money for sessions billed a given way (cost-db §3.5 framing).
 * mode: api | subscription | local | unknown | mixed.
 * Returns {text, note, title, cls}: text is the figure, note a short qualifier shown next to it.
 */
export function money(v, mode, framing) {
  const exact = exactUsd(v);
  switch (mode) {
    case 'local':
      return { text: 'no API cost', note: '', cls: 'money-local',
        title: 'Local inference — no marginal cost.' };
    case 'subscription': {
      const plan = framing && framing.plan_label ? ' on your ' + framing.plan_label : '';
      return { text: usd(v), note: 'implied API value', cls: 'money-sub',
        title: exact + ' — what this usage would cost at API list prices; not money spent' + plan + '.' };
    }
    case 'api':
      return { text: usd(v), note: '', cls: 'money-api', title: exact + ' API spend' };
    case 'mixed':
      return { text: usd(v), note: 'mixed billing', cls: 'money-mixed',
        title: exact + ' at API list prices — some of these sessions are on a subscription or local.' };
    default:
      return { text: usd(v), note: 'plan unknown', cls: 'money-unknown',
        title: exact + ' at API list prices — plan tier unknown, figures may overstate actual cost.' };
  }
}

/** The billing mode of a set of pricing modes: one mode, or "mixed". */
export function combineModes(modes) {
  const set = new Set(modes.map(m => m || 'unknown'));
  if (set.size === 0) return 'unknown';
  if (set.size === 1) return [...set][0];
  return 'mixed';
}
