// The console's JSON API (docs/console.md): the session cookie travels by itself; the CSRF
// token from login or /me is kept in memory only and sent as X-CSRF-Token on every call that is
// not a GET. Errors come back as ApiError with the server's Chinese message.

let csrfToken = '';
const unauthenticatedListeners = new Set();

export function setCsrf(token) {
  csrfToken = token || '';
}

// fn() is called when a call answers 401 (the session ended): the app shows the login form.
export function onUnauthenticated(fn) {
  unauthenticatedListeners.add(fn);
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const kStatusMessages = {
  400: '请求内容有误，请检查后重试。',
  401: '登录已失效，请重新登录。',
  403: '您无权进行此操作。',
  404: '未找到请求的内容。',
  409: '办件状态已变化，不能办理此操作，请刷新后重试。',
  429: '操作过于频繁，请稍后再试。',
  500: '服务器内部错误，请稍后再试。',
  503: '服务暂不可用，请稍后再试。',
};

export function statusMessage(status) {
  return kStatusMessages[status] || `请求失败（HTTP ${status}），请稍后再试。`;
}

// api('/console/api/inbox') → parsed JSON; api(path, {method: 'POST', body: {...}}).
// `quiet401` keeps a 401 from sending the page back to the login form (the login call itself).
export async function api(path, { method = 'GET', body, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试。');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const err = (data && data.error) || {};
    const e = new ApiError(response.status, err.code || `http_${response.status}`,
      err.message || statusMessage(response.status));
    if (response.status === 401 && !quiet401) {
      for (const fn of unauthenticatedListeners) fn(e);
    }
    throw e;
  }
  if (data === null) throw new ApiError(response.status, 'bad_response', '服务器返回的内容无法识别。');
  return data;
}

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
