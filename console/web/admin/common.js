// Pieces shared by the administration and 督办 screens: form fields, running a change with its
// button disabled, a message that survives the reload after a change, confirm and prompt
// dialogs, and the organisation (sites and departments), loaded once per page.
import { api, ApiError } from '/console/api.js';
import { h, alertBox } from '/console/util.js';

export const isAdmin = (ctx) => ctx.user.role === 'admin';

export const SITE_KINDS = { center: '政务服务中心', hall: '便民服务大厅', room: '便民服务室' };

export const ROLE_NAMES = {
  clerk: '窗口工作人员', village_agent: '专职代办员', hall_director: '大厅主任',
  department_staff: '部门工作人员', supervisor: '电子监察人员', admin: '系统管理员', system: '系统',
};

// The roles that work at each kind of site (a user is created for one site).
export const ROLES_BY_KIND = {
  center: ['department_staff', 'supervisor', 'admin'],
  hall: ['clerk', 'hall_director'],
  room: ['village_agent'],
};

export const GRADE_NAMES = { 1: '承办人', 2: '审核人', 3: '批准人' };

// --- the organisation ---------------------------------------------------------------------------

let orgPromise = null;

// {sites, departments, windowSets: {hall, room}, siteById: Map, center, referenceVersion} from
// /console/api/org, once per page (forgetOrg() after a change to the organisation).
export function loadOrg() {
  if (!orgPromise) {
    orgPromise = api('/console/api/org').then((data) => {
      const sites = data.sites || [];
      const siteById = new Map(sites.map((s) => [s.id, s]));
      return {
        sites,
        departments: data.departments || [],
        windowSets: data.windowSets || { hall: [], room: [] },
        siteById,
        center: sites.find((s) => s.kind === 'center') || null,
        referenceVersion: data.referenceVersion,
      };
    });
    orgPromise.catch(() => { orgPromise = null; });
  }
  return orgPromise;
}

export function forgetOrg() {
  orgPromise = null;
}

// 'dept:民政局' → 民政局; a site id → its name.
export function unitText(unit, org) {
  if (!unit) return '—';
  if (unit.startsWith('dept:')) return unit.slice(5);
  const site = org && org.siteById.get(unit);
  return site ? site.name : unit;
}

// --- a message shown after the screen has reloaded itself ----------------------------------------

let pending = null;

// Shows `message` (text or nodes) at the top of the screen once it has loaded anew from the server.
export function reloadWith(ctx, kind, message, hash = location.hash) {
  pending = { hash, kind, message };
  if (location.hash === hash || (!location.hash && !hash)) ctx.reload();
  else ctx.navigate(hash);
}

// The message for this screen, if one is waiting (data-test="flash").
export function takeFlash() {
  const f = pending;
  pending = null;
  if (!f || f.hash !== location.hash) return null;
  const box = alertBox(f.kind, f.message);
  box.setAttribute('data-test', 'flash');
  box.classList.add('flash');
  return box;
}

// --- changes ------------------------------------------------------------------------------------

// Runs fn() with `button` disabled; a failure (the server's message, or an Error thrown by the
// form's own checks) is shown in `errorBox`. Returns fn's result, or undefined after a failure.
export async function busy(button, errorBox, fn, busyText = '正在提交…') {
  const text = button.textContent;
  button.disabled = true;
  button.textContent = busyText;
  if (errorBox) errorBox.replaceChildren();
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return undefined; // the login form takes over
    const box = alertBox('error', e.nodes || e.message || '操作失败，请稍后再试。');
    box.setAttribute('data-test', 'error');
    if (errorBox) {
      errorBox.replaceChildren(box);
      errorBox.scrollIntoView({ block: 'nearest' });
    }
    return undefined;
  } finally {
    if (button.isConnected) {
      button.disabled = false;
      button.textContent = text;
    }
  }
}

export function post(path, body = {}) {
  return api(path, { method: 'POST', body });
}

// --- form fields --------------------------------------------------------------------------------

let fieldSeq = 0;

export function fieldId(prefix = 'a') {
  fieldSeq += 1;
  return `${prefix}-${fieldSeq}`;
}

// A label above its input, with an optional hint below.
export function field(label, input, { required = false, hint, cls } = {}) {
  // A date field (util.js dateInput) is labelled by its text input.
  const target = input.classList.contains('date-field') ? input.querySelector('input') : input;
  if (!target.id) target.id = fieldId();
  return h('div', { class: `field${cls ? ` ${cls}` : ''}` },
    h('label', { for: target.id }, label, required ? h('span', { class: 'req', title: '必填' }, ' *') : null),
    input,
    hint ? h('div', { class: 'hint' }, hint) : null);
}

