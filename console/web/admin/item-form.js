// The edit form of one catalog item: every field of the catalog file's item (docs/seed-formats.md).
// Lists are one entry a line; materials and fee items are rows that can be added, moved and
// removed. collect() gives the item to save as the draft, or throws a message when a field cannot
// even be read (a number that is not a number); the rules of the catalog (promised limit below the
// legal one, step limits within the promised one …) are the server's to check.
import { h } from '/console/util.js';
import { field, checkbox, options, intValue, fieldId } from '/console/admin/common.js';
import {
  ITEM_TYPES, SERVICE_OBJECTS, CASE_KINDS, STEP_NAMES, LEVELS, HANDLING,
} from '/console/admin/codes.js';

// Fields the form writes; anything else an item carries is kept as it was.
const DROPPED = ['version', 'effectiveFrom'];

function lines(text) {
  return text.split('\n').map((s) => s.trim()).filter(Boolean);
}

function fieldset(title, ...content) {
  return h('fieldset', { class: 'form-section' }, h('legend', null, title), ...content);
}

function num(value, attrs = {}) {
  return h('input', { type: 'number', min: 0, step: 1, value: value ?? '', class: 'num-input', ...attrs });
}

function smallButton(text, title, onclick, cls = '') {
  return h('button', { type: 'button', class: `btn btn-small ${cls}`, title, 'aria-label': title, onclick }, text);
}

// Rows of inputs with 上移/下移/删除 and an add button: make(row values) → {tr, read()}.
function rowEditor({ columns, rows, make, addText, empty, name }) {
  const body = h('tbody');
  const entries = [];
  const emptyRow = h('tr', { class: 'empty' }, h('td', { colspan: columns.length + 1 }, empty));
  const refresh = () => {
    body.replaceChildren(...(entries.length ? entries.map((e) => e.tr) : [emptyRow]));
    entries.forEach((e, i) => {
      e.tr.querySelector('.row-no').textContent = String(i + 1);
      e.up.disabled = i === 0;
      e.down.disabled = i === entries.length - 1;
    });
  };
  const add = (values) => {
    const entry = make(values);
    entry.up = smallButton('↑', '上移', () => move(entry, -1));
    entry.down = smallButton('↓', '下移', () => move(entry, 1));
    entry.remove = smallButton('删除', '删除此行', () => {
      entries.splice(entries.indexOf(entry), 1);
      refresh();
    }, 'btn-link-danger');
    entry.tr.append(h('td', { class: 'row-tools nowrap' }, entry.up, entry.down, entry.remove));
    entries.push(entry);
    return entry;
  };
  const move = (entry, delta) => {
    const i = entries.indexOf(entry);
    const j = i + delta;
    if (j < 0 || j >= entries.length) return;
    [entries[i], entries[j]] = [entries[j], entries[i]];
    refresh();
  };
  for (const r of rows) add(r);
  refresh();
  const addButton = h('button', { type: 'button', class: 'btn btn-small', 'data-add': name }, `＋ ${addText}`);
  addButton.addEventListener('click', () => {
    const entry = add(null);
    refresh();
    const first = entry.tr.querySelector('input:not([type=checkbox]), textarea');
    if (first) first.focus();
  });
  const element = h('div', { class: 'row-editor', 'data-rows': name },
    h('div', { class: 'table-wrap' }, h('table', { class: 'grid edit-grid' },
      h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.cls }, c.title)), h('th', null, ''))),
      body)),
    h('div', { class: 'row-editor-add' }, addButton));
  return { element, read: () => entries.map((e, i) => e.read(i)) };
}

function materialRow(m) {
  const v = m || { name: '', required: true, originals: 1, copies: 0, source: '', reviewPoints: '' };
  const name = h('input', { name: 'm-name', value: v.name || '', placeholder: '材料名称' });
  const required = h('input', { type: 'checkbox', name: 'm-required', checked: v.required !== false, title: '必要材料' });
  const originals = num(v.originals ?? 0, { name: 'm-originals', max: 20, title: '原件份数' });
  const copies = num(v.copies ?? 0, { name: 'm-copies', max: 20, title: '复印件份数' });
  const source = h('input', { name: 'm-source', value: v.source || '', placeholder: '如 申请人自备' });
  const review = h('textarea', { name: 'm-review', rows: 2, placeholder: '审查要点' }, v.reviewPoints || '');
  const tr = h('tr', { 'data-row': 'material' },
    h('td', { class: 'row-no num' }),
    h('td', { class: 'w-name' }, name),
    h('td', { class: 'center' }, required),
    h('td', { class: 'w-count' }, originals),
    h('td', { class: 'w-count' }, copies),
    h('td', { class: 'w-source' }, source),
    h('td', { class: 'w-text' }, review));
  return {
    tr,
    read: (i) => {
      const label = `第 ${i + 1} 项材料的`;
      if (!name.value.trim()) throw new Error(`${label}名称不能为空。`);
      return {
        ...(m || {}),
        name: name.value.trim(),
        required: required.checked,
        originals: intValue(originals, `${label}原件份数`, { min: 0, max: 20 }),
        copies: intValue(copies, `${label}复印件份数`, { min: 0, max: 20 }),
        source: source.value.trim(),
        reviewPoints: review.value.trim(),
      };
    },
  };
}

