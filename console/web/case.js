// The case page (#/case/<id>): everything about one case and the actions the user may take now
// (only those the server lists in case.actions). #/case alone asks for a case number.
import { api, ApiError } from '/console/api.js';
import { h, fmtTime, fmtDate, lightBadge, table, alertBox } from '/console/util.js';

const TYPE_NAMES = {
  draft: '草稿', receive: '收件', notify_missing: '一次性告知', supplement: '补齐补正',
  pre_accept: '预受理', return_pre_accept: '预受理退回', accept: '受理', refuse: '不予受理',
  forward: '转报', take_in: '收件(上级)', step: '审批环节', suspend: '特别程序开始',
  resume: '特别程序结束', complete: '办结', reply: '反馈', deliver: '送达', evaluate: '评价',
  rectify: '差评整改', archive: '归档', void: '作废', return_case: '退件', withdraw: '撤销申请',
  report_up: '转报办结', fee_notice: '缴费通知', fee_paid: '缴费确认', custody: '材料交接',
  bind_number: '绑定正式编号', resolve_conflict: '冲突处理',
};

const ROLE_NAMES = {
  clerk: '窗口工作人员', village_agent: '专职代办员', hall_director: '大厅主任',
  department_staff: '部门工作人员', supervisor: '电子监察人员', admin: '系统管理员', system: '系统',
};

const STEP_NAMES = { handle: '承办', review: '审核', approve: '批准' };

const OUTCOMES = [
  { key: 'approved', name: '准予' },
  { key: 'denied', name: '不予' },
  { key: 'certificate', name: '发证' },
  { key: 'document', name: '出具文书' },
];
const OUTCOME_NAMES = {
  approved: '准予（审批通过）', denied: '不予（不予许可）', certificate: '发证（出证）', document: '出具文书（出文）',
};

const SUSPEND_KINDS = { 1: '延长审批', 2: '其他特别程序（听证、检验检测、公示等）' };
// Pauses of the clock as the case lists them: the two kinds of 特别程序, and 0 for the time the
// applicant takes to bring missing materials.
const PAUSE_KINDS = { 0: '补齐补正', ...SUSPEND_KINDS };

// The actions in the order a case meets them, with their button names.
const ACTIONS = [
  { key: 'take-in', name: '收件' },
  { key: 'handle', name: '承办' },
  { key: 'review', name: '审核' },
  { key: 'approve', name: '批准' },
  { key: 'notify-missing', name: '补正告知' },
  { key: 'suspend', name: '特别程序' },
  { key: 'resume', name: '特别程序结束' },
  { key: 'complete', name: '办结' },
  { key: 'reply', name: '反馈' },
];

export async function render(root, ctx) {
  const id = ctx.match[1] ? decodeURIComponent(ctx.match[1]) : '';
  if (!id) {
    renderLookup(root, ctx);
    return;
  }
  root.append(h('p', { class: 'muted' }, '正在加载办件…'));
  let data;
  try {
    data = await api(`/console/api/cases/${encodeURIComponent(id)}`);
  } catch (e) {
    if (!ctx.current()) return;
    if (e instanceof ApiError && e.status === 404) {
      root.replaceChildren(
        h('h1', null, '未找到办件'),
        h('div', { class: 'alert alert-error', role: 'alert', 'data-test': 'not-found' },
          `未找到办件“${id}”：办件不存在，或您无权查看。`),
        backLink(ctx));
      return;
    }
    throw e;
  }
  if (!ctx.current()) return;
  renderCase(root, ctx, data.case);
}

function backLink(ctx) {
  const href = ctx.user.role === 'department_staff' ? '#/inbox' : '#/supervision';
  const text = ctx.user.role === 'department_staff' ? '返回收件箱' : '返回电子监察';
  return h('p', null, h('a', { href }, `← ${text}`));
}

function renderLookup(root, ctx) {
  const input = h('input', { id: 'case-lookup', placeholder: '例如 421281-20261123-000001', required: true });
  const form = h('form', { class: 'inline-form' },
    h('label', { for: 'case-lookup' }, '办件编号'), input,
    h('button', { type: 'submit', class: 'btn btn-primary' }, '打开'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    if (v) ctx.navigate(`#/case/${encodeURIComponent(v)}`);
  });
  root.append(h('h1', null, '办件'),
    h('p', { class: 'muted' }, '输入正式办件编号、临时编号或办件标识查看办件。'),
    h('div', { class: 'card' }, form));
  input.focus();
}

