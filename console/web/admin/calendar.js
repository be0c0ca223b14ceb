// 节假日 (#/calendar?year=YYYY): the working-day calendar's holidays and make-up working days (调休)
// of one year, as a list and as twelve small months. Admins add, replace and delete days; every
// change is published as a new reference version. Supervisors read.
import { api } from '/console/api.js';
import { h, todayIso, table, dateInput, isoDate } from '/console/util.js';
import {
  isAdmin, busy, post, field, errorArea, options, confirmDialog, reloadWith, takeFlash,
} from '/console/admin/common.js';

const KIND_NAMES = { holiday: '放假', workday: '调休上班' };
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function weekday(iso) {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

export async function render(root, ctx) {
  const admin = isAdmin(ctx);
  const flash = takeFlash();
  const data = await api('/console/api/calendar');
  if (!ctx.current()) return;
  const first = Number(data.firstYear);
  const last = Number(data.lastYear);
  const thisYear = Number(todayIso().slice(0, 4));
  let year = Number(ctx.params.get('year')) || Math.min(Math.max(thisYear, first), last);
  if (year < first || year > last) year = Math.min(Math.max(year, first), last);
  const byDate = new Map((data.days || []).map((d) => [d.date, d]));
  const days = (data.days || []).filter((d) => d.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const workdays = days.filter((d) => d.kind === 'workday').length;

  root.append(h('div', { class: 'screen-head' },
    h('div', null, h('h1', null, '节假日'),
      h('p', { class: 'muted' }, `工作日日历覆盖 ${first}–${last} 年。周一至周五为工作日，下列放假日除外；调休上班的周末计为工作日。办结时限按工作日计算。`))));
  if (flash) root.append(flash);

  const years = [];
  for (let y = first; y <= last; y += 1) years.push(y);
  root.append(h('div', { class: 'tabs year-tabs', role: 'tablist' }, years.map((y) => h('button', {
    type: 'button', role: 'tab', class: `tab${y === year ? ' active' : ''}`, 'data-year': y,
    'aria-selected': y === year ? 'true' : 'false',
    onclick: () => ctx.navigate(`#/calendar?year=${y}`),
  }, `${y} 年`))));

  const form = admin ? dayForm(ctx, year, first, last, byDate) : null;
  const list = h('section', { class: 'card', 'data-test': 'calendar-days' },
    h('h2', null, `${year} 年：放假 ${holidays} 天，调休上班 ${workdays} 天`),
    dayTable(ctx, days, form));
  const layout = h('div', { class: 'calendar-layout' },
    h('div', null, form ? form.element : h('p', { class: 'alert alert-info' }, '只读查看：节假日由系统管理员维护。'), list),
    h('section', { class: 'card' }, h('h2', null, `${year} 年日历`), yearGrid(year, byDate),
      h('div', { class: 'legend' },
        h('span', { class: 'day-holiday legend-mark' }, '休'), ' 放假　',
        h('span', { class: 'day-workday legend-mark' }, '班'), ' 调休上班　',
        h('span', { class: 'day-weekend legend-mark' }, '六'), ' 周末')));
  root.append(layout);
}

function dayTable(ctx, days, form) {
  const admin = isAdmin(ctx);
  const error = errorArea();
  const columns = [
    { title: '日期', render: (d) => h('span', { class: 'mono' }, d.date), cls: 'nowrap' },
    { title: '星期', render: (d) => `星期${WEEKDAYS[weekday(d.date)]}`, cls: 'nowrap' },
    { title: '类型', render: (d) => h('span', { class: `tag ${d.kind === 'holiday' ? 'tag-red' : 'tag-blue'}` }, KIND_NAMES[d.kind] || d.kind), cls: 'nowrap' },
    { title: '名称', render: (d) => d.name || '—' },
  ];
  if (admin) {
    columns.push({
      title: '操作', cls: 'nowrap',
      render: (d) => {
        const edit = h('button', { type: 'button', class: 'btn btn-small', 'data-day-action': 'edit' }, '修改');
        edit.addEventListener('click', () => form.fill(d));
        const del = h('button', { type: 'button', class: 'btn btn-small btn-danger-outline', 'data-day-action': 'delete' }, '删除');
        del.addEventListener('click', async () => {
          if (!await confirmDialog('删除日期', `删除 ${d.date}（${d.name}，${KIND_NAMES[d.kind]}）？删除后该日按平常的工作日或周末计算。`, { okText: '删除', danger: true })) return;
          busy(del, error, async () => {
            const res = await post('/console/api/calendar/days/delete', { date: d.date });
            reloadWith(ctx, 'success', `已删除 ${d.date}（参考数据第 ${res.referenceVersion} 版）。`);
          }, '…');
        });
        return h('div', { class: 'row-actions' }, edit, del);
      },
    });
  }
  return [error, table(columns, days, {
    empty: '本年没有设置节假日',
    rowAttrs: (d) => ({ 'data-date': d.date, 'data-kind': d.kind }),
  })];
}

function dayForm(ctx, year, first, last, byDate) {
  const dateField = dateInput({ name: 'date', min: `${first}-01-01`, max: `${last}-12-31` });
  const date = dateField.input;
  const kind = h('select', { name: 'kind' }, options(Object.entries(KIND_NAMES), 'holiday'));
  const name = h('input', { name: 'name', placeholder: '如 春节、国庆节', autocomplete: 'off' });
  const note = h('div', { class: 'hint' });
  const error = errorArea();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存');
  const describe = () => {
    const iso = isoDate(date.value);
    const existing = iso && byDate.get(iso);
    if (!iso) {
      note.textContent = date.value.trim() ? '不是有效的日期。' : '';
    } else if (existing) {
      note.textContent = `${iso} 已设为${KIND_NAMES[existing.kind]}（${existing.name}），保存将替换。`;
    } else {
      const w = weekday(iso);
      note.textContent = `星期${WEEKDAYS[w]}，${w === 0 || w === 6 ? '平常为周末' : '平常为工作日'}。`;
    }
    submit.textContent = existing ? '替换' : '添加';
  };
  date.addEventListener('input', describe);
  describe();
  const form = h('form', { class: 'form-grid', 'data-form': 'calendar-day', novalidate: true },
    field('日期', dateField.element, { required: true, hint: '年-月-日，如 2026-10-01' }),
    field('类型', kind, { required: true }),
    field('名称', name, { required: true }),
    h('div', { class: 'span-all' }, note, error, h('div', { class: 'form-actions' }, submit)));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, error, async () => {
      const iso = isoDate(date.value);
      if (!iso) throw new Error('请按“年-月-日”填写日期，如 2026-10-01。');
      if (!name.value.trim()) throw new Error('请填写名称（如 春节）。');
      const replaced = byDate.has(iso);
      const res = await post('/console/api/calendar/days', { date: iso, kind: kind.value, name: name.value.trim() });
      reloadWith(ctx, 'success',
        `已${replaced ? '替换' : '添加'} ${iso}：${KIND_NAMES[kind.value]}（${name.value.trim()}），参考数据第 ${res.referenceVersion} 版，各场所下次同步后生效。`,
        `#/calendar?year=${iso.slice(0, 4)}`);
    });
  });
  return {
    element: h('section', { class: 'card', 'data-test': 'calendar-form' }, h('h2', null, '添加或修改'), form),
    fill: (d) => {
      date.value = d.date;
      kind.value = d.kind;
      name.value = d.name;
      describe();
      name.focus();
    },
  };
}