function feeRow(f) {
  const v = f || { name: '', standard: '', amountFen: 0, reducible: false, reductionBasis: '' };
  const name = h('input', { name: 'f-name', value: v.name || '', placeholder: '收费项目名称' });
  const standard = h('input', { name: 'f-standard', value: v.standard || '', placeholder: '如 每件 10 元' });
  const amount = h('input', {
    name: 'f-amount', type: 'number', min: 0, step: '0.01', class: 'num-input',
    value: v.amountFen ? (Number(v.amountFen) / 100).toFixed(2) : '',
  });
  const reducible = h('input', { type: 'checkbox', name: 'f-reducible', checked: Boolean(v.reducible), title: '允许减免' });
  const basis = h('input', { name: 'f-basis', value: v.reductionBasis || '', placeholder: '减免依据' });
  const tr = h('tr', { 'data-row': 'fee' },
    h('td', { class: 'row-no num' }),
    h('td', { class: 'w-name' }, name),
    h('td', { class: 'w-source' }, standard),
    h('td', { class: 'w-money' }, amount),
    h('td', { class: 'center' }, reducible),
    h('td', { class: 'w-source' }, basis));
  return {
    tr,
    read: (i) => {
      const label = `第 ${i + 1} 个收费项目的`;
      if (!name.value.trim()) throw new Error(`${label}名称不能为空。`);
      const yuanText = String(amount.value).trim();
      const yuanValue = Number(yuanText);
      if (yuanText === '' || !Number.isFinite(yuanValue) || yuanValue < 0) throw new Error(`${label}金额应为以元为单位的数字。`);
      return {
        ...(f || {}),
        name: name.value.trim(),
        standard: standard.value.trim(),
        amountFen: Math.round(yuanValue * 100),
        reducible: reducible.checked,
        reductionBasis: basis.value.trim(),
      };
    },
  };
}

