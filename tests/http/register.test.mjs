// register.test.mjs - registration of a person and an organisation (GET/POST /dang-ky), every
// field's message beside it with the values kept (never the password), duplicates, the email
// confirmation link from the outbox (works once, expires), throttling and CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';

let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 3, seed: 5 });
  srv = await startServer(data.db, { extraArgs: ['--register-limit', '1000', '--outbox-poll', '1'] });
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

function sql(text) {
  const r = spawnSync('sqlite3', [data.db, text], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// A cookie jar and fetch without following redirects.
class Browser {
  constructor(base) { this.base = base; this.jar = new Map(); }
  cookie() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
  take(r) {
    for (const c of r.headers.getSetCookie?.() || []) {
      const [kv, ...attrs] = c.split(';');
      const i = kv.indexOf('=');
      const name = kv.slice(0, i).trim();
      if (attrs.some((a) => /^\s*max-age=0$/i.test(a))) this.jar.delete(name);
      else this.jar.set(name, kv.slice(i + 1));
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
  async token(path = '/dang-ky') {
    const html = await (await this.get(path)).text();
    return html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  }
  async register(fields) {
    const csrf = await this.token();
    return this.post('/dang-ky', { csrf, ...fields });
  }
}

const PW = 'ngựa ô chạy qua cầu tre';
const person = (over = {}) => ({
  kind: 'person', name: 'Nguyễn Thị Mai', id_number: '079301012345', tax_code: '',
  phone: '0912 345 678', email: 'mai@example.vn', password: PW, confirm: PW, ...over,
});

// The text of the message beside field name, or null.
function fieldError(html, name) {
  const m = html.match(new RegExp(`<span class="error" id="${name}-error">([^<]*)</span>`));
  return m ? m[1] : null;
}
// The value attribute of input name.
function valueOf(html, name) {
  const m = html.match(new RegExp(`<input id="${name}" name="${name}"[^>]*value="([^"]*)"`));
  return m ? m[1] : null;
}

test('the registration page is a labelled form linked from the sign-in page', async () => {
  const b = new Browser(srv.base);
  const r = await b.get('/dang-ky');
  assert.equal(r.status, 200);
  const html = await r.text();
  for (const f of ['name', 'id_number', 'tax_code', 'phone', 'email', 'password', 'confirm'])
    assert.match(html, new RegExp(`<label for="${f}">`), f);
  assert.match(html, /<legend>Đăng ký cho<\/legend>/);
  assert.match(await (await b.get('/dang-nhap')).text(), /href="\/dang-ky"/);
});

test('a person registers, is signed in at once, and my account says the email is not confirmed', async () => {
  const b = new Browser(srv.base);
  const r = await b.register(person());
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/tai-khoan?registered=1');
  const page = await b.get('/tai-khoan?registered=1');
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Nguyễn Thị Mai/);
  assert.match(html, /<dd>079301012345<\/dd>/);
  assert.match(html, /mai@example\.vn — <strong>chưa xác nhận/);
  assert.equal(sql("SELECT kind || ' ' || id_number || ' ' || phone || ' ' || role FROM users WHERE username = '079301012345'"),
    'person 079301012345 0912345678 citizen');
  assert.equal(sql("SELECT count(*) FROM signin_audit WHERE kind = 'register' AND username = '079301012345'"), '1');
  // Signs out and back in with the ID number as username.
  const csrf = await b.token('/tai-khoan');
  assert.equal((await b.post('/dang-xuat', { csrf })).status, 303);
  const again = await b.post('/dang-nhap', { csrf: await b.token('/dang-nhap'), username: '079301012345', password: PW });
  assert.equal(again.status, 303);
});

test('an organisation registers with a tax code (and a branch code)', async () => {
  const b = new Browser(srv.base);
  const r = await b.register(person({ kind: 'organisation', name: 'Công ty TNHH Ánh Dương', id_number: '',
    tax_code: '0100109106', email: 'lienhe@anhduong.vn' }));
  assert.equal(r.status, 303);
  assert.equal(sql("SELECT kind || ' ' || tax_code || ' ' || (id_number IS NULL) FROM users WHERE username = '0100109106'"),
    'organisation 0100109106 1');
  const c = new Browser(srv.base);
  const branch = await c.register(person({ kind: 'organisation', name: 'Chi nhánh Ánh Dương', id_number: '',
    tax_code: '0100109106-001', email: 'chinhanh@anhduong.vn' }));
  assert.equal(branch.status, 303);
});

test('every field gets its message beside it, values are kept, the passwords never', async () => {
  const b = new Browser(srv.base);
  const bad = {
    kind: 'person', name: '', id_number: '097301012345', tax_code: '', phone: '0123',
    email: 'mai@', password: 'qz7short', confirm: 'qz7other',
  };
  const r = await b.register(bad);
  assert.equal(r.status, 422);
  const html = await r.text();
  assert.equal(fieldError(html, 'name'), 'Vui lòng nhập họ và tên.');
  assert.match(fieldError(html, 'id_number'), /mã tỉnh/);
  assert.match(fieldError(html, 'phone'), /Số điện thoại không hợp lệ/);
  assert.match(fieldError(html, 'email'), /Địa chỉ email không hợp lệ/);
  assert.match(fieldError(html, 'password'), /10 ký tự/);
  assert.equal(fieldError(html, 'tax_code'), null);
  assert.match(html, /<div class="error-summary" role="alert"/);
  assert.match(html, /<a href="#id_number">/);
  assert.equal(valueOf(html, 'id_number'), '097301012345');
  assert.equal(valueOf(html, 'phone'), '0123');
  assert.equal(valueOf(html, 'email'), 'mai@');
  assert.doesNotMatch(html, /qz7short|qz7other/);
  assert.match(html, /aria-invalid="true"/);

  const more = [
    [{ id_number: '0793010123' }, 'id_number', /đúng 12 chữ số/],
    [{ id_number: '079901012345' }, 'id_number', /năm sinh/],
    [{ id_number: '' }, 'id_number', /Vui lòng nhập số định danh/],
    [{ kind: 'organisation', id_number: '', tax_code: '0100109105' }, 'tax_code', /chữ số kiểm tra/],
    [{ kind: 'organisation', id_number: '', tax_code: '01001091' }, 'tax_code', /10 chữ số/],
    [{ kind: 'organisation', id_number: '', tax_code: '0100109106-000' }, 'tax_code', /000/],
    [{ kind: 'organisation', id_number: '', tax_code: '' }, 'tax_code', /Vui lòng nhập mã số thuế/],
    [{ kind: '' }, 'kind', /cá nhân hay tổ chức/],
    [{ kind: 'robot' }, 'kind', /cá nhân hay tổ chức/],
    [{ name: 'A'.repeat(101) }, 'name', /100 ký tự/],
    [{ phone: '' }, 'phone', /Vui lòng nhập số điện thoại/],
    [{ email: '' }, 'email', /Vui lòng nhập địa chỉ email/],
    [{ password: 'MatKhau123', confirm: 'MatKhau123' }, 'password', /quá phổ biến/],
    [{ password: 'Mật khẩu 123', confirm: 'Mật khẩu 123' }, 'password', /quá phổ biến/],
    [{ confirm: PW + 'x' }, 'confirm', /không khớp/],
  ];
  for (const [over, field, msg] of more) {
    const res = await b.register(person({ email: 'other@example.vn', id_number: '001099012345', ...over }));
    assert.equal(res.status, 422, JSON.stringify(over));
    assert.match(fieldError(await res.text(), field) || '', msg, JSON.stringify(over));
  }
  assert.equal(sql("SELECT count(*) FROM users WHERE email = 'other@example.vn'"), '0');
});

test('the same ID number, tax code or email cannot register twice', async () => {
  const b = new Browser(srv.base);
  assert.equal((await b.register(person({ id_number: '001185000001', email: 'tam@example.vn' }))).status, 303);
  const c = new Browser(srv.base);
  let r = await c.register(person({ id_number: '001185000001', email: 'tam2@example.vn' }));
  assert.equal(r.status, 409);
  let html = await r.text();
  assert.match(fieldError(html, 'id_number'), /Không thể đăng ký với số định danh này/);
  assert.equal(valueOf(html, 'email'), 'tam2@example.vn');
  r = await c.register(person({ id_number: '001185000002', email: 'TAM@example.vn' }));
  assert.equal(r.status, 409);
  assert.match(fieldError(await r.text(), 'email'), /đã được dùng/);
  r = await c.register(person({ kind: 'organisation', id_number: '', tax_code: '0100109106', email: 'x@example.vn' }));
  assert.equal(r.status, 409);
  assert.match(fieldError(await r.text(), 'tax_code'), /mã số thuế này/);
  assert.equal(c.jar.has('sid'), false);
  assert.equal(sql("SELECT count(*) FROM users WHERE id_number = '001185000001'"), '1');
  assert.equal(sql("SELECT count(*) FROM signin_audit WHERE kind = 'register_refused'"), '3');
});

test('the confirmation link is queued with the account, delivered, works once', async () => {
  const b = new Browser(srv.base);
  assert.equal((await b.register(person({ id_number: '031190000123', email: 'Hoa.Le@Example.vn' }))).status, 303);
  const uid = sql("SELECT id FROM users WHERE username = '031190000123'");
  const body = sql(`SELECT body FROM outbox WHERE kind = 'confirm_email' AND user_id = ${uid} AND dossier_id IS NULL AND recipient = 'hoa.le@example.vn'`);
  const link = body.match(/http:\/\/127\.0\.0\.1:\d+\/xac-nhan-email\?token=([0-9a-f]{64})/);
  assert.ok(link, body);
  assert.equal(sql(`SELECT count(*) FROM email_confirmations WHERE user_id = ${uid} AND hex(token_hash) = upper('${link[1]}')`), '0');
  // The delivery thread writes it to the maildir.
  const id = sql(`SELECT id FROM outbox WHERE user_id = ${uid}`);
  for (let i = 0; i < 100 && sql(`SELECT state FROM outbox WHERE id = ${id}`) !== 'sent'; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(sql(`SELECT state FROM outbox WHERE id = ${id}`), 'sent');
  const dir = join(data.dir, 'mail', 'new');
  assert.ok(existsSync(dir));
  assert.ok(readdirSync(dir).some((f) => /^To: hoa\.le@example\.vn$/m.test(readFileSync(join(dir, f), 'utf8'))));

  const anon = new Browser(srv.base);
  const path = `/xac-nhan-email?token=${link[1]}`;
  let r = await anon.get(path);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /đã được xác nhận/);
  assert.match(await (await b.get('/tai-khoan')).text(), /hoa\.le@example\.vn — đã xác nhận lúc \d\d:\d\d \d\d\/\d\d\/\d{4}/);
  r = await anon.get(path);
  assert.equal(r.status, 409);
  assert.match(await r.text(), /đã được dùng/);
  r = await anon.get(`/xac-nhan-email?token=${'0'.repeat(64)}`);
  assert.equal(r.status, 404);
  r = await anon.get('/xac-nhan-email?token=abc');
  assert.equal(r.status, 404);
  r = await anon.get('/xac-nhan-email');
  assert.equal(r.status, 404);
});

test('an expired confirmation link is refused and confirms nothing', async () => {
  const b = new Browser(srv.base);
  assert.equal((await b.register(person({ id_number: '031190000124', email: 'het.han@example.vn' }))).status, 303);
  const uid = sql("SELECT id FROM users WHERE username = '031190000124'");
  const token = sql(`SELECT body FROM outbox WHERE user_id = ${uid}`).match(/token=([0-9a-f]{64})/)[1];
  sql(`UPDATE email_confirmations SET expires_at = strftime('%s', 'now') - 1 WHERE user_id = ${uid}`);
  const r = await b.get(`/xac-nhan-email?token=${token}`);
  assert.equal(r.status, 410);
  assert.match(await r.text(), /hết hạn/);
  assert.equal(sql(`SELECT email_confirmed_at IS NULL FROM users WHERE id = ${uid}`), '1');
});

test('registration without the CSRF token, or with a wrong one, is refused and makes nothing', async () => {
  const b = new Browser(srv.base);
  await b.get('/dang-ky');
  const before = sql('SELECT count(*) FROM users');
  assert.equal((await b.post('/dang-ky', person({ id_number: '031190000999', email: 'csrf@example.vn' }))).status, 403);
  assert.equal((await b.post('/dang-ky', { csrf: 'f'.repeat(64), ...person({ id_number: '031190000999', email: 'csrf@example.vn' }) })).status, 403);
  assert.equal(sql('SELECT count(*) FROM users'), before);
});

test('registrations are throttled per client address', async () => {
  const d = makeDatabase({ dossiers: 1, seed: 9 });
  const s = await startServer(d.db, { extraArgs: ['--register-limit', '2'] });
  try {
    const b = new Browser(s.base);
    assert.equal((await b.register(person({ id_number: '001090000001', email: 'a1@example.vn' }))).status, 303);
    const c = new Browser(s.base);
    assert.equal((await c.register(person({ id_number: '001090000001', email: 'a2@example.vn' }))).status, 409);
    const r = await c.register(person({ id_number: '001090000003', email: 'a3@example.vn' }));
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.match(await r.text(), /quá nhiều lượt đăng ký/);
    const db = d.db;
    const n = spawnSync('sqlite3', [db, "SELECT count(*) FROM users WHERE id_number = '001090000003'"], { encoding: 'utf8' });
    assert.equal(n.stdout.trim(), '0');
  } finally {
    assertCleanExit(await s.stop());
    removeDir(d.dir);
  }
});
