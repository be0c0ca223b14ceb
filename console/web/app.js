// The center console: login, the session, navigation by hash routes and the screens
// (docs/console.md). Each screen is a module with render(container, ctx).
import { api, ApiError, onUnauthenticated, setCsrf } from '/console/api.js';
import { h, alertBox } from '/console/util.js';
import * as inbox from '/console/inbox.js';
import * as caseView from '/console/case.js';
import * as supervision from '/console/supervision.js';
import * as stats from '/console/stats.js';
import * as syncMonitor from '/console/sync.js';
import { ADMIN_ROUTES } from '/console/admin/routes.js';

const DEPT = ['department_staff'];
const CENTER = ['supervisor', 'admin'];
const ALL = [...DEPT, ...CENTER];

// path pattern → screen; `nav` puts it in the navigation for the roles that may use it.
const ROUTES = [
  { path: /^\/inbox$/, screen: inbox, roles: DEPT, nav: '收件箱', href: '#/inbox' },
  { path: /^\/supervision$/, screen: supervision, roles: CENTER, nav: '电子监察', href: '#/supervision' },
  { path: /^\/stats$/, screen: stats, roles: CENTER, nav: '统计', href: '#/stats' },
  { path: /^\/sync$/, screen: syncMonitor, roles: CENTER, nav: '同步监控', href: '#/sync' },
  { path: /^\/case$/, screen: caseView, roles: ALL, nav: '办件', href: '#/case' },
  { path: /^\/case\/(.+)$/, screen: caseView, roles: ALL, navKey: '#/case' },
  // 督办, catalog, users, devices, calendar, audit (console/web/admin/).
  ...ADMIN_ROUTES,
];

const state = {
  user: null,
  renderSeq: 0,
  loginNotice: '',
};

const els = {
  userBox: document.getElementById('user-box'),
  nav: document.getElementById('nav'),
  main: document.getElementById('main'),
};

function defaultRoute(user) {
  return user.role === 'department_staff' ? '#/inbox' : '#/supervision';
}

// '#/supervision?light=5' → {path: '/supervision', params: URLSearchParams}
function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { path, params };
}

function renderUserBox() {
  els.userBox.replaceChildren();
  if (!state.user) return;
  const u = state.user;
  const who = [u.department, u.roleName].filter(Boolean).join(' · ');
  els.userBox.append(
    h('span', { class: 'user-name', 'data-test': 'user-name' }, u.name || u.userId),
    who ? h('span', { class: 'user-role' }, who) : null,
    h('button', { type: 'button', class: 'btn btn-light btn-small', onclick: logout }, '退出'),
  );
}

function renderNav(activeHref) {
  els.nav.replaceChildren();
  if (!state.user) {
    els.nav.hidden = true;
    return;
  }
  els.nav.hidden = false;
  for (const r of ROUTES) {
    if (!r.nav || !r.roles.includes(state.user.role)) continue;
    els.nav.appendChild(h('a', {
      href: r.href,
      class: r.href === activeHref ? 'active' : '',
      'aria-current': r.href === activeHref ? 'page' : null,
    }, r.nav));
  }
}

async function route() {
  if (!state.user) return;
  const { path, params } = parseHash();
  const found = ROUTES.map((r) => ({ r, m: path.match(r.path) })).find((x) => x.m);
  if (!found) {
    location.replace(defaultRoute(state.user));
    return;
  }
  const { r, m } = found;
  renderNav(r.href || r.navKey);
  const seq = ++state.renderSeq;
  const container = h('div', { class: 'screen' });
  els.main.replaceChildren(container);
  if (!r.roles.includes(state.user.role)) {
    container.append(h('h1', null, '无权访问'), alertBox('error', '您的账号无权使用此页面。'));
    return;
  }
  const ctx = {
    user: state.user,
    params,
    match: m,
    // false once another screen has replaced this one (a late answer is then dropped).
    current: () => seq === state.renderSeq,
    navigate: (hash) => { location.hash = hash; },
    reload: () => { route(); },
  };
  try {
    await r.screen.render(container, ctx);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    if (ctx.current()) container.append(alertBox('error', e.message || '页面加载失败。'));
    console.error(e);
  }
}

// --- login -----------------------------------------------------------------------------------

function showLogin(notice) {
  state.user = null;
  setCsrf('');
  renderUserBox();
  renderNav(null);
  document.body.classList.add('logged-out');
  const error = h('div', { class: 'form-error', role: 'alert', 'data-test': 'login-error' });
  if (notice) error.append(alertBox('info', notice));
  const userId = h('input', { id: 'login-user', name: 'userId', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true,
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '登录');
  const form = h('form', { class: 'login-form', novalidate: true },
    h('h1', null, '中心工作台登录'),
    h('p', { class: 'muted' }, '供中心部门窗口、电子监察和系统管理人员使用'),
    h('label', { for: 'login-user' }, '用户名'), userId,
    h('label', { for: 'login-password' }, '密码'), password,
    error,
    submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.replaceChildren();
    if (!userId.value.trim() || !password.value) {
      error.append(alertBox('error', '请输入用户名和密码。'));
      return;
    }
    submit.disabled = true;
    submit.textContent = '正在登录…';
    try {
      const res = await api('/console/api/login', {
        method: 'POST', body: { userId: userId.value.trim(), password: password.value }, quiet401: true,
      });
      startSession(res);
    } catch (e) {
      error.append(alertBox('error', e.message));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = '登录';
    }
  });
  els.main.replaceChildren(h('div', { class: 'login-page' }, form));
  userId.focus();
}

function startSession(res) {
  state.user = res.user;
  setCsrf(res.csrf);
  document.body.classList.remove('logged-out');
  renderUserBox();
  const { path } = parseHash();
  const allowed = ROUTES.some((r) => path.match(r.path) && r.roles.includes(res.user.role));
  if (!allowed) {
    // replace() does not fire hashchange when the hash is already that one: route directly.
    const target = defaultRoute(res.user);
    if (location.hash === target) route();
    else location.hash = target;
  } else {
    route();
  }
}

async function logout() {
  try {
    await api('/console/api/logout', { method: 'POST', body: {} });
  } catch {
    // the session is gone either way
  }
  showLogin('您已退出登录。');
}

onUnauthenticated(() => {
  if (state.user) showLogin('登录已失效，请重新登录。');
});

window.addEventListener('hashchange', route);

async function boot() {
  try {
    startSession(await api('/console/api/me', { quiet401: true }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showLogin('');
    else showLogin(e.message);
  }
}

boot();
