// 督办: supervision notices sent to the unit that holds a case, with the unit's reply. Supervisors
// issue them (发出督办); department staff see their department's and reply to those still open.
// An unanswered notice past its reply date stands out.
import { api } from '/console/api.js';
import { h, fmtTime, fmtDate, table } from '/console/util.js';
import {
  busy, post, field, errorArea, intValue, reloadWith, takeFlash, loadOrg, unitText,
} from '/console/admin/common.js';

const FILTERS = [
  { key: '', name: '全部' },
  { key: 'open', name: '待答复' },
  { key: 'overdue', name: '逾期未答复' },
  { key: 'replied', name: '已答复' },
];

const isOverdue = (n, now) => !n.repliedAt && Number(n.replyDue) > 0 && Number(n.replyDue) < now;

export async function render(root, ctx) {
  const supervisor = ctx.user.role === 'supervisor';
  const staff = ctx.user.role === 'department_staff';
  const summary = h('p', { class: 'muted' }, '正在加载…');
  const flash = takeFlash();
  root.append(h('div', { class: 'screen-head' },
    h('div', null, h('h1', null, staff ? `督办 · ${ctx.user.department || ''}` : '督办'), summary)));
  if (flash) root.append(flash);

  const [data, org] = await Promise.all([
    api('/console/api/supervision/notices'),
    loadOrg().catch(() => null),
  ]);
  if (!ctx.current()) return;
  const notices = data.notices || [];
  // The reply dates are instants; the browser's clock judges them (the list carries no "now").
  const now = Date.now();
  const open = notices.filter((n) => !n.repliedAt);
  const late = notices.filter((n) => isOverdue(n, now));
  summary.textContent = notices.length
    ? `共 ${notices.length} 件督办，待答复 ${open.length} 件${late.length ? `，其中逾期未答复 ${late.length} 件` : ''}。`
    : (staff ? '本部门没有收到督办。' : '尚未发出督办。');

  if (supervisor) root.append(issueCard(ctx));
  if (staff && open.length) root.append(replyCards(ctx, open, now));

  const filter = ctx.params.get('show') || '';
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, FILTERS.map((f) => h('button', {
    type: 'button',
    class: `tab${f.key === filter ? ' active' : ''}`,
    role: 'tab',
    'aria-selected': f.key === filter ? 'true' : 'false',
    'data-filter': f.key,
    onclick: () => ctx.navigate(f.key ? `#/duban?show=${f.key}` : '#/duban'),
  }, f.name)));
  const shown = notices.filter((n) => {
    if (filter === 'open') return !n.repliedAt;
    if (filter === 'overdue') return isOverdue(n, now);
    if (filter === 'replied') return Boolean(n.repliedAt);
    return true;
  });
  root.append(h('section', { class: 'card' },
    h('h2', null, '督办记录'),
    tabs,
    noticeTable(shown, org, now, notices.length ? '没有符合条件的督办' : '暂无督办')));
}

function noticeTable(rows, org, now, empty) {
  return table([
    {
      title: '办件编号', cls: 'nowrap',
      render: (n) => h('a', { href: `#/case/${encodeURIComponent(n.caseId)}`, class: 'case-link' }, n.number || n.caseId),
    },
    { title: '事项', render: (n) => n.itemName || '—' },
    { title: '被督办单位', render: (n) => n.unitName || unitText(n.unit, org), cls: 'nowrap' },
    { title: '督办事由', render: (n) => h('div', { class: 'prewrap' }, n.reason) },
    {
      title: '发出', cls: 'nowrap',
      render: (n) => [h('div', null, n.issuedBy || '—'), h('div', { class: 'muted small' }, fmtTime(n.issuedAt))],
    },
    { title: '答复期限', cls: 'nowrap', render: (n) => dueCell(n, now) },
    {
      title: '答复',
      render: (n) => (n.repliedAt
        ? h('div', { class: 'prewrap', 'data-test': 'reply' }, n.reply)
        : h('span', { class: isOverdue(n, now) ? 'overdue' : 'muted' }, '待答复')),
    },
    {
      title: '答复人/时间', cls: 'nowrap',
      render: (n) => (n.repliedAt
        ? [h('div', null, n.repliedBy || '—'), h('div', { class: 'muted small' }, fmtTime(n.repliedAt))]
        : '—'),
    },
  ], rows, {
    empty,
    rowAttrs: (n) => ({
      'data-notice-id': n.id,
      'data-case-id': n.caseId,
      class: isOverdue(n, now) ? 'row-problem' : (n.repliedAt ? 'row-done' : ''),
    }),
  });
}

