// 办件进度查询 (public, no login): case number + 查询密码 → POST /public/api/query. The number
// is prefilled from ?no= (the QR code on the receipt points to /public/query?no=…).
import { api } from '/console/api.js';
import { h, fmtTime, fmtDate, alertBox } from '/console/util.js';

const OUTCOME_NAMES = {
  approved: '准予许可', denied: '不予许可', certificate: '已出证', document: '已出具文书',
};

const form = document.getElementById('query-form');
const number = document.getElementById('q-number');
const password = document.getElementById('q-password');
const error = document.getElementById('q-error');
const result = document.getElementById('q-result');
const submit = form.querySelector('button[type=submit]');

const params = new URLSearchParams(location.search);
const prefill = params.get('no') || params.get('number');
if (prefill) {
  number.value = prefill;
  password.focus();
} else {
  number.focus();
}

function row(label, value) {
  return [h('dt', null, label), h('dd', null, value === undefined || value === null || value === '' ? '—' : value)];
}

function showResult(r) {
  const steps = r.steps || [];
  result.replaceChildren(
    h('h2', null, '查询结果'),
    h('dl', { class: 'facts', 'data-test': 'query-result' },
      row('办件编号', h('span', { class: 'mono' }, r.number)),
      row('事项', r.itemName),
      row('办理状态', h('strong', { class: 'status' }, r.statusName)),
      row('受理时间', fmtTime(r.acceptedAt)),
      row('承诺办结日期', fmtDate(r.due)),
      row('办结时间', r.completedAt ? fmtTime(r.completedAt) : '尚未办结'),
      row('办理结果', r.outcome ? OUTCOME_NAMES[r.outcome] || r.outcome : '—')),
    h('h3', null, '办理过程'),
    steps.length
      ? h('ol', { class: 'progress' }, steps.map((s) => h('li', null,
        h('span', { class: 'progress-name' }, s.name), h('span', { class: 'progress-at' }, fmtTime(s.at)))))
      : h('p', { class: 'muted' }, '暂无办理记录。'));
  result.hidden = false;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  error.replaceChildren();
  result.hidden = true;
  const body = { number: number.value.trim(), password: password.value.trim() };
  if (!body.number || !body.password) {
    error.append(alertBox('error', '请输入办件编号和查询密码。'));
    return;
  }
  submit.disabled = true;
  submit.textContent = '正在查询…';
  try {
    showResult(await api('/public/api/query', { method: 'POST', body, quiet401: true }));
  } catch (e) {
    const message = e.status === 404 && (!e.message || e.code !== 'not_found')
      ? '未查到办件：请核对办件编号和查询密码。'
      : e.message;
    error.append(alertBox('error', message));
  } finally {
    submit.disabled = false;
    submit.textContent = '查询';
  }
});
