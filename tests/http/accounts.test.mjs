// accounts.test.mjs - sign-in, sessions, sign-out, change of password, throttling, CSRF tokens
// (session-bound and signed anonymous) and the open redirect, against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase, startServer, rawRequest, removeDir, assertCleanExit } from '../lib/server.mjs';

const DEMO = 'motcua-demo-2026';
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 30, seed: 3 });
  // The address throttle is tested with a second server below; keep it out of the way here.
  srv = await startServer(data.db, { extraArgs: ['--signin-ip-failures', '1000'] });
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

// A tiny browser: a cookie jar and fetch without following redirects.
class Browser {
  constructor(base) { this.base = base; this.jar = new Map(); }
  cookie() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
  take(r) {
    for (const c of r.headers.getSetCookie?.() || []) {
      const [kv, ...attrs] = c.split(';');
      const i = kv.indexOf('=');
      const name = kv.slice(0, i).trim();
      const gone = attrs.some((a) => /^\s*max-age=0$/i.test(a));
      if (gone) this.jar.delete(name); else this.jar.set(name, kv.slice(i + 1));
    }
    return r;
  }
  async get(path) {
    return this.take(await fetch(this.base + path, { redirect: 'manual', headers: { Cookie: this.cookie() } }));
  }
  async post(path, fields) {
    return this.take(await fetch(this.base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
      headers: { Cookie: this.cookie(), 'Content-Type': 'application/x-www-form-urlencoded' },
    }));
  }
  // The csrf token of the form on page path.
  async token(path = '/dang-nhap') {
    const html = await (await this.get(path)).text();
    return html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  }
  async signIn(username, password, next) {
    const csrf = await this.token('/dang-nhap');
    const fields = { csrf, username, password };
    if (next !== undefined) fields.next = next;
    return this.post('/dang-nhap', fields);
  }
}

test('sign-in page is a labelled form and the header offers it', async () => {
  const b = new Browser(srv.base);
  const r = await b.get('/dang-nhap');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<label for="username">Tên đăng nhập<\/label>/);
  assert.match(html, /<label for="password">Mật khẩu<\/label>/);
  assert.match(html, /type="password"/);
  const home = await (await b.get('/')).text();
  assert.match(home, /href="\/dang-nhap">Đăng nhập</);
  assert.doesNotMatch(home, /action="\/dang-xuat"/);
});

test('sign-in sets an HttpOnly SameSite=Lax session cookie and opens my account', async () => {
  const b = new Browser(srv.base);
  const r = await b.signIn('motcua.binhchanh', DEMO);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/tai-khoan');
  const sid = (r.headers.getSetCookie() || []).find((c) => c.startsWith('sid='));
  assert.ok(sid, 'sid cookie set');
  assert.match(sid, /HttpOnly/);
  assert.match(sid, /SameSite=Lax/);
  assert.match(sid, /^sid=[0-9a-f]{64};/);
  const page = await b.get('/tai-khoan');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Lê Thị Hoa/);
  assert.match(html, /motcua\.binhchanh/);
  assert.match(html, /Cán bộ một cửa/);
  assert.match(html, /H29\.23/);
  assert.match(html, /\(thiết bị này\)/);
  assert.match(html, /action="\/dang-xuat"/);
  assert.ok(!html.includes(b.jar.get('sid')), 'the token is never shown');
});

test('sign-in goes back to a local next, never elsewhere', async () => {
  const b = new Browser(srv.base);
  let r = await b.signIn('congdan', DEMO, '/thu-tuc');
  assert.equal(r.headers.get('location'), '/thu-tuc');
  for (const next of ['//evil.example/', '/\\evil.example', '\\evil.example', '/\t/evil.example',
    '/\n/evil.example', '/%09/evil.example', '/%0a/evil.example', 'https://evil.example/']) {
    r = await new Browser(srv.base).signIn('congdan', DEMO, next);
    assert.equal(r.status, 303, JSON.stringify(next));
    assert.equal(r.headers.get('location'), '/', JSON.stringify(next));
  }
});

test('anonymous visit to my account gets the sign-in form, which comes back', async () => {
  const b = new Browser(srv.base);
  const r = await b.get('/tai-khoan');
  assert.equal(r.status, 403);
  const page = await r.text();
  assert.match(page, /Vui lòng đăng nhập để xem trang này/);
  assert.match(page, /name="next" value="\/tai-khoan"/);
  const csrf = page.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const s = await b.post('/dang-nhap', { csrf, username: 'congdan', password: DEMO, next: '/tai-khoan' });
  assert.equal(s.headers.get('location'), '/tai-khoan');
});