// --- the page ----------------------------------------------------------------------------------

function renderCase(root, ctx, c, flash) {
  const actions = Array.isArray(c.actions) ? c.actions : [];
  const page = h('div', { class: 'case-page', 'data-case-id': c.caseId });
  const head = h('div', { class: 'screen-head' },
    h('div', null,
      h('h1', null, `办件 ${c.number || c.officialNumber || c.caseId}`),
      h('p', { class: 'muted' }, c.itemName || '')),
    h('div', { class: 'tools' }, backLink(ctx)));
  page.append(head);
  if (flash) page.append(flash);

  const layout = h('div', { class: 'case-layout' });
  const left = h('div', { class: 'case-main' });
  const right = h('aside', { class: 'case-side' });
  layout.append(left, right);
  page.append(layout);

  left.append(summaryCard(c));
  left.append(materialsCard(c));
  left.append(stepsCard(c));
  if ((c.suspensions || []).length) left.append(suspensionsCard(c));
  if (c.completion) left.append(completionCard(c));
  left.append(timelineCard(c));

  right.append(actionsCard(root, ctx, c, actions));
  root.replaceChildren(page);
}

function field(label, value, attrs) {
  return [h('dt', null, label), h('dd', attrs || null, value === undefined || value === null || value === '' ? '—' : value)];
}

function summaryCard(c) {
  const reasons = (c.lightReasons || []).filter(Boolean);
  const number = c.number || c.officialNumber || '—';
  const provisional = c.provisionalNumber && c.provisionalNumber !== number ? c.provisionalNumber : null;
  const item = [c.itemName, c.itemId ? `（${c.itemId}${c.itemVersion ? ` 第${c.itemVersion}版` : ''}）` : ''].join('');
  const holder = c.holderName || c.holderDepartment || c.holderSiteId;
  return h('section', { class: 'card' },
    h('h2', null, '基本信息'),
    h('dl', { class: 'facts' },
      field('办件编号', h('span', { class: 'mono' }, number), { 'data-test': 'case-number' }),
      provisional ? field('临时编号', h('span', { class: 'mono' }, provisional)) : null,
      field('事项', item),
      field('申请人', c.applicant),
      field('受理地', c.originSiteName || c.originSiteId),
      field('办件状态', h('span', { class: 'status', 'data-test': 'case-status' }, c.statusName || c.status)),
      field('现办理', holder),
      field('待办', h('span', { class: 'todo', 'data-test': 'case-todo' }, c.todo || '—')),
      field('办结时限', fmtDate(c.due)),
      field('监察', h('span', null, lightBadge(c.light, c.lightName),
        reasons.length ? h('span', { class: 'light-reasons' }, reasons.join('；')) : null))));
}

function materialsCard(c) {
  const materials = c.materials || [];
  const missing = (c.missing || []).filter(Boolean);
  const section = h('section', { class: 'card' }, h('h2', null, '申请材料'));
  section.append(table([
    { title: '材料名称', render: (m) => m.name },
    { title: '已收取', render: (m) => yesNo(m.received), cls: 'nowrap' },
    { title: '原件', render: (m) => (typeof m.original === 'boolean' ? (m.original ? '已核验' : '未提供') : m.original ?? '—'), cls: 'nowrap' },
    { title: '复印件', render: (m) => (m.copies === undefined || m.copies === null ? '—' : `${m.copies} 份`), cls: 'nowrap' },
  ], materials, { empty: '没有登记材料' }));
  if (missing.length) {
    section.append(h('div', { class: 'alert alert-warn', 'data-test': 'missing' },
      h('strong', null, '待补正材料：'), missing.join('、')));
  }
  return section;
}

function yesNo(v) {
  if (v === true) return h('span', { class: 'yes' }, '是');
  if (v === false) return h('span', { class: 'no' }, '否');
  return '—';
}

// userId → name, from the timeline (the steps carry the id only).
function userNames(c) {
  const names = new Map();
  for (const e of c.timeline || []) if (e.userId && e.userName) names.set(e.userId, e.userName);
  return names;
}

