// 事项目录: the latest version of every item with its status and unpublished drafts; searching by
// name, id or department. Admins start new items here (事项编码, 部门, 名称, then the full form on
// the item page); supervisors read.
import { api } from '/console/api.js';
import { h, fmtTime, table } from '/console/util.js';
import {
  isAdmin, field, errorArea, options, loadOrg, takeFlash,
} from '/console/admin/common.js';
import { STATUS_NAMES, statusBadge, days } from '/console/admin/codes.js';

export async function render(root, ctx) {
  const p = ctx.params;
  const search = h('input', { id: 'cat-search', type: 'search', value: p.get('q') || '', placeholder: '事项名称、编码或部门' });
  const dept = h('select', { id: 'cat-dept' }, h('option', { value: '' }, '全部部门'));
  const status = h('select', { id: 'cat-status' },
    options([['', '全部状态'], ...Object.entries(STATUS_NAMES)], p.get('status') || ''));
  const drafts = h('input', { id: 'cat-drafts', type: 'checkbox', checked: p.get('drafts') === '1' });
  const summary = h('p', { class: 'muted' }, '正在加载…');
  const tools = h('div', { class: 'tools' });
  const flash = takeFlash();
  const newBox = h('div');
  const body = h('div');
  root.append(
    h('div', { class: 'screen-head' }, h('div', null, h('h1', null, '事项目录'), summary), tools),
    ...(flash ? [flash] : []),
    newBox,
    h('div', { class: 'card' }, h('div', { class: 'filters' },
      field('查找', search),
      field('部门', dept),
      field('状态', status),
      h('div', { class: 'field field-check' }, h('label', { for: drafts.id }, drafts, ' 只看有草稿的')))),
    body);

  const [data, org] = await Promise.all([api('/console/api/catalog'), loadOrg()]);
  if (!ctx.current()) return;
  const items = data.items || [];
  const depts = org.departments.map((d) => d.name);
  dept.append(...depts.map((d) => h('option', { value: d, selected: d === p.get('department') }, d)));
  const byStatus = (s) => items.filter((i) => i.status === s).length;
  const withDraft = items.filter((i) => i.draftBy).length;
  summary.textContent = `共 ${items.length} 个事项：在用 ${byStatus('active')}，暂停 ${byStatus('suspended')}，` +
    `取消 ${byStatus('cancelled')}${withDraft ? `，有未发布草稿 ${withDraft}` : ''}。参考数据第 ${data.referenceVersion} 版。`;

  if (isAdmin(ctx)) {
    const add = h('button', { type: 'button', class: 'btn btn-primary', 'data-test': 'new-item' }, '新增事项');
    add.addEventListener('click', () => {
      if (newBox.firstChild) {
        newBox.replaceChildren();
        return;
      }
      newBox.replaceChildren(newItemCard(ctx, items, org, () => newBox.replaceChildren()));
      newBox.querySelector('select, input').focus();
    });
    tools.append(add);
  } else {
    tools.append(h('span', { class: 'tag' }, '只读查看'));
  }

  const draw = () => {
    const q = search.value.trim().toLowerCase();
    const rows = items.filter((i) => (!dept.value || i.department === dept.value)
      && (!status.value || i.status === status.value)
      && (!drafts.checked || i.draftBy)
      && (!q || [i.name, i.id, i.department].some((s) => s && s.toLowerCase().includes(q))));
    rows.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const hash = `#/catalog${new URLSearchParams(Object.entries({
      q: search.value.trim(), department: dept.value, status: status.value, drafts: drafts.checked ? '1' : '',
    }).filter(([, v]) => v)).toString().replace(/^(.)/, '?$1')}`;
    history.replaceState(null, '', hash);
    body.replaceChildren(
      h('p', { class: 'muted small' }, rows.length === items.length ? `显示全部 ${items.length} 项` : `符合条件 ${rows.length} 项（共 ${items.length} 项）`),
      table([
        { title: '事项编码', cls: 'nowrap', render: (i) => h('a', { href: `#/catalog/${encodeURIComponent(i.id)}`, class: 'mono' }, i.id) },
        { title: '事项名称', render: (i) => i.name },
        { title: '部门', cls: 'nowrap', render: (i) => i.department || '—' },
        { title: '状态', cls: 'nowrap', render: (i) => statusBadge(i.status) },
        { title: '版本', cls: 'nowrap', render: (i) => (i.version ? [`第 ${i.version} 版`, h('div', { class: 'muted small' }, `${i.effectiveFrom || ''} 起`)] : '—') },
        { title: '承诺/法定时限', cls: 'nowrap', render: (i) => (i.version ? `${Number(i.promisedLimitDays) === 0 ? '即办' : i.promisedLimitDays} / ${days(i.legalLimitDays)}` : '—') },
        {
          title: '草稿', cls: 'nowrap',
          render: (i) => (i.draftBy
            ? h('span', { class: 'draft-mark', 'data-test': 'draft-mark', title: `${i.draftBy} 于 ${fmtTime(i.draftAt)} 保存` },
              '有草稿', h('span', { class: 'muted small' }, ` ${i.draftBy} ${fmtTime(i.draftAt)}`))
            : ''),
        },
      ], rows, {
        empty: items.length ? '没有符合条件的事项' : '事项目录为空',
        rowAttrs: (i) => ({
          class: 'clickable',
          'data-item-id': i.id,
          onclick: (ev) => {
            if (ev.target.closest('a')) return;
            ctx.navigate(`#/catalog/${encodeURIComponent(i.id)}`);
          },
        }),
      }));
  };
  for (const el of [dept, status, drafts]) el.addEventListener('change', draw);
  search.addEventListener('input', draw);
  draw();
}

