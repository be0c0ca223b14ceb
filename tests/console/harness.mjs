// The browser tests' harness: the real bianmin-syncd on 127.0.0.1 (a fresh demo city in a
// temporary folder, development CA, test clock), village rooms made of bianmin-testclient, and
// headless Chromium through playwright-core. Screenshots land in <build>/artifacts/console/.
//
// Environment (set by tests/console/CMakeLists.txt):
//   BIANMIN_SYNCD, BIANMIN_TESTCLIENT   the programs
//   BIANMIN_SOURCE_DIR, BIANMIN_BUILD_DIR, BIANMIN_RESOURCES_DIR
//   BIANMIN_CHROMIUM                    default /usr/bin/chromium
//   BIANMIN_KEEP_TMP=1                  keep the temporary folders (database, logs)
import { spawn, execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function envPath(name, fallback) {
  const v = process.env[name];
  return v && v.length ? v : fallback;
}

export const env = {
  sourceDir: envPath('BIANMIN_SOURCE_DIR', path.resolve(here, '../..')),
  buildDir: envPath('BIANMIN_BUILD_DIR', path.resolve(here, '../../build/dev')),
  get syncd() { return envPath('BIANMIN_SYNCD', path.join(this.buildDir, 'bin/bianmin-syncd')); },
  get testclient() { return envPath('BIANMIN_TESTCLIENT', path.join(this.buildDir, 'bin/bianmin-testclient')); },
  get resources() { return envPath('BIANMIN_RESOURCES_DIR', path.join(this.sourceDir, 'resources')); },
  chromium: envPath('BIANMIN_CHROMIUM', '/usr/bin/chromium'),
  get artifacts() { return path.join(this.buildDir, 'artifacts/console'); },
};

export const DEMO_PASSWORD = 'bianmin-demo';
export const ROOM = '421281909001'; // 车埠社区便民服务室 (the demo room of ./dev run)

// playwright-core lives in console/node_modules (console/package.json), not next to the tests.
const require = createRequire(path.join(env.sourceDir, 'console/package.json'));
const { chromium } = require('playwright-core');

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function run(file, args, { timeout = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        error.message = `${path.basename(file)} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`;
        error.stdout = stdout;
        error.stderr = stderr;
        reject(error);
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

// The last line of a program's output that is a JSON object.
function lastJson(stdout) {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const t = line.trim();
    if (t.startsWith('{')) return JSON.parse(t);
  }
  throw new Error(`no JSON in output:\n${stdout}`);
}

// --- the server --------------------------------------------------------------------------------

export class Server {
  static async start(name) {
    for (const [what, file] of [['bianmin-syncd', env.syncd], ['bianmin-testclient', env.testclient]]) {
      if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file} (build it, or set BIANMIN_SYNCD / BIANMIN_TESTCLIENT)`);
    }
    const s = new Server();
    s.name = name;
    s.dir = await fsp.mkdtemp(path.join(os.tmpdir(), `bianmin-console-${name}-`));
    s.db = path.join(s.dir, 'syncd.db');
    s.certs = path.join(s.dir, 'certs');
    s.ca = path.join(s.certs, 'ca.pem');
    s.portFile = path.join(s.dir, 'port');
    await run(env.syncd, ['admin', '--db', s.db, 'init-demo', '--resources', env.resources]);
    await fsp.mkdir(env.artifacts, { recursive: true });
    s.logFile = path.join(env.artifacts, `${name}-syncd.log`);
    const log = fs.openSync(s.logFile, 'w');
    s.proc = spawn(env.syncd, ['serve', '--db', s.db, '--dev-certs', s.certs, '--port', '0',
      '--port-file', s.portFile, '--test-clock'], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    s.exited = new Promise((resolve) => s.proc.on('exit', (code, signal) => resolve({ code, signal })));
    let gone = null;
    s.exited.then((x) => { gone = x; });
    const deadline = Date.now() + 60000;
    for (;;) {
      if (gone) throw new Error(`bianmin-syncd exited (${JSON.stringify(gone)}); see ${s.logFile}`);
      try {
        const text = (await fsp.readFile(s.portFile, 'utf8')).trim();
        if (text) {
          s.port = Number(text);
          break;
        }
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error(`bianmin-syncd did not write its port; see ${s.logFile}`);
      await sleep(100);
    }
    s.base = `https://127.0.0.1:${s.port}`;
    s.caPem = await fsp.readFile(s.ca);
    return s;
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null) {
      this.proc.kill('SIGTERM');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10000);
      await this.exited;
      clearTimeout(timer);
    }
    if (!process.env.BIANMIN_KEEP_TMP) await fsp.rm(this.dir, { recursive: true, force: true });
  }

  admin(...args) {
    return run(env.syncd, ['admin', '--db', this.db, ...args]);
  }

  async enrollmentCode(site) {
    const { stdout } = await this.admin('create-enrollment-code', '--site', site);
    const m = stdout.match(/[A-Z0-9]{4}(?:-[A-Z0-9]{4})+/);
    if (!m) throw new Error(`no enrollment code in: ${stdout}`);
    return m[0];
  }

  // A plain HTTPS call from the test (trusting the development CA): {status, headers, body, json}.
  request(method, urlPath, { body, headers = {} } = {}) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const req = https.request({
        host: '127.0.0.1', port: this.port, path: urlPath, method, ca: this.caPem,
        headers: { ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {}), ...headers },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          let json = null;
          try { json = JSON.parse(buf.toString('utf8')); } catch { json = null; }
          resolve({ status: res.statusCode, headers: res.headers, body: buf, json });
        });
      });
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  // Moves the server's clock (serve --test-clock).
  async setClock(ms) {
    const r = await this.request('POST', '/console/api/test/clock', { body: { now: ms } });
    if (r.status !== 200 && r.status !== 204) throw new Error(`test clock: HTTP ${r.status} ${r.body}`);
  }

  // A console session from the test itself: {cookie, csrf, user, call(method, path, body)}.
  async session(userId, password = DEMO_PASSWORD) {
    const r = await this.request('POST', '/console/api/login', { body: { userId, password } });
    if (r.status !== 200) throw new Error(`login ${userId}: HTTP ${r.status} ${r.body}`);
    const cookie = (r.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
    const { csrf, user } = r.json;
    const server = this;
    return {
      cookie, csrf, user,
      async call(method, urlPath, body) {
        const res = await server.request(method, urlPath, {
          body, headers: { Cookie: cookie, ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrf }) },
        });
        if (res.status !== 200) throw new Error(`${method} ${urlPath} as ${userId}: HTTP ${res.status} ${res.body}`);
        return res.json;
      },
    };
  }
}

