// 审计日志: every console change and sign-in, newest first, 200 at a time; "更早" loads the next
// 200 (?before=<seq>). Refused attempts stand out. The search and the refused-only filter work on
// what has been loaded.
import { api, query } from '/console/api.js';
import { h, fmtTime, table } from '/console/util.js';
import { explainItemError } from '/console/admin/item.js';

const ACTION_NAMES = {
  login: '登录', logout: '退出', csrf: '请求校验失败', test_clock: '设置测试时钟',
  'take-in': '收件', handle: '承办', review: '审核', approve: '批准', suspend: '特别程序',
  resume: '特别程序结束', 'notify-missing': '补正告知', complete: '办结', reply: '反馈',
  catalog_draft: '保存事项草稿', catalog_discard: '放弃事项草稿', catalog_publish: '发布事项',
  catalog_status: '更改事项状态', user_create: '创建用户', user_active: '启用/停用用户',
  user_password: '重置密码', device_revoke: '吊销设备', enrollment_code: '生成注册码',
  calendar: '设置节假日', calendar_delete: '删除节假日', supervision_notice: '发出督办',
  supervision_reply: '答复督办', site_create: '新设场所', site_rename: '场所改名',
  site_active: '启用/停用场所', window_add: '新增窗口', window_rename: '窗口改名',
  window_remove: '删除窗口', window_room: '便民服务室窗口', department_window: '部门的窗口',
};

export function actionName(action) {
  return ACTION_NAMES[action] || action || '—';
}

// Actions whose target is a case: the target links to it.
const CASE_ACTIONS = new Set(['take-in', 'handle', 'review', 'approve', 'suspend', 'resume', 'notify-missing',
  'complete', 'reply', 'supervision_notice', 'supervision_reply']);
const KEY_NAMES = {
  holiday: '放假', workday: '调休上班', active: '在用', suspended: '暂停', cancelled: '取消',
  department_staff: '部门工作人员', supervisor: '电子监察人员', admin: '系统管理员', clerk: '窗口工作人员',
  hall_director: '大厅主任', village_agent: '专职代办员',
};

const LOGIN_CODES = {
  wrong_password: '用户名或密码错误（含已停用的账号）', locked: '账号暂时锁定', forbidden: '无权使用工作台',
};

// Fixed details the server writes in English.
const DETAIL_TEXT = {
  'missing or wrong X-CSRF-Token': '缺少或错误的 CSRF 校验令牌',
  'unknown or unreadable case': '办件不存在或无权查看',
  'unknown device': '设备不存在',
  'not a console user': '不是工作台用户',
};

// The detail in words where it starts with a key (holiday 春节 → 放假 春节).
function detailText(e) {
  const d = String(e.detail || '').trim();
  if (!d) return '—';
  if (e.action === 'login' && LOGIN_CODES[d]) return `${LOGIN_CODES[d]}（${d}）`;
  if (DETAIL_TEXT[d]) return DETAIL_TEXT[d];
  const v = d.match(/^version (\d+)(?: (\w+))?$/);
  if (v) return `第 ${v[1]} 版${v[2] ? ` ${KEY_NAMES[v[2]] || v[2]}` : ''}`;
  const [first, ...rest] = d.split(' ');
  if (KEY_NAMES[first] && ['calendar', 'catalog_status', 'user_create'].includes(e.action)) {
    return [KEY_NAMES[first], ...rest].join(' ');
  }
  return d;
}

// A refused catalog change: the reason in Chinese above the checker's own words.
function detailCell(e) {
  const reading = !e.ok && String(e.action).startsWith('catalog_') ? explainItemError(e.detail || '') : '';
  if (reading) return [h('div', null, reading), h('div', { class: 'muted small break' }, e.detail)];
  return h('span', { class: 'break' }, detailText(e));
}

function targetCell(e) {
  if (!e.target) return '—';
  if (CASE_ACTIONS.has(e.action) && e.ok) {
    return h('a', { href: `#/case/${encodeURIComponent(e.target)}`, class: 'mono break' }, e.target);
  }
  return h('span', { class: `mono ${String(e.target).length > 24 ? 'break' : 'nowrap'}` }, e.target);
}

export async function render(root, ctx) {
  const search = h('input', { id: 'audit-search', type: 'search', placeholder: '用户、操作、对象或详情' });
  const refused = h('input', { id: 'audit-refused', type: 'checkbox' });
  const summary = h('p', { class: 'muted' }, '正在加载…');
  const body = h('div');
  const more = h('button', { type: 'button', class: 'btn', 'data-test': 'older' }, '更早');
  const moreError = h('div', { class: 'form-error' });
  root.append(
    h('div', { class: 'screen-head' }, h('div', null, h('h1', null, '审计日志'), summary)),
    h('div', { class: 'card' }, h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: search.id }, '查找'), search),
      h('div', { class: 'field field-check' }, h('label', { for: refused.id }, refused, ' 只看被拒绝的')))),
    body,
    h('div', { class: 'pager' }, more, moreError));

  const entries = [];
  let done = false;

  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const rows = entries.filter((e) => (!refused.checked || !e.ok)
      && (!q || [e.userId, e.action, actionName(e.action), e.target, e.detail, detailText(e), e.remote]
        .some((s) => s && String(s).toLowerCase().includes(q))));
    const refusedCount = entries.filter((e) => !e.ok).length;
    summary.textContent = `已加载 ${entries.length} 条${done ? '（全部）' : ''}，其中被拒绝 ${refusedCount} 条。最新的在最前。`;
    body.replaceChildren(table([
      { title: '时间', render: (e) => fmtTime(e.at), cls: 'nowrap' },
      { title: '用户', render: (e) => (e.userId ? h('span', { class: 'mono' }, e.userId) : h('span', { class: 'muted' }, '（未登录）')), cls: 'nowrap' },
      {
        title: '操作', cls: 'nowrap',
        render: (e) => [h('div', null, actionName(e.action)), ACTION_NAMES[e.action] ? h('div', { class: 'muted small mono' }, e.action) : null],
      },
      { title: '对象', render: targetCell },
      { title: '详情', render: detailCell },
      { title: '来源地址', render: (e) => h('span', { class: 'mono' }, e.remote || '—'), cls: 'nowrap' },
      { title: '结果', render: (e) => (e.ok ? h('span', { class: 'yes' }, '成功') : h('span', { class: 'tag tag-red' }, '被拒绝')), cls: 'nowrap' },
    ], rows, {
      empty: entries.length ? '没有符合条件的记录' : '暂无记录',
      rowAttrs: (e) => ({ 'data-seq': e.seq, 'data-action': e.action, 'data-ok': e.ok ? '1' : '0', class: e.ok ? '' : 'row-problem' }),
    }));
    more.hidden = done;
  };

  const load = async () => {
    const before = entries.length ? entries[entries.length - 1].seq : undefined;
    const data = await api(`/console/api/audit${query({ before })}`);
    if (!ctx.current()) return;
    const got = data.entries || [];
    entries.push(...got);
    if (got.length < 200) done = true;
    draw();
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    more.textContent = '正在加载…';
    moreError.replaceChildren();
    try {
      await load();
    } catch (e) {
      moreError.append(h('div', { class: 'alert alert-error', role: 'alert' }, e.message));
    } finally {
      more.disabled = false;
      more.textContent = '更早';
    }
  });
  search.addEventListener('input', draw);
  refused.addEventListener('change', draw);
  await load();
}