// True when a request with only this session cookie is treated as anonymous.
async function dead(sid) {
  const r = await fetch(srv.base + '/tai-khoan', { redirect: 'manual', headers: { Cookie: `sid=${sid}` } });
  return r.status === 403 && /name="username"/.test(await r.text());
}

test('sign-out revokes the session on the server', async () => {
  const b = new Browser(srv.base);
  await b.signIn('motcua.binhchanh', DEMO);
  const old = b.jar.get('sid');
  const csrf = await b.token('/tai-khoan');
  const r = await b.post('/dang-xuat', { csrf });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  assert.ok(!b.jar.has('sid'), 'cookie cleared');
  // The old token replayed by hand is dead.
  assert.ok(await dead(old));
});

test('a new sign-in rotates the token and kills the browser\'s old one', async () => {
  const b = new Browser(srv.base);
  await b.signIn('motcua.binhchanh', DEMO);
  const first = b.jar.get('sid');
  await b.signIn('motcua.binhchanh', DEMO);
  const second = b.jar.get('sid');
  assert.notEqual(first, second);
  assert.ok(await dead(first));
  assert.equal((await b.get('/tai-khoan')).status, 200);
});

test('unknown account and wrong password get the same answer', async () => {
  const b = new Browser(srv.base);
  const csrf = await b.token();
  const wrong = await b.post('/dang-nhap', { csrf, username: 'admin', password: 'sai-mat-khau-123' });
  const unknown = await b.post('/dang-nhap', { csrf, username: 'nobody', password: 'sai-mat-khau-123' });
  assert.equal(wrong.status, unknown.status);
  assert.equal(wrong.status, 422);
  const a = (await wrong.text()).replaceAll('value="admin"', 'value="X"');
  const c = (await unknown.text()).replaceAll('value="nobody"', 'value="X"');
  assert.equal(a, c);
  assert.match(a, /Tên đăng nhập hoặc mật khẩu không đúng/);
  assert.ok(!(wrong.headers.getSetCookie() || []).some((x) => x.startsWith('sid=')));
});

test('after five failures the account is refused for a while, even with the right password', async () => {
  const b = new Browser(srv.base);
  const csrf = await b.token();
  for (let i = 0; i < 5; i++) {
    const r = await b.post('/dang-nhap', { csrf, username: 'lanhdao.binhchanh', password: `sai-${i}-mat-khau` });
    assert.equal(r.status, 422);
  }
  const r = await b.post('/dang-nhap', { csrf, username: 'lanhdao.binhchanh', password: DEMO });
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers.get('retry-after')) >= 1);
  const html = await r.text();
  assert.match(html, /Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d\d:\d\d \d\d\/\d\d\/\d{4}/);
  assert.ok(!(r.headers.getSetCookie() || []).some((x) => x.startsWith('sid=')));
});

test('changing the password kills every old session and the old password', async () => {
  const a = new Browser(srv.base);
  const other = new Browser(srv.base);
  await a.signIn('chuyenvien.tuphap', DEMO);
  await other.signIn('chuyenvien.tuphap', DEMO);
  const oldA = a.jar.get('sid');
  const oldOther = other.jar.get('sid');
  let csrf = await a.token('/tai-khoan');
  // Wrong current password: message beside the field, nothing changes.
  let r = await a.post('/tai-khoan/mat-khau', { csrf, current: 'khong-dung-1234', password: 'mat-khau-moi-2026', confirm: 'mat-khau-moi-2026' });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="current-error">Mật khẩu hiện tại không đúng/);
  r = await a.post('/tai-khoan/mat-khau', { csrf, current: DEMO, password: 'mat-khau-moi-2026', confirm: 'khac-han-2026' });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="confirm-error">/);
  assert.equal((await other.get('/tai-khoan')).status, 200);
  r = await a.post('/tai-khoan/mat-khau', { csrf, current: DEMO, password: 'mat-khau-moi-2026', confirm: 'mat-khau-moi-2026' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/tai-khoan?changed=1');
  assert.notEqual(a.jar.get('sid'), oldA, 'a fresh session for this browser');
  const page = await a.get('/tai-khoan?changed=1');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Đã đổi mật khẩu/);
  for (const old of [oldA, oldOther]) assert.ok(await dead(old), 'old session is dead');
  assert.equal((await new Browser(srv.base).signIn('chuyenvien.tuphap', DEMO)).status, 422);
  assert.equal((await new Browser(srv.base).signIn('chuyenvien.tuphap', 'mat-khau-moi-2026')).status, 303);
});

