// admin_users.test.mjs - issue 10 items 1 and 7 (helper "users"): the administration landing,
// accounts (scope 404s, role 403s, CSRF), password links (single use), disabling (sessions end
// at once), two-factor sign-in (enrolment, the code step, throttling, recovery codes, the
// policy that forces enrolment, the admin's reset), against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { totp } from '../lib/totp.mjs';

const DEMO = 'motcua-demo-2026';
const NEWPW = 'Hoa sen nở 2026 Vĩnh Lộc';
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 5 });
  srv = await startServer(data.db, { extraArgs: ['--signin-ip-failures', '1000', '--outbox-poll', '1'] });
});
after(async () => {
  if (process.env.SHOW_LOGS) console.log(srv.logs().split('\n').filter((l) => / error /.test(l)).join('\n'));
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

function sql(text) {
  const r = spawnSync('sqlite3', [data.db, text], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

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
  async token(path) {
    const html = await (await this.get(path)).text();
    const m = html.match(/name="csrf" value="([0-9a-f]+)"/);
    assert.ok(m, `csrf on ${path}`);
    return m[1];
  }
  async form(path, fields, from = path) {
    return this.post(path, { csrf: await this.token(from), ...fields });
  }
  async signIn(username, password = DEMO) {
    return this.form('/dang-nhap', { username, password });
  }
}

const unitId = (code) => sql(`SELECT id FROM units WHERE code = '${code}'`);
const userId = (u) => sql(`SELECT id FROM users WHERE username = '${u}'`);
const linkOf = (u) => sql(`SELECT body FROM outbox WHERE kind = 'password_link' AND user_id = ${userId(u)} ORDER BY id DESC LIMIT 1`)
  .match(/\/dat-lai-mat-khau\/([0-9a-f]{64})/)[1];

async function admin() {
  const b = new Browser(srv.base);
  assert.equal((await b.signIn('admin')).status, 303);
  return b;
}

// Create a staff account as browser b and set its password through the emailed link.
async function makeStaff(b, username, role, unit) {
  const r = await b.form('/quan-tri/nguoi-dung/moi', {
    username, name: `Cán bộ ${username}`, email: `${username}@example.vn`, role, unit: unitId(unit),
  });
  assert.equal(r.status, 303, await r.text());
  const anon = new Browser(srv.base);
  const path = `/dat-lai-mat-khau/${linkOf(username)}`;
  assert.equal((await anon.form(path, { password: NEWPW, confirm: NEWPW })).status, 303);
}

test('the landing links every administration page; admin only', async () => {
  const b = await admin();
  const r = await b.get('/quan-tri');
  assert.equal(r.status, 200);
  const html = await r.text();
  for (const p of ['/quan-tri/nguoi-dung', '/quan-tri/cai-dat/bao-mat', '/quan-tri/don-vi', '/quan-tri/lich',
    '/quan-tri/thu-tuc', '/quan-tri/nhap', '/quan-tri/nhat-ky', '/quan-tri/cai-dat/thong-bao',
    '/quan-tri/cai-dat/766', '/quan-tri/cai-dat/par', '/quan-tri/cai-dat/token'])
    assert.match(html, new RegExp(`href="${p}"`), p);
  assert.match(html, /href="\/quan-tri" aria-current="page">Quản trị</, 'the menu link');
  assert.match(await (await b.get('/can-bo')).text(), /href="\/quan-tri"/);
  const clerk = new Browser(srv.base);
  await clerk.signIn('motcua.binhchanh');
  assert.equal((await clerk.get('/quan-tri')).status, 403);
  assert.equal((await clerk.get('/quan-tri/nguoi-dung')).status, 403);
  assert.doesNotMatch(await (await clerk.get('/can-bo')).text(), /href="\/quan-tri"/);
  assert.equal((await new Browser(srv.base).get('/quan-tri')).status, 403);
});

test('the list searches without diacritics and filters by role and unit', async () => {
  const b = await admin();
  let html = await (await b.get('/quan-tri/nguoi-dung?q=binhchanh')).text();
  assert.match(html, /motcua\.binhchanh/);
  assert.match(html, /lanhdao\.binhchanh/);
  assert.doesNotMatch(html, /motcua\.hocmon/);
  const name = sql("SELECT name FROM users WHERE username = 'motcua.hocmon'");
  const folded = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  html = await (await b.get(`/quan-tri/nguoi-dung?q=${encodeURIComponent(folded)}`)).text();
  assert.match(html, /motcua\.hocmon/);
  html = await (await b.get('/quan-tri/nguoi-dung?vai_tro=leader')).text();
  assert.match(html, /lanhdao\.binhchanh/);
  assert.doesNotMatch(html, /motcua\.binhchanh/);
  html = await (await b.get(`/quan-tri/nguoi-dung?don_vi=${unitId('H29.24')}`)).text();
  assert.match(html, /motcua\.hocmon/);
  assert.doesNotMatch(html, /motcua\.binhchanh/);
  html = await (await b.get('/quan-tri/nguoi-dung?vai_tro=citizen')).text();
  assert.match(html, />congdan</);
  assert.equal((await b.get('/quan-tri/nguoi-dung?vai_tro=root&trang=x&q=' + 'a'.repeat(500))).status, 200);
});

test('creating a staff account: messages beside the fields, no password typed, a link by email', async () => {
  const b = await admin();
  const before = sql('SELECT count(*) FROM users');
  let r = await b.form('/quan-tri/nguoi-dung/moi', { username: 'Bad Name', name: '', email: 'x@', phone: '12', role: 'citizen', unit: '999999' });
  assert.equal(r.status, 422);
  const html = await r.text();
  for (const f of ['username', 'name', 'email', 'phone', 'unit'])
    assert.match(html, new RegExp(`id="${f}-error"`), f);
  assert.match(html, /value="Bad Name"/, 'typed values are kept');
  assert.equal(sql('SELECT count(*) FROM users'), before);
  r = await b.form('/quan-tri/nguoi-dung/moi', { username: 'motcua.binhchanh', name: 'Trùng', email: 'a@example.vn', role: 'clerk', unit: unitId('H29.23') });
  assert.equal(r.status, 409);
  assert.match(await r.text(), /đã có người dùng/);
  assert.doesNotMatch(await (await b.get('/quan-tri/nguoi-dung/moi')).text(), /type="password"/);
  r = await b.form('/quan-tri/nguoi-dung/moi', { username: 'motcua.vinhloca', name: 'Nguyễn Thị Vĩnh', email: 'Vinh@Example.vn', phone: '0909 123 456', role: 'clerk', unit: unitId('H29.23.01') });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/quan-tri\/nguoi-dung\/\d+\?xong=tao$/);
  assert.equal(sql("SELECT role || ' ' || email || ' ' || phone || ' ' || active FROM users WHERE username = 'motcua.vinhloca'"), 'clerk vinh@example.vn 0909123456 1');
  assert.equal(sql("SELECT recipient FROM outbox WHERE kind = 'password_link' AND user_id = (SELECT id FROM users WHERE username = 'motcua.vinhloca')"), 'vinh@example.vn');
  // nobody can sign in before the link is used
  assert.equal((await new Browser(srv.base).signIn('motcua.vinhloca', '!unset')).status, 422);
  // recorded in the administrative record, without any secret
  const rec = sql("SELECT actor_id || ' ' || coalesce(\"after\", '') FROM admin_audit WHERE action = 'user.create' AND target = 'user:motcua.vinhloca'");
  assert.match(rec, /^\d+ \{.*"username":"motcua.vinhloca"/);
  assert.doesNotMatch(rec, /password_hash|token|!unset|argon2/);
  const page = await (await b.get(r.headers.get('location'))).text();
  assert.match(page, /Đã tạo tài khoản/);
  assert.match(page, /chưa đặt mật khẩu/);
});

test('a password link works once, with the registration rules, and never shows a password', async () => {
  const b = await admin();
  await b.form('/quan-tri/nguoi-dung/moi', { username: 'cb.link', name: 'Lê Văn Liên', email: 'lien@example.vn', role: 'specialist', unit: unitId('H29.23') });
  const token = linkOf('cb.link');
  const anon = new Browser(srv.base);
  const path = `/dat-lai-mat-khau/${token}`;
  let r = await anon.get(path);
  assert.equal(r.status, 200);
  r = await anon.form(path, { password: 'ngắn', confirm: 'ngắn' });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="password-error"/);
  r = await anon.form(path, { password: NEWPW, confirm: NEWPW + 'x' });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="confirm-error"/);
  r = await anon.form(path, { password: NEWPW, confirm: NEWPW });
  assert.equal(r.status, 303);
  r = await anon.get(path);
  assert.equal(r.status, 409, 'used');
  r = await anon.form(path, { password: NEWPW + '2', confirm: NEWPW + '2' }, '/dang-nhap');
  assert.equal(r.status, 409);
  assert.equal((await new Browser(srv.base).signIn('cb.link', NEWPW)).status, 303);
  assert.equal((await anon.get(`/dat-lai-mat-khau/${'0'.repeat(64)}`)).status, 404);
  assert.equal((await anon.get('/dat-lai-mat-khau/abc')).status, 404);
  // an expired link
  const uid = userId('cb.link');
  r = await b.form(`/quan-tri/nguoi-dung/${uid}/dat-lai-mat-khau`, {}, `/quan-tri/nguoi-dung/${uid}`);
  assert.equal(r.status, 303);
  const reset = linkOf('cb.link');
  sql(`UPDATE password_links SET expires_at = 1 WHERE user_id = ${uid} AND used_at IS NULL`);
  assert.equal((await anon.get(`/dat-lai-mat-khau/${reset}`)).status, 410);
});

test('disabling ends every session at once and refuses sign-in; enabling restores it', async () => {
  const b = await admin();
  await makeStaff(b, 'cb.khoa', 'clerk', 'H29.23.02');
  const victim = new Browser(srv.base);
  assert.equal((await victim.signIn('cb.khoa', NEWPW)).status, 303);
  assert.equal((await victim.get('/can-bo')).status, 200);
  const uid = userId('cb.khoa');
  const r = await b.form(`/quan-tri/nguoi-dung/${uid}/khoa`, {}, `/quan-tri/nguoi-dung/${uid}`);
  assert.equal(r.status, 303);
  assert.equal((await victim.get('/can-bo')).status, 403, 'the open session stopped working');
  assert.equal(sql(`SELECT count(*) FROM sessions WHERE user_id = ${uid} AND revoked_at IS NULL`), '0');
  const again = await new Browser(srv.base).signIn('cb.khoa', NEWPW);
  assert.equal(again.status, 403);
  assert.match(await again.text(), /bị khóa|đã bị khóa|khóa/);
  assert.equal((await b.form(`/quan-tri/nguoi-dung/${uid}/mo-khoa`, {}, `/quan-tri/nguoi-dung/${uid}`)).status, 303);
  assert.equal((await new Browser(srv.base).signIn('cb.khoa', NEWPW)).status, 303);
  // the admin cannot disable themselves
  const me = userId('admin');
  assert.equal((await b.form(`/quan-tri/nguoi-dung/${me}/khoa`, {}, `/quan-tri/nguoi-dung/${me}`)).status, 403);
  assert.equal(sql(`SELECT active FROM users WHERE id = ${me}`), '1');
});

test('an administrator of a district: other districts answer 404, their units cannot be granted', async () => {
  const b = await admin();
  await makeStaff(b, 'qt.binhchanh', 'admin', 'H29.23');
  const d = new Browser(srv.base);
  assert.equal((await d.signIn('qt.binhchanh', NEWPW)).status, 303);
  const hocmon = userId('motcua.hocmon');
  const html = await (await d.get('/quan-tri/nguoi-dung')).text();
  assert.doesNotMatch(html, /motcua\.hocmon/);
  assert.match(html, /motcua\.binhchanh/);
  assert.equal((await d.get(`/quan-tri/nguoi-dung/${hocmon}`)).status, 404);
  const from = '/quan-tri/nguoi-dung';
  for (const suffix of ['', '/khoa', '/dat-lai-mat-khau', '/xoa-hai-buoc'])
    assert.equal((await d.form(`/quan-tri/nguoi-dung/${hocmon}${suffix}`, { role: 'leader', unit: unitId('H29.23') }, from)).status, 404, suffix);
  assert.equal(sql(`SELECT role || active FROM users WHERE id = ${hocmon}`), 'clerk1');
  let r = await d.form('/quan-tri/nguoi-dung/moi', { username: 'x.hocmon', name: 'Ngoài phạm vi', email: 'x@example.vn', role: 'clerk', unit: unitId('H29.24') });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="unit-error"/);
  const bc = userId('motcua.binhchanh');
  r = await d.form(`/quan-tri/nguoi-dung/${bc}`, { role: 'clerk', unit: unitId('H29.24') }, from);
  assert.equal(r.status, 422);
  r = await d.form(`/quan-tri/nguoi-dung/${bc}`, { role: 'leader', unit: unitId('H29.23.01') }, from);
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT role || ' ' || unit_id FROM users WHERE id = ${bc}`), `leader ${unitId('H29.23.01')}`);
  r = await d.form(`/quan-tri/nguoi-dung/${bc}`, { role: 'clerk', unit: unitId('H29.23') }, from);
  assert.equal(r.status, 303);
  assert.equal((await d.get('/quan-tri/nguoi-dung/abc')).status, 404);
  assert.equal((await d.get('/quan-tri/nguoi-dung/99999999')).status, 404);
});

test('other roles get 403 and nothing changes; POSTs without the CSRF token get 403', async () => {
  const clerk = new Browser(srv.base);
  await clerk.signIn('motcua.binhchanh');
  const n = sql('SELECT count(*) FROM users');
  const csrf = await clerk.token('/tai-khoan');
  let r = await clerk.post('/quan-tri/nguoi-dung/moi', { csrf, username: 'x.y', name: 'X', email: 'x@example.vn', role: 'clerk', unit: unitId('H29.23') });
  assert.equal(r.status, 403);
  r = await clerk.post('/quan-tri/cai-dat/bao-mat', { csrf, clerk: '1' });
  assert.equal(r.status, 403);
  assert.equal(sql('SELECT count(*) FROM users'), n);
  const b = await admin();
  const hocmon = userId('motcua.hocmon');
  r = await b.post(`/quan-tri/nguoi-dung/${hocmon}/khoa`, {});
  assert.equal(r.status, 403);
  r = await b.post(`/quan-tri/nguoi-dung/${hocmon}/khoa`, { csrf: '0'.repeat(32) });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT active FROM users WHERE id = ${hocmon}`), '1');
});