// The form for `source` (the draft, the published version or a new item's template).
export function itemForm(source, org) {
  const base = { ...source };
  for (const k of DROPPED) delete base[k];

  // --- 基本信息 ---
  const name = h('input', { name: 'name', value: base.name || '' });
  const variant = h('input', { name: 'variant', value: base.variant || '', placeholder: '无则留空' });
  const basicCode = h('input', { name: 'basicCode', class: 'mono', value: base.basicCode || '' });
  const implementationCode = h('input', { name: 'implementationCode', class: 'mono', value: base.implementationCode || '' });
  const itemType = h('select', { name: 'itemType' }, options(ITEM_TYPES.map(([c, n]) => [c, `${c} ${n}`]), base.itemType));
  const caseKind = h('select', { name: 'caseKind' }, options(CASE_KINDS, base.caseKind));
  const objects = SERVICE_OBJECTS.map(([code, text]) => ({
    code, ...checkbox(text, { name: 'serviceObject', checked: (base.serviceObject || []).map(String).includes(code) }),
  }));
  const deptNames = org.departments.map((d) => d.name);
  if (base.department && !deptNames.includes(base.department)) deptNames.push(base.department);
  const department = h('select', { name: 'department' }, options(deptNames.map((d) => [d, d]), base.department));
  // The hall window set (统一窗口设置).
  const windows = [...new Set([...(org.windowSets?.hall || []), ...org.departments.map((d) => d.window), '综合'])].filter(Boolean);
  if (base.window && !windows.includes(base.window)) windows.push(base.window);
  const windowSelect = h('select', { name: 'window' }, options(windows.map((w) => [w, `${w}窗口`]), base.window || '综合'));
  const windowOf = (dept) => org.departments.find((d) => d.name === dept)?.window || '综合';
  let lastDept = department.value;
  department.addEventListener('change', () => {
    // The window follows the department unless it was chosen otherwise.
    if (windowSelect.value === windowOf(lastDept)) windowSelect.value = windowOf(department.value);
    lastDept = department.value;
  });

  // --- 设定依据, 申请条件 ---
  const legalBasis = h('textarea', { name: 'legalBasis', rows: 4 }, base.legalBasis || '');
  const conditions = h('textarea', { name: 'conditions', rows: 4, placeholder: '每行一条条件' },
    (base.conditions || []).join('\n'));

  // --- 申请材料 ---
  const materials = rowEditor({
    name: 'materials',
    columns: [
      { title: '序号' }, { title: '材料名称' }, { title: '必要', cls: 'center' }, { title: '原件份数' },
      { title: '复印件份数' }, { title: '材料来源' }, { title: '审查要点' },
    ],
    rows: base.materials || [],
    make: materialRow,
    addText: '添加材料',
    empty: '尚无材料：至少需要一项必要材料',
  });

  // --- 办理流程和时限 ---
  const legal = num(base.legalLimitDays ?? '', { name: 'legalLimitDays', max: 365 });
  const promised = num(base.promisedLimitDays ?? '', { name: 'promisedLimitDays', max: 365 });
  const steps = base.steps || [];
  const stepCount = h('select', { name: 'stepCount' }, options([
    ['1', '承办'], ['2', '承办 → 审核'], ['3', '承办 → 审核 → 批准'],
  ], String(Math.min(3, Math.max(1, steps.length || 3)))));
  const stepInputs = [1, 2, 3].map((n) => num(steps[n - 1]?.limitDays ?? '', { name: `step${n}`, max: 365 }));
  const stepFields = stepInputs.map((input, i) => field(`${STEP_NAMES[i + 1]}时限（工作日）`, input));
  const stepSum = h('div', { class: 'hint', 'data-test': 'step-sum' });
  const syncSteps = () => {
    const n = Number(stepCount.value);
    stepFields.forEach((f, i) => { f.hidden = i >= n; });
    const sum = stepInputs.slice(0, n).reduce((s, inp) => s + (Number(inp.value) || 0), 0);
    const limit = Number(promised.value);
    const over = promised.value !== '' && sum > limit;
    stepSum.textContent = `环节时限合计 ${sum} 个工作日${promised.value !== '' ? `，承诺办结时限 ${limit} 个工作日` : ''}${over ? '（合计超过承诺时限，保存时将被拒绝）' : ''}`;
    stepSum.classList.toggle('overdue', over);
  };
  for (const el of [stepCount, promised, ...stepInputs]) el.addEventListener('input', syncSteps);
  stepCount.addEventListener('change', syncSteps);
  syncSteps();

  // --- 收费 ---
  const fee = base.fee || { charged: false, basis: '', items: [] };
  const charged = checkbox('收费', { name: 'charged', checked: Boolean(fee.charged) });
  const feeBefore = checkbox('先缴费后受理', { name: 'feeBeforeAccept', checked: Boolean(base.feeBeforeAccept) });
  const feeBasis = h('textarea', { name: 'feeBasis', rows: 2 }, fee.basis || '');
  const feeItems = rowEditor({
    name: 'fees',
    columns: [{ title: '序号' }, { title: '收费项目' }, { title: '收费标准' }, { title: '金额（元）' }, { title: '可减免', cls: 'center' }, { title: '减免依据' }],
    rows: fee.items || [],
    make: feeRow,
    addText: '添加收费项目',
    empty: '尚无收费项目',
  });
  const feeDetails = h('div', { class: 'stack' },
    field('收费依据', feeBasis, { required: true }), feeItems.element, feeBefore.wrap);
  const syncFee = () => { feeDetails.hidden = !charged.box.checked; };
  charged.box.addEventListener('change', syncFee);
  syncFee();

  // --- 行使层级和办理方式 ---
  const offered = (base.levels || []).map(String);
  const levelRows = LEVELS.map(([code, levelName]) => {
    const on = checkbox(levelName, { name: 'levels', checked: offered.includes(code) });
    const mode = h('select', { name: `handling-${code}` }, options(HANDLING[code], (base.handling || {})[code]));
    const sync = () => { mode.disabled = !on.box.checked; };
    on.box.addEventListener('change', sync);
    sync();
    return { code, on, mode, row: h('div', { class: 'level-row', 'data-level': code }, on.wrap, mode) };
  });

  // Which sites of those levels do not take the item (e.g. no forest in the township).
  const notOffered = h('textarea', { name: 'notOfferedAt', rows: 2, placeholder: '例如 421281905003' },
    (base.notOfferedAt || []).join('\n'));

  // --- 地点和电话 ---
  const place = h('textarea', { name: 'place', rows: 2 }, base.place || '');
  const consultPhone = h('input', { name: 'consultPhone', value: base.consultPhone || '' });
  const supervisePhone = h('input', { name: 'supervisePhone', value: base.supervisePhone || '' });

  const element = h('div', { class: 'item-form', 'data-test': 'item-form' },
    fieldset('基本信息', h('div', { class: 'form-grid' },
      field('事项名称', name, { required: true }),
      field('业务办理项', variant),
      field('基本编码', basicCode, { required: true }),
      field('实施编码', implementationCode, { required: true }),
      field('事项类型', itemType),
      field('办件类型', caseKind, { hint: '即办件当场办结，承诺时限为 0' }),
      field('实施部门', department),
      field('办理窗口', windowSelect, { hint: '便民服务大厅的窗口' }),
      h('div', { class: 'field span-all' }, h('span', { class: 'label' }, '服务对象'),
        h('div', { class: 'checks-inline' }, objects.map((o) => o.wrap))))),
    fieldset('一、设定依据', field('设定依据', legalBasis, { required: true })),
    fieldset('二、申请条件', field('受理条件', conditions, { hint: '每行一条' })),
    fieldset('三、申请材料', h('p', { class: 'hint' }, '“必要”打勾为必须提交的材料；每项材料至少需要一份原件或复印件。'), materials.element),
    fieldset('四、办理流程和时限',
      h('div', { class: 'form-grid' },
        field('法定办结时限（工作日）', legal, { required: true }),
        field('承诺办结时限（工作日）', promised, { required: true, hint: '应短于法定时限；即办件为 0' }),
        field('审批环节', stepCount)),
      h('div', { class: 'form-grid' }, stepFields),
      stepSum),
    fieldset('五、收费标准和依据', charged.wrap, feeDetails),
    fieldset('六、办理层级和方式',
      h('p', { class: 'hint' }, '勾选可以申请的层级，并为每个层级选择办理方式。'),
      h('div', { class: 'levels-edit' }, levelRows.map((r) => r.row)),
      field('不办理本事项的服务场所', notOffered, { hint: '上述层级中不受理本事项的大厅或便民服务室，场所编码每行一个' })),
    fieldset('七、办理地点', field('办理地点', place, { required: true })),
    fieldset('八、咨询和监督', h('div', { class: 'form-grid' },
      field('咨询电话', consultPhone, { required: true }),
      field('监督电话', supervisePhone, { required: true }))));

  function collect() {
    const n = Number(stepCount.value);
    // In the order the item had them, new ones after.
    const rank = (code) => (offered.includes(code) ? offered.indexOf(code) : 10 + levelRows.findIndex((r) => r.code === code));
    const levels = levelRows.filter((r) => r.on.box.checked).sort((a, b) => rank(a.code) - rank(b.code));
    if (!name.value.trim()) throw new Error('请填写事项名称。');
    if (!levels.length) throw new Error('请至少勾选一个行使层级。');
    const item = {
      ...base,
      name: name.value.trim(),
      variant: variant.value.trim(),
      basicCode: basicCode.value.trim(),
      implementationCode: implementationCode.value.trim(),
      itemType: itemType.value,
      serviceObject: objects.filter((o) => o.box.checked).map((o) => o.code),
      levels: levels.map((r) => r.code),
      caseKind: caseKind.value,
      handling: Object.fromEntries(levels.map((r) => [r.code, r.mode.value])),
      department: department.value,
      window: windowSelect.value,
      legalBasis: legalBasis.value.trim(),
      conditions: lines(conditions.value),
      materials: materials.read(),
      steps: stepInputs.slice(0, n).map((input, i) => ({
        step: String(i + 1),
        limitDays: intValue(input, `${STEP_NAMES[i + 1]}时限`, { min: 0, max: 365 }),
      })),
      legalLimitDays: intValue(legal, '法定办结时限', { min: 0, max: 365 }),
      promisedLimitDays: intValue(promised, '承诺办结时限', { min: 0, max: 365 }),
      fee: charged.box.checked
        ? { ...fee, charged: true, basis: feeBasis.value.trim(), items: feeItems.read() }
        : { ...fee, charged: false, basis: feeBasis.value.trim(), items: [] },
      place: place.value.trim(),
      consultPhone: consultPhone.value.trim(),
      supervisePhone: supervisePhone.value.trim(),
    };
    const leftOut = lines(notOffered.value);
    if (leftOut.length) item.notOfferedAt = leftOut;
    else delete item.notOfferedAt;
    if (charged.box.checked && feeBefore.box.checked) item.feeBeforeAccept = true;
    else if ('feeBeforeAccept' in base) item.feeBeforeAccept = false;
    return item;
  }

  return { element, collect, focus: () => name.focus(), id: fieldId('form') };
}
