// Small helpers shared by the console and the public pages: building elements without
// innerHTML (every piece of data goes in as text), formatting times in China Standard Time, and
// the supervision light badges.

// h('div', {class: 'x', onclick: fn}, 'text', child, [more children]) → element.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        el.className = value;
      } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') {
        el[key] = value;
      } else if (key === 'style' && typeof value === 'object') {
        Object.assign(el.style, value);
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

// --- time: every date and time is shown in China Standard Time (UTC+8, no daylight saving) ----

const kOffsetMs = 8 * 3600 * 1000;
const pad = (n) => String(n).padStart(2, '0');

function cst(ms) {
  const d = new Date(Number(ms) + kOffsetMs);
  return {
    y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(),
    h: d.getUTCHours(), mi: d.getUTCMinutes(),
  };
}

// 2026-11-23 09:10, or '—' for nothing.
export function fmtTime(ms) {
  if (ms === null || ms === undefined || ms === '' || Number(ms) <= 0) return '—';
  const t = cst(ms);
  return `${t.y}-${pad(t.mo)}-${pad(t.d)} ${pad(t.h)}:${pad(t.mi)}`;
}

// A date given as YYYY-MM-DD or as ms; '—' for nothing.
export function fmtDate(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  const t = cst(value);
  return `${t.y}-${pad(t.mo)}-${pad(t.d)}`;
}

// Today's date in China Standard Time as YYYY-MM-DD (from the given instant, default now).
export function todayIso(nowMs = Date.now()) {
  return fmtDate(Number(nowMs));
}

// 0.953 → "95.3%"; null → "—".
export function fmtRate(rate) {
  if (rate === null || rate === undefined || Number.isNaN(Number(rate))) return '—';
  return `${(Number(rate) * 100).toFixed(1)}%`;
}

export function fmtNumber(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return Number(n).toFixed(digits);
}

// --- supervision lights (电子监察) ---------------------------------------------------------------

export const LIGHTS = [
  { code: 0, name: '正常' },
  { code: 1, name: '预警' },
  { code: 2, name: '黄牌' },
  { code: 5, name: '红牌' },
  { code: 6, name: '严重违规' },
];

export function lightName(code) {
  const l = LIGHTS.find((x) => x.code === Number(code));
  return l ? l.name : '—';
}

export function lightBadge(code, name) {
  if (code === null || code === undefined) return h('span', { class: 'light light-none' }, '—');
  return h('span', { class: `light light-${Number(code)}`, 'data-light': Number(code) },
    name || lightName(code));
}

// --- small pieces of page -------------------------------------------------------------------

export function alertBox(kind, message) {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

export function table(columns, rows, { empty = '暂无数据', rowAttrs } = {}) {
  const head = h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.cls }, c.title))));
  const body = h('tbody');
  if (rows.length === 0) {
    body.appendChild(h('tr', { class: 'empty' }, h('td', { colspan: columns.length }, empty)));
  }
  for (const row of rows) {
    body.appendChild(h('tr', rowAttrs ? rowAttrs(row) : null,
      columns.map((c) => h('td', { class: c.cls }, c.render(row)))));
  }
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid' }, head, body));
}

// Picks the first of several possible field names that is present (the public catalog answers
// with the contract's names, the seed files use longer ones).
export function pick(obj, ...names) {
  if (!obj) return undefined;
  for (const n of names) {
    if (obj[n] !== undefined && obj[n] !== null && obj[n] !== '') return obj[n];
  }
  return undefined;
}