// The next free id of a department: its code, a hyphen and three digits (MZJ-011).
function nextId(code, items) {
  let max = 0;
  for (const i of items) {
    const m = String(i.id).match(/^([A-Z]+)-(\d{3})$/);
    if (m && m[1] === code) max = Math.max(max, Number(m[2]));
  }
  return `${code}-${String(max + 1).padStart(3, '0')}`;
}

function newItemCard(ctx, items, org, close) {
  const dept = h('select', { name: 'department' },
    h('option', { value: '' }, '请选择部门'),
    org.departments.map((d) => h('option', { value: d.name, 'data-code': d.code }, `${d.name}（${d.code}）`)));
  const id = h('input', { name: 'id', class: 'mono', placeholder: '例如 MZJ-011', autocomplete: 'off' });
  const name = h('input', { name: 'name', placeholder: '例如 临时救助申请', autocomplete: 'off' });
  const error = errorArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '下一步：填写八公开');
  dept.addEventListener('change', () => {
    const code = dept.selectedOptions[0]?.dataset.code;
    if (code && (!id.value || /^[A-Z]+-\d{3}$/.test(id.value))) id.value = nextId(code, items);
  });
  const form = h('form', { class: 'form-grid', 'data-form': 'new-item', novalidate: true },
    field('部门', dept, { required: true }),
    field('事项编码', id, { required: true, hint: '部门代码加三位序号，保存后不能更改' }),
    field('事项名称', name, { required: true }),
    h('div', { class: 'span-all' }, error, h('div', { class: 'form-actions' }, submit,
      h('button', { type: 'button', class: 'btn', onclick: close }, '取消'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.replaceChildren();
    const v = id.value.trim();
    let message = '';
    if (!dept.value) message = '请选择部门。';
    else if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(v)) message = '事项编码只能由字母、数字和“-”组成，不超过 32 个字符。';
    else if (items.some((i) => i.id === v)) message = `事项编码 ${v} 已被使用。`;
    else if (!name.value.trim()) message = '请填写事项名称。';
    if (message) {
      error.append(h('div', { class: 'alert alert-error', role: 'alert' }, message));
      return;
    }
    const q = new URLSearchParams({ new: '1', department: dept.value, name: name.value.trim(), tab: 'edit' });
    ctx.navigate(`#/catalog/${encodeURIComponent(v)}?${q}`);
  });
  return h('section', { class: 'card', 'data-test': 'new-item-card' },
    h('h2', null, '新增事项'),
    h('p', { class: 'muted small' }, '先确定部门、编码和名称，再在下一页填写完整的八公开内容，保存为草稿后发布。'),
    form);
}