function stepsCard(c) {
  const steps = c.steps || [];
  const names = userNames(c);
  return h('section', { class: 'card', 'data-test': 'steps' }, h('h2', null, '审批环节'),
    table([
      { title: '环节', render: (s) => STEP_NAMES[s.step] || s.stepName || s.step, cls: 'nowrap' },
      { title: '结果', render: (s) => h('span', { class: s.pass ? 'yes' : 'no' }, s.pass ? '通过' : '退回'), cls: 'nowrap' },
      { title: '办理人', render: (s) => personText(s.userName || names.get(s.userId), s.userId), cls: 'nowrap' },
      { title: '意见', render: (s) => s.opinion || '—' },
      { title: '时间', render: (s) => fmtTime(s.at), cls: 'nowrap' },
    ], steps, { empty: '尚未进入审批环节' }));
}

function suspensionsCard(c) {
  const onlySpecial = c.suspensions.every((s) => SUSPEND_KINDS[s.kind]);
  return h('section', { class: 'card', 'data-test': 'suspensions' },
    h('h2', null, onlySpecial ? '特别程序' : '特别程序和补正（不计入办结时限）'),
    table([
      { title: '类型', render: (s) => PAUSE_KINDS[s.kind] ?? s.kind },
      { title: '事由', render: (s) => s.reason || '—' },
      { title: '时限', render: (s) => (s.days ? `${s.days} 个工作日` : '—'), cls: 'nowrap' },
      { title: '批准人', render: (s) => s.approver || '—', cls: 'nowrap' },
      { title: '开始', render: (s) => fmtTime(s.start), cls: 'nowrap' },
      { title: '结束', render: (s) => (s.end ? fmtTime(s.end) : '进行中'), cls: 'nowrap' },
      { title: '结果', render: (s) => s.result || '—' },
    ], c.suspensions));
}

function completionCard(c) {
  const done = c.completion;
  const reasons = (done.reasons || []).filter(Boolean);
  return h('section', { class: 'card', 'data-test': 'completion' }, h('h2', null, '办结'),
    h('dl', { class: 'facts' },
      field('办理结果', OUTCOME_NAMES[done.outcome] || done.outcomeName || done.outcome),
      done.resultName ? field('结果名称', done.resultName) : null,
      done.resultNumber ? field('结果文号', done.resultNumber) : null,
      done.at ? field('办结时间', fmtTime(done.at)) : null,
      reasons.length ? field('不予许可理由', h('ol', { class: 'plain' }, reasons.map((r) => h('li', null, r)))) : null));
}

function personText(name, id) {
  if (name && id && name !== id) return `${name}（${id}）`;
  return name || id || '—';
}

function timelineCard(c) {
  const events = c.timeline || [];
  // A step event says which step and how it went (承办通过, 审核退回 …): the applied step events
  // are the case's steps in order.
  const stepEvents = events.filter((e) => e.type === 'step' && e.applied !== false);
  const steps = c.steps || [];
  const stepNames = new Map();
  if (stepEvents.length === steps.length) {
    stepEvents.forEach((e, i) => {
      const s = steps[i];
      if (STEP_NAMES[s.step]) stepNames.set(e, `${STEP_NAMES[s.step]}${s.pass ? '通过' : '退回'}`);
    });
  }
  return h('section', { class: 'card', 'data-test': 'timeline' }, h('h2', null, '时间线'),
    table([
      { title: '时间', render: (e) => fmtTime(e.at), cls: 'nowrap' },
      { title: '事件', render: (e) => stepNames.get(e) || timelineName(e), cls: 'nowrap' },
      { title: '办理人', render: (e) => [personText(e.userName, e.userId), e.role ? h('span', { class: 'muted small' }, ` ${e.roleName || ROLE_NAMES[e.role] || e.role}`) : null] },
      { title: '地点', render: (e) => e.siteName || e.siteId || '—' },
      { title: '', render: (e) => (e.applied === false ? h('span', { class: 'no', title: e.rejectCode || '' }, `未生效：${e.rejectMessage || e.rejectCode || ''}`) : '') },
    ], events, { empty: '没有记录' }));
}

function timelineName(e) {
  if (e.typeName) return e.typeName;
  return TYPE_NAMES[e.type] || e.type;
}

// --- actions -----------------------------------------------------------------------------------