// A checkbox with its label to the right.
export function checkbox(label, { checked = false, name, id } = {}) {
  const box = h('input', { type: 'checkbox', name, id: id || fieldId('c'), checked });
  const wrap = h('label', { for: box.id, class: 'check' }, box, ` ${label}`);
  return { box, wrap };
}

export function options(list, selected) {
  return list.map(([value, text]) => h('option', { value, selected: String(value) === String(selected) }, text));
}

// A whole number from an input, or an Error naming the field.
export function intValue(input, label, { min = 0, max = 100000 } = {}) {
  const text = String(input.value).trim();
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${label}应为 ${min}–${max} 之间的整数。`);
  }
  return n;
}

export function errorArea() {
  return h('div', { class: 'form-error', 'data-test': 'form-error', 'aria-live': 'polite' });
}

// --- dialogs ------------------------------------------------------------------------------------

function openDialog(content, onClose) {
  const dialog = h('dialog', { class: 'dialog' }, content);
  document.body.append(dialog);
  dialog.addEventListener('close', () => {
    onClose(dialog.returnValue);
    dialog.remove();
  });
  dialog.showModal();
  return dialog;
}

// Asks before a change that is hard to undo: resolves true for the confirm button.
export function confirmDialog(title, message, { okText = '确定', danger = false } = {}) {
  return new Promise((resolve) => {
    const form = h('form', { method: 'dialog', class: 'dialog-body' },
      h('h2', null, title),
      h('p', null, message),
      h('div', { class: 'form-actions dialog-actions' },
        h('button', { type: 'submit', value: 'cancel', class: 'btn' }, '取消'),
        h('button', { type: 'submit', value: 'ok', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, 'data-test': 'confirm-ok' }, okText)));
    openDialog(form, (v) => resolve(v === 'ok'));
  });
}

// Asks for values: fields = [{name, label, type, value, hint, min, max}], and check(values) may
// throw a message. Resolves with the values, or null when cancelled.
export function promptDialog(title, fields, { okText = '确定', message, check } = {}) {
  return new Promise((resolve) => {
    const inputs = fields.map((f) => h('input', {
      name: f.name, type: f.type || 'text', value: f.value ?? '', min: f.min, max: f.max,
      autocomplete: f.type === 'password' ? 'new-password' : 'off', id: fieldId('p'),
    }));
    const error = errorArea();
    const ok = h('button', { type: 'submit', value: 'ok', class: 'btn btn-primary', 'data-test': 'prompt-ok' }, okText);
    const form = h('form', { method: 'dialog', class: 'dialog-body stack' },
      h('h2', null, title),
      message ? h('p', { class: 'muted' }, message) : null,
      fields.map((f, i) => field(f.label, inputs[i], { hint: f.hint, required: true })),
      error,
      h('div', { class: 'form-actions dialog-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => dialog.close('cancel') }, '取消'), ok));
    let values = null;
    form.addEventListener('submit', (ev) => {
      values = Object.fromEntries(fields.map((f, i) => [f.name, inputs[i].value]));
      try {
        if (check) check(values);
      } catch (e) {
        ev.preventDefault();
        values = null;
        error.replaceChildren(alertBox('error', e.message));
      }
    });
    const dialog = openDialog(form, (v) => resolve(v === 'ok' ? values : null));
    if (inputs[0]) inputs[0].focus();
  });
}

// Asks to choose one of `choices` ([[value, text]…]): resolves with the value, or null when
// cancelled.
export function choiceDialog(title, message, label, choices, { okText = '确定', danger = false, selected } = {}) {
  return new Promise((resolve) => {
    const select = h('select', { name: 'choice', id: fieldId('s') }, options(choices, selected ?? choices[0]?.[0]));
    const form = h('form', { method: 'dialog', class: 'dialog-body stack' },
      h('h2', null, title),
      message ? h('p', null, message) : null,
      field(label, select, { required: true }),
      h('div', { class: 'form-actions dialog-actions' },
        h('button', { type: 'submit', value: 'cancel', class: 'btn' }, '取消'),
        h('button', { type: 'submit', value: 'ok', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, 'data-test': 'choice-ok' }, okText)));
    openDialog(form, (v) => resolve(v === 'ok' ? select.value : null));
    select.focus();
  });
}

// A back link above a screen.
export function backLink(href, text) {
  return h('a', { href, class: 'back-link' }, `← ${text}`);
}