// --- village rooms (bianmin-testclient) ----------------------------------------------------------

export class Room {
  constructor(server, siteId = ROOM) {
    this.server = server;
    this.siteId = siteId;
    this.user = `agent-${siteId}`;
    this.data = path.join(server.dir, `client-${siteId}`);
    this.enrolled = false;
  }

  common() {
    return ['--server', `127.0.0.1:${this.server.port}`, '--ca', this.server.ca, '--data', this.data,
      '--user', this.user, '--password', DEMO_PASSWORD];
  }

  // Receives, accepts and forwards a case; {caseId, provisionalNumber, officialNumber,
  // queryPassword, department, …}.
  async forward({ item, applicant } = {}) {
    const args = ['forward', ...this.common(), '--site', this.siteId];
    if (!this.enrolled) args.push('--code', await this.server.enrollmentCode(this.siteId));
    if (item) args.push('--item', item);
    if (applicant) args.push('--applicant', applicant);
    const { stdout } = await run(env.testclient, args);
    this.enrolled = true;
    return lastJson(stdout);
  }

  // Syncs; with caseId waits until the center's reply has arrived. With a code, enrolls first
  // (a new site). Without untilReplied: {referenceVersion, siteId, siteName, hallWindows,
  // roomWindows}, what the device has of the reference data afterwards.
  async sync({ untilReplied, timeoutMs = 20000, code } = {}) {
    const args = ['sync', ...this.common()];
    if (code) args.push('--code', code);
    if (untilReplied) args.push('--until-replied', untilReplied, '--timeout-ms', String(timeoutMs));
    const { stdout } = await run(env.testclient, args, { timeout: timeoutMs + 30000 });
    if (code) this.enrolled = true;
    return lastJson(stdout);
  }
}

// --- the browser -------------------------------------------------------------------------------

