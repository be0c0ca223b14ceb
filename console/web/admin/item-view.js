// One catalog item's 八公开, read-only: what the public catalog publishes, plus the codes, levels
// and handling modes that the staff need.
import { h } from '/console/util.js';
import {
  ITEM_TYPES, SERVICE_OBJECTS, CASE_KINDS, STEP_NAMES, LEVELS, nameOf, handlingName, yuan, days,
} from '/console/admin/codes.js';

function section(title, ...content) {
  return h('section', { class: 'disclosure' }, h('h3', null, title), ...content);
}

function textOr(value, none = '未填写') {
  return value ? h('p', { class: 'prewrap' }, value) : h('p', { class: 'muted' }, none);
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([label, value, attrs]) => [
    h('dt', null, label),
    h('dd', attrs || null, value === undefined || value === null || value === '' ? '—' : value),
  ]));
}

function materialsTable(materials) {
  if (!materials.length) return h('p', { class: 'muted' }, '无');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
    h('thead', null, h('tr', null, ['序号', '材料名称', '必要性', '原件', '复印件', '材料来源', '审查要点']
      .map((t) => h('th', null, t)))),
    h('tbody', null, materials.map((m, i) => h('tr', null,
      h('td', { class: 'num' }, String(i + 1)),
      h('td', null, m.name || '—'),
      h('td', { class: 'nowrap' }, m.required ? '必要' : h('span', { class: 'muted' }, '非必要')),
      h('td', { class: 'num' }, `${m.originals ?? 0} 份`),
      h('td', { class: 'num' }, `${m.copies ?? 0} 份`),
      h('td', null, m.source || '—'),
      h('td', null, m.reviewPoints || '—'))))));
}

function procedure(item) {
  const steps = item.steps || [];
  const sum = steps.reduce((n, s) => n + (Number(s.limitDays) || 0), 0);
  return [
    steps.length
      ? h('ol', { class: 'flow steps-flow' }, steps.map((s) => h('li', null,
        h('strong', null, STEP_NAMES[s.step] || s.step), ` ${days(s.limitDays)}`)))
      : h('p', { class: 'muted' }, '未设置审批环节'),
    facts([
      ['办件类型', nameOf(CASE_KINDS, item.caseKind)],
      ['法定办结时限', days(item.legalLimitDays), { 'data-test': 'legal' }],
      ['承诺办结时限', Number(item.promisedLimitDays) === 0 ? '即办（当场办结）' : days(item.promisedLimitDays), { 'data-test': 'promised' }],
      ['环节时限合计', days(sum)],
    ]),
  ];
}

function fees(item) {
  const fee = item.fee || {};
  const list = fee.items || [];
  if (!fee.charged) {
    return [h('p', { 'data-test': 'fee' }, '不收费'), fee.basis ? h('p', { class: 'muted small' }, fee.basis) : null];
  }
  return [
    h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
      h('thead', null, h('tr', null, ['收费项目', '收费标准', '金额', '减免'].map((t) => h('th', null, t)))),
      h('tbody', null, list.map((f) => h('tr', null,
        h('td', null, f.name || '—'),
        h('td', null, f.standard || '—'),
        h('td', { class: 'num' }, yuan(f.amountFen)),
        h('td', null, f.reducible ? `可减免${f.reductionBasis ? `（${f.reductionBasis}）` : ''}` : '不减免')))))),
    h('p', null, h('strong', null, '收费依据：'), fee.basis || '—'),
    item.feeBeforeAccept ? h('p', { class: 'muted small' }, '缴费后方可受理。') : null,
  ];
}

function levels(item) {
  const offered = (item.levels || []).map(String);
  const rows = LEVELS.filter(([code]) => offered.includes(code));
  if (!rows.length) return h('p', { class: 'muted' }, '未设置');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
    h('thead', null, h('tr', null, h('th', null, '行使层级'), h('th', null, '申请地点'), h('th', null, '办理方式'))),
    h('tbody', null, rows.map(([code, name, place]) => h('tr', { 'data-level': code },
      h('td', { class: 'nowrap' }, name),
      h('td', null, place),
      h('td', null, handlingName((item.handling || {})[code])))))),
    (item.notOfferedAt || []).length
      ? h('p', { class: 'muted small', 'data-test': 'not-offered' },
        `不办理本事项的服务场所：${item.notOfferedAt.join('、')}`)
      : null);
}

export function itemView(item) {
  const objects = (item.serviceObject || []).map((c) => nameOf(SERVICE_OBJECTS, c)).join('、');
  return h('div', { class: 'item-view', 'data-test': 'item-view' },
    facts([
      ['事项名称', [item.name, item.variant ? `（${item.variant}）` : ''].join(''), { 'data-test': 'view-name' }],
      ['事项编码', h('span', { class: 'mono' }, item.id)],
      ['基本编码', h('span', { class: 'mono' }, item.basicCode || '—')],
      ['实施编码', h('span', { class: 'mono' }, item.implementationCode || '—')],
      ['事项类型', nameOf(ITEM_TYPES, item.itemType)],
      ['服务对象', objects],
      ['实施部门', item.department],
      ['办理窗口', item.window],
    ]),
    section('一、设定依据', textOr(item.legalBasis)),
    section('二、申请条件', (item.conditions || []).length
      ? h('ol', null, item.conditions.map((c) => h('li', null, c)))
      : h('p', { class: 'muted' }, '无特别条件')),
    section('三、申请材料', materialsTable(item.materials || [])),
    section('四、办理流程和时限', ...procedure(item)),
    section('五、收费标准和依据', ...fees(item)),
    section('六、办理层级和方式', levels(item)),
    section('七、办理地点', textOr(item.place)),
    section('八、咨询和监督', facts([
      ['咨询电话', h('span', { class: 'mono' }, item.consultPhone || '—'), { 'data-test': 'consult-phone' }],
      ['监督电话', h('span', { class: 'mono' }, item.supervisePhone || '—'), { 'data-test': 'supervise-phone' }],
    ])));
}
