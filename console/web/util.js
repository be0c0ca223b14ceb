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

// --- date fields: YYYY-MM-DD whatever the browser's language -----------------------------------

// 'YYYY-MM-DD' for a real calendar date typed as 2026-12-31, 2026/12/31, 2026.12.31,
// 2026年12月31日 or 20261231 (month and day may have one digit); null otherwise.
export function isoDate(text) {
  const t = String(text ?? '').trim();
  const m = t.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/) || t.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

// A date field that shows and takes YYYY-MM-DD in every browser language (a native
// <input type=date> shows the locale's order, e.g. mm/dd/yyyy or yyyy/mm/dd): a text input, and
// a button that opens the browser's own date picker. {input, element}: read and set
// input.value ('' or YYYY-MM-DD once the field has been left); put element in the page. The
// input fires 'input' and 'change' when a date is picked.
export function dateInput({ id, name, value = '', min, max } = {}) {
  const input = h('input', {
    type: 'text', id, name, value, class: 'date-text', inputmode: 'numeric', autocomplete: 'off',
    placeholder: '年-月-日', maxlength: 11, 'data-date-input': '', title: '日期，如 2026-12-31',
  });
  const picker = h('input', { type: 'date', class: 'date-picker', tabindex: '-1', 'aria-hidden': 'true', min, max });
  const button = h('button', { type: 'button', class: 'date-button', title: '选择日期', 'aria-label': '选择日期' },
    h('span', { class: 'date-icon', 'aria-hidden': 'true' }));
  const tidy = () => {
    const iso = isoDate(input.value);
    if (iso && iso !== input.value) input.value = iso;
    const bad = input.value.trim() !== '' && !iso;
    input.classList.toggle('invalid', bad);
    input.setAttribute('aria-invalid', bad ? 'true' : 'false');
  };
  input.addEventListener('blur', tidy);
  input.addEventListener('change', tidy);
  button.addEventListener('click', () => {
    picker.value = isoDate(input.value) || '';
    try {
      picker.showPicker();
    } catch {
      input.focus(); // no picker in this browser: type the date
    }
  });
  picker.addEventListener('change', () => {
    if (!picker.value) return;
    input.value = picker.value; // the picker's value is always YYYY-MM-DD
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  return { input, element: h('span', { class: 'date-field' }, input, button, picker) };
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
