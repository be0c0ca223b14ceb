// The catalog's code sets (GB/T 39046 codes, /work/shared/data/codes.tsv) and the names the
// screens show for them.
import { h } from '/console/util.js';

export const STATUS_NAMES = { active: '在用', suspended: '暂停', cancelled: '取消', draft: '草稿' };

export function statusBadge(status) {
  return h('span', { class: `badge badge-${status || 'none'}`, 'data-status': status || '' },
    STATUS_NAMES[status] || status || '—');
}

export const ITEM_TYPES = [
  ['01', '行政许可'], ['02', '行政处罚'], ['03', '行政强制'], ['04', '行政征收'], ['05', '行政给付'],
  ['06', '行政检查'], ['07', '行政确认'], ['08', '行政奖励'], ['09', '行政裁决'], ['10', '其他类别事项'],
  ['20', '公共服务事项'],
];

export const SERVICE_OBJECTS = [
  ['1', '自然人'], ['2', '企业法人'], ['3', '事业法人'], ['4', '社会组织法人'], ['5', '行政机关'], ['6', '其他组织'],
];

export const CASE_KINDS = [['1', '即办件'], ['2', '承诺件'], ['9', '其他（上报件）']];

export const STEP_NAMES = { 1: '承办', 2: '审核', 3: '批准' };

// 行使层级, village first as the catalog lists them.
export const LEVELS = [
  ['6', '村（社区）级', '村（社区）便民服务室'],
  ['5', '镇（乡、街道）级', '镇（乡、街道）便民服务大厅'],
  ['4', '市级', '市政务服务中心'],
];

// Handling modes by the level they apply at.
export const HANDLING = {
  6: [['village_complete', '村级直接办结'], ['village_accept_township_complete', '村级受理—乡级办结'], ['village_accept_center', '村级受理—转中心']],
  5: [['township_complete', '乡级直接办结'], ['township_accept_center', '乡级受理—转中心']],
  4: [['center_complete', '市级直接办结']],
};

const HANDLING_NAMES = Object.fromEntries(Object.values(HANDLING).flat());

export const nameOf = (list, code) => {
  const found = list.find(([c]) => String(c) === String(code));
  return found ? found[1] : (code ?? '—');
};

export const handlingName = (mode) => HANDLING_NAMES[mode] || mode || '—';

export function yuan(fen) {
  if (fen === undefined || fen === null || fen === '') return '—';
  return `${(Number(fen) / 100).toFixed(2)} 元`;
}

export function days(n) {
  if (n === undefined || n === null || n === '') return '—';
  return `${n} 个工作日`;
}