function actionsCard(root, ctx, c, actions) {
  const card = h('section', { class: 'card actions-card', 'data-test': 'actions' }, h('h2', null, '办理'));
  const known = ACTIONS.filter((a) => actions.includes(a.key));
  if (known.length === 0) {
    const why = ctx.user.role === 'department_staff' ? '当前没有您可以办理的操作。' : '只读查看：电子监察和管理人员不办理办件。';
    card.append(h('p', { class: 'muted', 'data-test': 'no-actions' }, why));
    return card;
  }
  const buttons = h('div', { class: 'action-buttons' });
  const formBox = h('div', { class: 'action-form' });
  for (const a of known) {
    const b = h('button', { type: 'button', class: 'btn', 'data-action': a.key }, a.name);
    b.addEventListener('click', () => {
      for (const other of buttons.children) other.classList.toggle('active', other === b);
      formBox.replaceChildren(actionForm(root, ctx, c, a));
      const first = formBox.querySelector('textarea, input:not([type=radio]):not([type=checkbox]), select');
      if (first) first.focus();
    });
    buttons.append(b);
  }
  card.append(buttons, formBox);
  // With one possible action its form is open at once.
  if (known.length === 1) buttons.firstChild.click();
  return card;
}

let fieldSeq = 0;
function labelled(label, input, { required = false, hint } = {}) {
  if (!input.id) input.id = `f${++fieldSeq}`;
  return h('div', { class: 'field' },
    h('label', { for: input.id }, label, required ? h('span', { class: 'req', title: '必填' }, ' *') : null),
    input,
    hint ? h('div', { class: 'hint' }, hint) : null);
}

function textarea(name, attrs = {}) {
  return h('textarea', { name, rows: 3, ...attrs });
}