// Enrol browser b (signed in or pending): the secret from the page, a code, the recovery codes.
async function enrol(b) {
  const html = await (await b.get('/tai-khoan/hai-buoc')).text();
  const secret = html.match(/id="totp-secret">([A-Z2-7 ]+)</)[1].replace(/ /g, '');
  const ticket = html.match(/name="ticket" value="([0-9a-f]+)"/)[1];
  const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  assert.match(html, /<svg[^>]*role="img"/);
  let r = await b.post('/tai-khoan/hai-buoc', { csrf, ticket, code: totp(secret) === '000000' ? '111111' : '000000' });
  assert.equal(r.status, 422);
  assert.match(await r.text(), new RegExp(secret.slice(0, 4)), 'the same secret after a wrong code');
  r = await b.post('/tai-khoan/hai-buoc', { csrf, ticket: ticket.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')), code: totp(secret) });
  assert.equal(r.status, 422, 'a forged ticket');
  r = await b.post('/tai-khoan/hai-buoc', { csrf, ticket, code: totp(secret) });
  assert.equal(r.status, 200);
  const page = await r.text();
  const codes = [...page.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]);
  assert.equal(codes.length, 10);
  r = await b.post('/tai-khoan/hai-buoc', { csrf, ticket, code: totp(secret) });
  assert.ok([403, 409].includes(r.status), 'a second submit changes nothing');
  return { secret, codes };
}

test('two-factor: enrolment, then the password alone opens nothing; code or recovery code once', async () => {
  const b = await admin();
  await makeStaff(b, 'cb.totp', 'clerk', 'H29.23.01');
  const s = new Browser(srv.base);
  assert.equal((await s.signIn('cb.totp', NEWPW)).status, 303);
  const { secret, codes } = await enrol(s);
  assert.doesNotMatch(await (await s.get('/tai-khoan/hai-buoc')).text(), new RegExp(secret.slice(0, 8)), 'never shown again');
  const uid = userId('cb.totp');
  assert.equal(sql(`SELECT count(*) FROM recovery_codes WHERE user_id = ${uid}`), '10');
  assert.equal(sql(`SELECT instr(hex(secret_box), hex('${secret}')) FROM user_totp WHERE user_id = ${uid}`), '0');
  // a stolen password alone
  const thief = new Browser(srv.base);
  let r = await thief.signIn('cb.totp', NEWPW);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/dang-nhap/ma-xac-thuc');
  assert.equal(thief.jar.has('sid'), false);
  assert.equal((await thief.get('/can-bo')).status, 403);
  assert.equal((await thief.get('/tai-khoan/hai-buoc')).status, 403);
  r = await thief.form('/dang-nhap/ma-xac-thuc', { code: '12345' });
  assert.equal(r.status, 422);
  // the right code signs in; the same code twice does not
  // the enrolment used this time step: the app's next code (accepted one step early)
  const code = totp(secret, Date.now() / 1000 + 30);
  const ok = new Browser(srv.base);
  await ok.signIn('cb.totp', NEWPW);
  r = await ok.form('/dang-nhap/ma-xac-thuc', { code });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/can-bo');
  assert.equal((await ok.get('/can-bo')).status, 200);
  const replay = new Browser(srv.base);
  await replay.signIn('cb.totp', NEWPW);
  assert.equal((await replay.form('/dang-nhap/ma-xac-thuc', { code })).status, 422);
  // a recovery code works once
  r = await replay.form('/dang-nhap/ma-xac-thuc', { code: codes[0].toUpperCase() });
  assert.equal(r.status, 303);
  const again = new Browser(srv.base);
  await again.signIn('cb.totp', NEWPW);
  assert.equal((await again.form('/dang-nhap/ma-xac-thuc', { code: codes[0] })).status, 422);
  // the admin resets it: recorded, and the next sign-in needs no code
  r = await b.form(`/quan-tri/nguoi-dung/${uid}/xoa-hai-buoc`, {}, `/quan-tri/nguoi-dung/${uid}`);
  assert.equal(r.status, 303);
  r = await new Browser(srv.base).signIn('cb.totp', NEWPW);
  assert.equal(r.headers.get('location'), '/tai-khoan');
  assert.equal(sql(`SELECT count(*) FROM admin_audit WHERE action = 'user.twofactor_reset' AND target = 'user:cb.totp'`), '1');
});

test('wrong codes are throttled like passwords, and a pending sign-in dies after five', async () => {
  const b = await admin();
  await makeStaff(b, 'cb.throttle', 'specialist', 'H29.23');
  const s = new Browser(srv.base);
  await s.signIn('cb.throttle', NEWPW);
  const { secret } = await enrol(s);
  // failures count after the account's last success; move it a minute back
  sql("UPDATE signin_audit SET at = at - 60 WHERE kind = 'success' AND username = 'cb.throttle'");
  const t = new Browser(srv.base);
  assert.equal((await t.signIn('cb.throttle', NEWPW)).status, 303);
  const statuses = [];
  for (let i = 0; i < 6; i++) {
    const r = await t.form('/dang-nhap/ma-xac-thuc', { code: '999999' === totp(secret) ? '888888' : '999999' }, '/dang-nhap');
    statuses.push(r.status);
  }
  assert.deepEqual(statuses.slice(0, 5), [422, 422, 422, 422, 422]);
  assert.ok([403, 429].includes(statuses[5]), String(statuses));
  // the account is now throttled: even the right password and code wait
  const u = new Browser(srv.base);
  const r = await u.signIn('cb.throttle', NEWPW);
  assert.equal(r.status, 429);
  assert.ok(r.headers.get('retry-after'));
});

test('the policy sends a required role to enrolment, and nothing else opens before it', async () => {
  const b = await admin();
  await makeStaff(b, 'ld.policy', 'leader', 'H29.23');
  let r = await b.form('/quan-tri/cai-dat/bao-mat', { leader: '1' });
  assert.equal(r.status, 303);
  assert.match(await (await b.get('/quan-tri/cai-dat/bao-mat')).text(), /id="role-leader" name="leader" value="1" checked/);
  const s = new Browser(srv.base);
  r = await s.signIn('ld.policy', NEWPW);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/tai-khoan/hai-buoc');
  assert.equal(s.jar.has('sid'), false);
  for (const p of ['/can-bo', '/tai-khoan', '/quan-tri']) assert.equal((await s.get(p)).status, 403, p);
  r = await s.get('/dang-nhap/ma-xac-thuc');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/tai-khoan/hai-buoc');
  const page = await (await s.get('/tai-khoan/hai-buoc')).text();
  assert.match(page, /bắt buộc dùng xác thực hai bước/);
  await enrol(s);
  assert.ok(s.jar.has('sid'));
  assert.equal((await s.get('/can-bo')).status, 200);
  // citizens are never asked
  assert.equal((await b.form('/quan-tri/cai-dat/bao-mat', { leader: '1', clerk: '1' })).status, 303);
  assert.equal((await new Browser(srv.base).signIn('congdan')).headers.get('location'), '/tai-khoan');
  assert.equal((await new Browser(srv.base).signIn('motcua.hocmon')).headers.get('location'), '/tai-khoan/hai-buoc');
  assert.equal((await b.form('/quan-tri/cai-dat/bao-mat', {})).status, 303);
  assert.equal((await new Browser(srv.base).signIn('motcua.hocmon')).headers.get('location'), '/tai-khoan');
});

test('the password link email is delivered to the maildir', async () => {
  const id = sql("SELECT id FROM outbox WHERE kind = 'password_link' ORDER BY id LIMIT 1");
  for (let i = 0; i < 100 && sql(`SELECT state FROM outbox WHERE id = ${id}`) !== 'sent'; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(sql(`SELECT state FROM outbox WHERE id = ${id}`), 'sent');
});