export async function launchBrowser() {
  if (!fs.existsSync(env.chromium)) {
    throw new Error(`Chromium not found at ${env.chromium} (apt-get install chromium, or ./dev deps; or set BIANMIN_CHROMIUM)`);
  }
  // A Chinese user's browser: zh-CN for the pages (the contexts' locale, Accept-Language) and
  // for Chromium itself. On Linux Chromium takes its own language from LANGUAGE, not --lang; its
  // Chinese resources come with Debian's chromium-l10n (without it, it falls back to English).
  return chromium.launch({
    executablePath: env.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-CN'],
    env: { ...process.env, LANGUAGE: 'zh_CN:zh', LANG: process.env.LANG || 'C.UTF-8' },
  });
}

const shotCounters = new Map();

// A page in its own browser context (own cookies), with the helpers the tests use. Uncaught
// errors in the page are collected in page.errors (tests assert there are none).
export async function newPage(browser, server, testName) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true, // the server's certificate comes from the development CA
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e && e.stack ? e.stack : e)));
  Object.assign(page, {
    server,
    async open(urlPath) {
      await page.goto(server.base + urlPath, { waitUntil: 'domcontentloaded' });
    },
    // A full-page PNG in artifacts/console: <test>-<nn>-<label>.png
    async shot(label, { fullPage = true } = {}) {
      const n = (shotCounters.get(testName) || 0) + 1;
      shotCounters.set(testName, n);
      await page.evaluate(() => document.fonts && document.fonts.ready);
      const file = path.join(env.artifacts, `${testName}-${String(n).padStart(2, '0')}-${label}.png`);
      await page.screenshot({ path: file, fullPage });
      return file;
    },
    // Signs in through the login form and waits for the first screen.
    async login(userId, password = DEMO_PASSWORD) {
      if (!page.url().includes('/console/')) await page.open('/console/');
      await page.locator('#login-user').fill(userId);
      await page.locator('#login-password').fill(password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.locator('#nav a').first().waitFor();
    },
    async logout() {
      await page.getByRole('button', { name: '退出' }).click();
      await page.locator('#login-user').waitFor();
    },
    // fetch() inside the page (its cookie goes along): {status, json}.
    async pageFetch(urlPath, init = {}) {
      return page.evaluate(async ({ urlPath, init }) => {
        const r = await fetch(urlPath, init);
        let json = null;
        try { json = await r.json(); } catch { json = null; }
        return { status: r.status, json };
      }, { urlPath, init });
    },
    async close() {
      await context.close();
    },
  });
  return page;
}

// One server + one browser per test file: `const t = await World.start('done_flow')`.
// Opens a screen afresh (the same hash does not load again by itself) and waits for `ready`.
export async function go(p, hash, ready) {
  await p.evaluate((h) => { location.hash = h; }, hash);
  await p.reload();
  await p.locator(ready).first().waitFor();
}

// The message after a change (the screen reloads: an earlier message may still be there).
export async function flash(p, expected) {
  const box = p.locator('[data-test=flash]', { hasText: expected });
  await box.waitFor();
  return (await box.textContent()).trim();
}

export class World {
  static async start(name) {
    const w = new World();
    w.name = name;
    // Screenshots of an earlier run go first.
    await fsp.mkdir(env.artifacts, { recursive: true });
    for (const f of await fsp.readdir(env.artifacts)) {
      if (f.startsWith(`${name}-`) && f.endsWith('.png')) await fsp.rm(path.join(env.artifacts, f));
    }
    w.server = await Server.start(name);
    w.browser = await launchBrowser();
    w.pages = [];
    return w;
  }

  async page() {
    const p = await newPage(this.browser, this.server, this.name);
    this.pages.push(p);
    return p;
  }

  room(siteId = ROOM) {
    this.rooms = this.rooms || new Map();
    if (!this.rooms.has(siteId)) this.rooms.set(siteId, new Room(this.server, siteId));
    return this.rooms.get(siteId);
  }

  // Uncaught errors of every page so far.
  pageErrors() {
    return this.pages.flatMap((p) => p.errors);
  }

  async stop() {
    if (this.browser) await this.browser.close().catch(() => {});
    if (this.server) await this.server.stop().catch(() => {});
  }
}