test('every new POST route refuses a missing or wrong CSRF token and changes nothing', async () => {
  const b = new Browser(srv.base);
  await b.signIn('admin', DEMO);
  const sid = b.jar.get('sid');
  const good = await b.token('/tai-khoan');
  const anonToken = await new Browser(srv.base).token();
  const cases = [
    ['/dang-nhap', { username: 'admin', password: DEMO }],
    ['/dang-xuat', {}],
    ['/tai-khoan/mat-khau', { current: DEMO, password: 'doi-bang-csrf-2026', confirm: 'doi-bang-csrf-2026' }],
  ];
  for (const [path, fields] of cases) {
    for (const csrf of [undefined, 'f'.repeat(32), good.replace(/.$/, (c) => (c === '0' ? '1' : '0')), anonToken]) {
      const body = { ...fields };
      if (csrf !== undefined) body.csrf = csrf;
      const r = await b.post(path, body);
      assert.equal(r.status, 403, `${path} with ${csrf}`);
      assert.ok(!(r.headers.getSetCookie() || []).some((x) => x.startsWith('sid=')), `${path}: no new session`);
    }
  }
  assert.equal(b.jar.get('sid'), sid);
  assert.equal((await b.get('/tai-khoan')).status, 200, 'still signed in');
  assert.equal((await new Browser(srv.base).signIn('admin', DEMO)).status, 303, 'password unchanged');
});

test('a planted anonymous csrf cookie does not pass', async () => {
  for (const planted of ['a'.repeat(32), 'b'.repeat(64), '0123456789abcdef'.repeat(4)]) {
    for (const path of ['/dang-nhap', '/tra-cuu']) {
      const r = await fetch(srv.base + path, {
        method: 'POST', redirect: 'manual',
        headers: { Cookie: `csrf=${planted}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf: planted, username: 'admin', password: DEMO, code: 'X', secret: 'Y' }),
      });
      assert.equal(r.status, 403, `${path} with planted ${planted}`);
    }
  }
  // A page replaces a cookie this server did not sign.
  const r = await fetch(srv.base + '/dang-nhap', { headers: { Cookie: `csrf=${'a'.repeat(64)}` } });
  const set = (r.headers.getSetCookie() || []).find((c) => c.startsWith('csrf='));
  assert.ok(set && !set.startsWith(`csrf=${'a'.repeat(64)}`));
});

test('signed-in forms carry a token bound to the session', async () => {
  const b = new Browser(srv.base);
  const anon = await b.token('/');
  await b.signIn('congdan', DEMO);
  const t1 = await b.token('/tai-khoan');
  assert.notEqual(t1, anon);
  await b.signIn('congdan', DEMO);
  const t2 = await b.token('/tai-khoan');
  assert.notEqual(t1, t2, 'a new session has a new token');
});

test('the language switch and sign-in next never leave the site', async () => {
  const cases = ['/%09/evil.example', '/%0a/evil.example', '/%0d%0a/evil.example', '%5Cevil.example',
    '/%5Cevil.example', '//evil.example', '/%2F/evil.example', '/%2509/evil.example', 'https://evil.example'];
  for (const next of cases) {
    const r = await fetch(`${srv.base}/lang/en?next=${next}`, { redirect: 'manual' });
    assert.equal(r.status, 303, next);
    assert.equal(r.headers.get('location'), '/', next);
  }
  // Raw bytes fetch would encode: a backslash and a tab as sent by hand.
  for (const next of ['/\\evil.example', '\\\\evil.example']) {
    const raw = await rawRequest(srv.port, `GET /lang/vi?next=${next} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const loc = raw.match(/^Location: (.*)\r$/mi)?.[1];
    assert.equal(loc, '/', `raw ${next}: ${raw.slice(0, 80)}`);
  }
  const ok = await fetch(`${srv.base}/lang/en?next=/thu-tuc`, { redirect: 'manual' });
  assert.equal(ok.headers.get('location'), '/thu-tuc');
});

test('failures from one address are throttled across accounts', async () => {
  // A second server on the same database whose address limit is already reached by the
  // failures of the tests above (all from 127.0.0.1).
  const strict = await startServer(data.db, { extraArgs: ['--signin-ip-failures', '3'] });
  try {
    const r = await new Browser(strict.base).signIn('congdan', DEMO);
    assert.equal(r.status, 429);
    assert.match(await r.text(), /thử lại sau/);
  } finally {
    assertCleanExit(await strict.stop());
  }
});