function dueCell(n, now) {
  const date = fmtDate(Number(n.replyDue));
  if (isOverdue(n, now)) {
    return h('span', { class: 'overdue', 'data-overdue': 'true' }, date, ' ', h('span', { class: 'tag tag-red' }, '逾期'));
  }
  return h('span', null, date);
}

// --- supervisors: 发出督办 --------------------------------------------------------------------------

function issueCard(ctx) {
  const caseInput = h('input', {
    name: 'caseId', value: ctx.params.get('case') || '', placeholder: '办件编号或办件标识', autocomplete: 'off',
  });
  const reason = h('textarea', { name: 'reason', rows: 3, placeholder: '例如：该办件已超过承诺办结时限，请说明原因并尽快办结' });
  const days = h('input', { name: 'replyDays', type: 'number', min: 1, max: 30, step: 1, value: 3 });
  const error = errorArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '发出督办');
  const form = h('form', { class: 'form-grid', 'data-form': 'issue', novalidate: true },
    field('办件', caseInput, { required: true, hint: '正式办件编号、临时编号或办件标识' }),
    field('答复期限（工作日）', days, { required: true, hint: '1–30 个工作日，从今天起算' }),
    field('督办事由', reason, { required: true, cls: 'span-all' }),
    h('div', { class: 'span-all' }, error, h('div', { class: 'form-actions' }, submit)));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, error, async () => {
      const caseId = caseInput.value.trim();
      if (!caseId) throw new Error('请填写要督办的办件编号。');
      if (!reason.value.trim()) throw new Error('请写明督办事由。');
      const replyDays = intValue(days, '答复期限', { min: 1, max: 30 });
      const res = await post('/console/api/supervision/notices', { caseId, reason: reason.value.trim(), replyDays });
      const org = await loadOrg().catch(() => null);
      reloadWith(ctx, 'success', `已向${unitText(res.unit, org)}发出督办，请在 ${replyDays} 个工作日内答复。`, '#/duban');
    });
  });
  return h('section', { class: 'card', 'data-test': 'issue-card' },
    h('h2', null, '发出督办'),
    h('p', { class: 'muted small' }, '督办通知发给办件当前所在的部门或场所。'),
    form);
}

// --- department staff: replies -----------------------------------------------------------------

function replyCards(ctx, open, now) {
  return h('section', { class: 'card', 'data-test': 'reply-cards' },
    h('h2', null, `待答复的督办（${open.length}）`),
    h('div', { class: 'notice-list' }, open.map((n) => replyCard(ctx, n, now))));
}

function replyCard(ctx, n, now) {
  const text = h('textarea', { name: 'reply', rows: 3, placeholder: '说明办件情况、原因和整改措施' });
  const error = errorArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交答复');
  const form = h('form', { class: 'stack', 'data-form': 'reply', novalidate: true },
    field('答复', text, { required: true }), error, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, error, async () => {
      if (!text.value.trim()) throw new Error('请填写答复内容。');
      await post(`/console/api/supervision/notices/${encodeURIComponent(n.id)}/reply`, { reply: text.value.trim() });
      reloadWith(ctx, 'success', `已答复办件 ${n.number || n.caseId} 的督办。`);
    });
  });
  const late = isOverdue(n, now);
  return h('article', { class: `notice${late ? ' notice-late' : ''}`, 'data-notice-id': n.id },
    h('div', { class: 'notice-head' },
      h('a', { href: `#/case/${encodeURIComponent(n.caseId)}`, class: 'case-link' }, n.number || n.caseId),
      h('span', null, n.itemName || ''),
      h('span', { class: late ? 'overdue' : 'muted' }, `答复期限 ${fmtDate(Number(n.replyDue))}${late ? '（已逾期）' : ''}`)),
    h('p', { class: 'notice-reason' }, h('strong', null, '督办事由：'), n.reason),
    h('p', { class: 'muted small' }, `${n.issuedBy || ''} 于 ${fmtTime(n.issuedAt)} 发出`),
    form);
}
