// work.test.mjs - the staff workspace's work lists, search, CSV and feedback queue (issue 8;
// docs/worklists.md): the menu and badges, another unit's staff seeing none of H29.23's rows
// in lists, search, CSV or counts, CSV escaping of a name with a comma and a quote, a citizen
// refused, the feedback answer once and out of scope 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { Client, sql } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const OTHER = { username: 'motcua.other', password: 'mat-khau-thu-nghiem-9' };
const ODD = 'H29.23-990101-0002';	// the fixture's received dossier, renamed below
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 60, seed: 3 });
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'clerk', '--name', 'Cán bộ khác',
    '--unit', 'H29.24', '--username', OTHER.username],
  { env: { ...process.env, MOTCUA_SHARE: root }, input: OTHER.password + '\n' });
  sql(data.db, `UPDATE dossiers SET applicant_name = 'Đặng "Tí", Văn' WHERE code = '${ODD}'`);
  srv = await startServer(data.db);
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

async function staff(who, password) {
  const c = new Client(srv.base);
  const r = await c.signIn(who, password);
  assert.equal(r.status, 303, `${who} signs in`);
  return c;
}

const LISTS = ['overdue', 'today', 'days1', 'days2', 'days3', 'supplement', 'intake', 'return'];

test('the clerk sees the menu with badges and every list', async () => {
  const c = await staff('motcua.binhchanh');
  const home = await c.get('/can-bo');
  assert.equal(home.status, 200);
  const html = await home.text();
  assert.match(html, /href="\/can-bo\/tiep-nhan"/);
  assert.match(html, /href="\/can-bo\/tim-kiem"/);
  assert.match(html, /href="\/can-bo\/phan-anh"/);
  assert.match(html, /href="\/can-bo" aria-current="page"/, 'the layout links the workspace');
  const intake = Number(sql(data.db, `SELECT count(*) FROM dossiers d JOIN units u ON u.id = d.unit_id
    WHERE d.status = 'submitted' AND u.path LIKE (SELECT path FROM units WHERE code = 'H29.23') || '%'`)[0][0]);
  assert.ok(intake > 0);
  assert.match(html, new RegExp(`tiep-nhan">[^<]+</a> <span class="badge">${intake}<`), 'intake badge');
  for (const l of LISTS) {
    const r = await c.get(`/can-bo/viec?list=${l}`);
    assert.equal(r.status, 200, l);
  }
  assert.equal((await c.get('/can-bo/viec?list=nothing')).status, 404);
});

test('a citizen and an anonymous visitor do not get the workspace', async () => {
  const c = await staff('congdan');
  assert.equal((await c.get('/can-bo')).status, 403);
  assert.equal((await c.get('/can-bo/tim-kiem?ten=nguyen')).status, 403);
  const anon = new Client(srv.base);
  const r = await anon.get('/can-bo/viec');
  assert.ok([302, 303, 401, 403].includes(r.status), `anonymous: ${r.status}`);
});

test('search folds diacritics and case; CSV escapes a comma and a quote', async () => {
  const c = await staff('motcua.binhchanh');
  const r = await c.get('/can-bo/tim-kiem?ten=DANG+%22ti');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.ok(html.includes(ODD), 'found without diacritics');
  const csv = await c.get('/can-bo/tim-kiem.csv?ten=dang+ti');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const text = await csv.text();
  assert.ok(text.includes(`${ODD},"Đặng ""Tí"", Văn",`), text);
  assert.equal(text.trim().split('\r\n').length, 2, 'header and one row');
  const bad = await c.get('/can-bo/tim-kiem?tu_ngay=31/02/2026');
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /dd\/mm\/yyyy/);
});

test('another unit\'s clerk sees none of H29.23 in lists, search, CSV or counts', async () => {
  const mine = await staff('motcua.binhchanh');
  const other = await staff(OTHER.username, OTHER.password);
  const home = await (await other.get('/can-bo')).text();
  assert.doesNotMatch(home, /class="badge">[1-9]/, 'no counts');
  for (const l of LISTS) {
    const html = await (await other.get(`/can-bo/viec?list=${l}`)).text();
    assert.doesNotMatch(html, /H29\.23-/, l);
  }
  for (const q of ['ma=H29.23', 'ten=nguyen', 'ten=dang+ti', 'trang_thai=submitted']) {
    const html = await (await other.get(`/can-bo/tim-kiem?${q}`)).text();
    assert.doesNotMatch(html, /H29\.23-/, q);
    const csv = await (await other.get(`/can-bo/tim-kiem.csv?${q}`)).text();
    assert.equal(csv.trim().split('\r\n').length, 1, `${q}: header only`);
  }
  const found = await (await mine.get('/can-bo/tim-kiem?ma=H29.23')).text();
  assert.match(found, /H29\.23-/, 'the unit itself finds them');
});

test('feedback: the clerk answers once; another unit gets 404 and nothing changes', async () => {
  const [id, unit, owner] = sql(data.db, `SELECT id, unit_id, coalesce(owner_id, (SELECT id FROM users
    WHERE username = 'congdan')) FROM dossiers WHERE code = '${ODD}'`)[0];
  const now = Math.floor(Date.now() / 1000);
  sql(data.db, `INSERT INTO feedback (dossier_id, unit_id, owner_id, body, created_at, due_at)
    VALUES (${id}, ${unit}, ${owner}, 'Sao chưa có kết quả?', ${now}, ${now + 86400 * 21})`);
  const fid = sql(data.db, `SELECT max(id) FROM feedback`)[0][0];
  const other = await staff(OTHER.username, OTHER.password);
  assert.doesNotMatch(await (await other.get('/can-bo/phan-anh')).text(), /Sao chưa/);
  const csrfO = await other.token('/can-bo/phan-anh');
  assert.equal((await other.post(`/can-bo/phan-anh/${fid}`, { csrf: csrfO, answer: 'x' })).status, 404);
  const c = await staff('motcua.binhchanh');
  const page = await (await c.get('/can-bo/phan-anh')).text();
  assert.match(page, /Sao chưa có kết quả\?/);
  const csrf = page.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const empty = await c.post(`/can-bo/phan-anh/${fid}`, { csrf, answer: '' });
  assert.equal(empty.status, 400);
  const ok = await c.post(`/can-bo/phan-anh/${fid}`, { csrf, answer: 'Đã chuyển phòng Tư pháp.' });
  assert.equal(ok.status, 303);
  const again = await c.post(`/can-bo/phan-anh/${fid}`, { csrf, answer: 'Lần hai' });
  assert.equal(again.status, 409);
  assert.deepEqual(sql(data.db, `SELECT answer FROM feedback WHERE id = ${fid}`), [['Đã chuyển phòng Tư pháp.']]);
});

test('bulk print lists the receipts of the selected dossiers in scope only', async () => {
  const c = await staff('motcua.binhchanh');
  const search = await (await c.get('/can-bo/tim-kiem?ten=dang+ti')).text();
  assert.match(search, new RegExp(`name="sel_0" value="${ODD}"`));
  const page = await (await c.get(`/can-bo/in-phieu?sel_0=${ODD}&sel_1=KHONG-CO`)).text();
  assert.ok(page.includes(`href="/can-bo/ho-so/${ODD}/phieu/01"`));
  assert.doesNotMatch(page, /KHONG-CO/);
  const other = await staff(OTHER.username, OTHER.password);
  const none = await (await other.get(`/can-bo/in-phieu?sel_0=${ODD}`)).text();
  assert.doesNotMatch(none, /phieu\/01/);
});