function actionForm(root, ctx, c, action) {
  const error = h('div', { class: 'form-error', 'data-test': 'action-error' });
  const form = h('form', { class: 'stack', 'data-form': action.key, novalidate: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, `确认${action.name}`);
  // collect() returns the body or throws a message for the user.
  let collect;

  switch (action.key) {
    case 'take-in':
    case 'reply': {
      const note = textarea('note', { placeholder: action.key === 'reply' ? '例如：请通知申请人领取结果' : '例如：材料已收到' });
      form.append(labelled('备注', note));
      collect = () => ({ note: note.value.trim() });
      break;
    }
    case 'handle':
    case 'review':
    case 'approve': {
      const pass = h('input', { type: 'radio', name: 'pass', value: 'pass', checked: true, id: `pass-${action.key}` });
      const back = h('input', { type: 'radio', name: 'pass', value: 'return', id: `return-${action.key}` });
      const opinion = textarea('opinion', { required: true, placeholder: `请填写${action.name}意见` });
      // 承办 has nothing to return to: missing materials go by 补正告知 instead.
      const canReturn = action.key !== 'handle';
      form.append(
        h('div', { class: 'field' }, h('span', { class: 'label' }, '结论'),
          h('div', { class: 'radios' },
            h('label', { for: pass.id }, pass, ' 通过'),
            canReturn ? h('label', { for: back.id }, back, ` 退回${action.key === 'review' ? '承办' : '审核'}`) : null),
          canReturn ? null : h('div', { class: 'hint' }, '承办环节不能退回；需补正材料请出具补正告知。')),
        labelled(`${action.name}意见`, opinion, { required: true }));
      collect = () => {
        if (!opinion.value.trim()) throw new Error(`请填写${action.name}意见。`);
        return { pass: pass.checked, opinion: opinion.value.trim() };
      };
      break;
    }
    case 'suspend': {
      const kind = h('select', { name: 'kind' },
        Object.entries(SUSPEND_KINDS).map(([k, v]) => h('option', { value: k }, v)));
      const reason = textarea('reason', { required: true });
      const days = h('input', { name: 'days', type: 'number', min: 1, max: 365, step: 1, required: true });
      const approver = h('input', { name: 'approver', required: true });
      form.append(labelled('程序类型', kind), labelled('事由', reason, { required: true }),
        labelled('时限（工作日）', days, { required: true, hint: '特别程序所需时间不计入办结时限' }),
        labelled('批准人', approver, { required: true }));
      collect = () => {
        const n = Number(days.value);
        if (!reason.value.trim()) throw new Error('请填写特别程序事由。');
        if (!Number.isInteger(n) || n < 1) throw new Error('时限应为正整数个工作日。');
        if (!approver.value.trim()) throw new Error('请填写批准人。');
        return { kind: Number(kind.value), reason: reason.value.trim(), days: n, approver: approver.value.trim() };
      };
      break;
    }
    case 'resume': {
      const result = textarea('result', { required: true, placeholder: '例如：公示期满无异议' });
      form.append(labelled('特别程序结果', result, { required: true }));
      collect = () => {
        if (!result.value.trim()) throw new Error('请填写特别程序结果。');
        return { result: result.value.trim() };
      };
      break;
    }
    case 'notify-missing': {
      const boxes = (c.materials || []).map((m, i) => {
        const box = h('input', { type: 'checkbox', name: 'missing', value: m.name, id: `missing-${i}`, checked: m.received === false });
        return h('label', { for: box.id, class: 'check' }, box, ` ${m.name}`);
      });
      // Only materials of the item's published list may be asked for (the server refuses others
      // as unknown_material): what else should be said goes in the note.
      const note = textarea('note', { rows: 3, placeholder: '例如：户口簿复印件不清晰，请重新复印' });
      form.append(
        h('div', { class: 'field' }, h('span', { class: 'label' }, '缺少或需补正的材料', h('span', { class: 'req' }, ' *')),
          boxes.length ? h('div', { class: 'checks' }, boxes) : h('p', { class: 'muted' }, '本办件没有登记材料。'),
          h('div', { class: 'hint' }, '一次告知全部需补正的材料；只能要求本事项公开的申请材料。')),
        labelled('补正说明', note, { hint: '需补正的具体内容，一并写入补正告知书' }));
      collect = () => {
        const missing = [...form.querySelectorAll('input[name=missing]:checked')].map((b) => b.value);
        if (missing.length === 0) throw new Error('请至少选择一项需补正的材料。');
        return { missing, note: note.value.trim() };
      };
      break;
    }
    case 'complete': {
      const outcome = h('select', { name: 'outcome' },
        OUTCOMES.map((o) => h('option', { value: o.key }, o.name)));
      const resultName = h('input', { name: 'resultName', placeholder: '例如：最低生活保障金领取证' });
      const resultNumber = h('input', { name: 'resultNumber' });
      const reasons = textarea('reasons', { placeholder: '每行一条理由' });
      const nameField = labelled('结果名称', resultName, { required: true });
      const numberField = labelled('结果文号/证号', resultNumber);
      const reasonsField = labelled('不予许可理由', reasons, { required: true, hint: '不予许可应说明理由，并告知申请人依法申请行政复议或者提起行政诉讼的权利' });
      const sync = () => {
        const denied = outcome.value === 'denied';
        nameField.hidden = denied;
        numberField.hidden = denied;
        reasonsField.hidden = !denied;
      };
      outcome.addEventListener('change', sync);
      form.append(labelled('办理结果', outcome), nameField, numberField, reasonsField);
      sync();
      collect = () => {
        if (outcome.value === 'denied') {
          const list = reasons.value.split('\n').map((s) => s.trim()).filter(Boolean);
          if (list.length === 0) throw new Error('不予许可必须填写理由。');
          return { outcome: 'denied', reasons: list };
        }
        if (!resultName.value.trim()) throw new Error('请填写结果名称。');
        return { outcome: outcome.value, resultName: resultName.value.trim(), resultNumber: resultNumber.value.trim() };
      };
      break;
    }
    default:
      collect = () => ({});
  }

  form.append(error, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    error.replaceChildren();
    let body;
    try {
      body = collect();
    } catch (e) {
      error.append(alertBox('error', e.message));
      return;
    }
    submit.disabled = true;
    submit.textContent = '正在提交…';
    try {
      const res = await api(`/console/api/cases/${encodeURIComponent(c.caseId)}/${action.key}`, { method: 'POST', body });
      if (!ctx.current()) return;
      const flash = res.conflict
        ? alertBox('warn', `已办理「${action.name}」，但该办件存在同步冲突，请核对时间线。`)
        : alertBox('success', `已办理「${action.name}」。`);
      flash.setAttribute('data-test', 'flash');
      renderCase(root, ctx, res.case, flash);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      const box = alertBox('error', e.message || '办理失败。');
      if (e instanceof ApiError && e.status === 409) {
        // The case changed meanwhile (another person acted): offer its current state.
        box.append(' ', h('button', { type: 'button', class: 'btn btn-small', onclick: () => ctx.reload() }, '刷新办件'));
      }
      error.append(box);
      submit.disabled = false;
      submit.textContent = `确认${action.name}`;
    }
  });
  return form;
}