// Twelve small months: holidays red, make-up working days blue, weekends grey.
function yearGrid(year, byDate) {
  const months = [];
  for (let m = 1; m <= 12; m += 1) {
    const firstDay = new Date(Date.UTC(year, m - 1, 1));
    const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const cells = [];
    // Weeks start on Monday.
    const lead = (firstDay.getUTCDay() + 6) % 7;
    for (let i = 0; i < lead; i += 1) cells.push(h('span', { class: 'day day-blank' }));
    for (let d = 1; d <= count; d += 1) {
      const iso = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const entry = byDate.get(iso);
      const w = weekday(iso);
      let cls = 'day';
      if (entry) cls += entry.kind === 'holiday' ? ' day-holiday' : ' day-workday';
      else if (w === 0 || w === 6) cls += ' day-weekend';
      cells.push(h('span', { class: cls, title: entry ? `${iso} ${entry.name}（${KIND_NAMES[entry.kind]}）` : iso }, String(d)));
    }
    months.push(h('div', { class: 'month' },
      h('div', { class: 'month-name' }, `${m} 月`),
      h('div', { class: 'month-grid' },
        ['一', '二', '三', '四', '五', '六', '日'].map((w) => h('span', { class: 'day day-head' }, w)),
        cells)));
  }
  return h('div', { class: 'year-grid' }, months);
}
