// admin_audit.test.mjs - accountability and imports as pages (issue 10 §8, §5; docs/
// accountability.md, docs/admin-imports.md): an upload with a bad line names the line and the
// field and imports nothing; a good one imports, shows a summary and is recorded in
// admin_audit; roles (403) and another admin's import (404); a dossier history import runs in
// the background with a progress page; a clerk's view of a dossier is listed on the owner's
// page; tampering with one admin_audit row makes `motcua audit verify` name it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, bin } from '../lib/server.mjs';
import { Client, sql, sleep } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
let data;
let srv;
before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 17 });
  srv = await startServer(data.db);
});
after(async () => { await srv.stop(); removeDir(data.dir); });

const one = (q) => sql(data.db, q)[0]?.[0];
const num = (q) => Number(one(q));

async function signedIn(user) {
  const c = new Client(srv.base);
  assert.equal((await c.signIn(user)).status, 303);
  return c;
}

async function upload(c, kind, text, name) {
  const csrf = await c.token('/quan-tri/nhap');
  const fd = new FormData();
  fd.set('csrf', csrf);
  if (kind) fd.set('kind', kind);
  if (text !== null) fd.set('file', new Blob([text], { type: 'text/csv' }), name);
  return c.multipart('/quan-tri/nhap', fd);
}

const BAD_CALENDAR = 'date,working,name,source\n2031-01-01,0,Tết Dương lịch,BLLĐ 2019\n'
  + '2031-02-30,0,Ngày không có,Thông báo 1\n2031-04-30,0,Giải phóng miền Nam,BLLĐ 2019\n';
const GOOD_CALENDAR = 'date,working,name,source\n2031-01-01,0,Tết Dương lịch,BLLĐ 2019\n'
  + '2031-04-30,0,Giải phóng miền Nam,BLLĐ 2019\n';

test('a calendar file with one bad line: the line and field are named, nothing imported', async () => {
  const admin = await signedIn('admin');
  const days = num('SELECT count(*) FROM calendar');
  const audits = num('SELECT count(*) FROM admin_audit');
  const r = await upload(admin, 'calendar', BAD_CALENDAR, 'lich-2031.csv');
  assert.equal(r.status, 422);
  const html = await r.text();
  assert.match(html, /Dòng 3/);
  assert.match(html, /trường “date”/);
  assert.match(html, /Không có dữ liệu nào được nhập/);
  assert.match(html, /lich-2031\.csv/);
  assert.equal(num('SELECT count(*) FROM calendar'), days);
  assert.equal(num("SELECT count(*) FROM calendar WHERE date = '2031-01-01'"), 0);
  assert.equal(num('SELECT count(*) FROM admin_audit'), audits);
  // a refusal changes nothing at all, not even the list of imports
  assert.equal(num('SELECT count(*) FROM import_jobs'), 0);
});

test('a good calendar file is imported, summarised and recorded in the administrative record', async () => {
  const admin = await signedIn('admin');
  const r = await upload(admin, 'calendar', GOOD_CALENDAR, 'lich-2031.csv');
  assert.equal(r.status, 303);
  const loc = r.headers.get('location');
  assert.match(loc, /^\/quan-tri\/nhap\/\d+$/);
  const page = await admin.get(loc);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Đã nhập xong/);
  assert.match(html, /Thêm mới: <strong>2<\/strong>/);
  assert.equal(num("SELECT count(*) FROM calendar WHERE date IN ('2031-01-01', '2031-04-30')"), 2);
  const row = sql(data.db, "SELECT action, target, after, actor_id FROM admin_audit ORDER BY id DESC LIMIT 1")[0];
  assert.equal(row[0], 'import.calendar');
  assert.equal(row[1], 'file:lich-2031.csv');
  assert.deepEqual(JSON.parse(row[2]), { file: 'lich-2031.csv', inserted: 2, rows: 2, updated: 0 });
  assert.equal(row[3], one("SELECT id FROM users WHERE username = 'admin'"));
  // the page lists it
  assert.match(await (await admin.get('/quan-tri/nhap')).text(), /lich-2031\.csv/);
});

test('hostile uploads: no kind, no file, a binary file, an unknown kind: messages, never 500', async () => {
  const admin = await signedIn('admin');
  const days = num('SELECT count(*) FROM calendar');
  let r = await upload(admin, '', GOOD_CALENDAR, 'a.csv');
  assert.equal(r.status, 422);
  assert.match(await r.text(), /Hãy chọn loại dữ liệu/);
  r = await upload(admin, 'calendar', null);
  assert.equal(r.status, 422);
  assert.match(await r.text(), /Hãy chọn tệp cần nhập/);
  r = await upload(admin, 'calendar', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2, 3, 4]), 'x.csv');
  assert.equal(r.status, 422);
  assert.match(await r.text(), /Tệp phải là văn bản/);
  r = await upload(admin, 'passwords', GOOD_CALENDAR, 'a.csv');
  assert.equal(r.status, 422);
  r = await upload(admin, 'units', 'not json at all', 'u.json');
  assert.equal(r.status, 422);
  assert.match(await r.text(), /Không có dữ liệu nào được nhập/);
  assert.equal(num('SELECT count(*) FROM calendar'), days);
});

test('roles: staff and citizens get 403; another admin\'s import is 404', async () => {
  for (const user of ['motcua.binhchanh', 'lanhdao.binhchanh', 'congdan']) {
    const c = await signedIn(user);
    assert.equal((await c.get('/quan-tri/nhap')).status, 403, user);
    const csrf = await c.token('/tai-khoan');
    const fd = new FormData();
    fd.set('csrf', csrf);
    fd.set('kind', 'calendar');
    fd.set('file', new Blob([GOOD_CALENDAR]), 'x.csv');
    assert.equal((await c.multipart('/quan-tri/nhap', fd)).status, 403, user);
  }
  const id = one('SELECT max(id) FROM import_jobs');
  // A second administrator (of a district) sees none of the first one's imports, and may not import.
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'admin', '--unit', 'H29.23',
    '--name', 'Quản trị huyện', '--username', 'quantri.binhchanh'],
  { input: 'motcua-demo-2026\n', env: { ...process.env, MOTCUA_SHARE: root } });
  const other = await signedIn('quantri.binhchanh');
  assert.equal((await other.get(`/quan-tri/nhap/${id}`)).status, 404);
  assert.equal((await other.get('/quan-tri/nhap/999999')).status, 404);
  assert.equal((await other.get('/quan-tri/nhap/abc')).status, 404);
  const page = await other.get('/quan-tri/nhap');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Chỉ quản trị viên của đơn vị cấp cao nhất/);
  const r = await upload(other, 'calendar', GOOD_CALENDAR, 'x.csv');
  assert.equal(r.status, 403);
});

test('dossier histories run in the background; the page shows progress until the summary', async () => {
  const admin = await signedIn('admin');
  const at = new Date(Date.now() - 7200e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const lines = [];
  for (let i = 1; i <= 40; i++) {
    lines.push(JSON.stringify({ code: `H29.23-980101-${String(i).padStart(4, '0')}`, lookup_secret: `TESTAB${'ABCDEFGHJK'[Math.floor(i / 10)]}${'ABCDEFGHJK'[i % 10]}`,
      procedure: '1.001193', unit: 'H29.23', channel: 'counter', applicant: { name: `Người thứ ${i}` },
      events: [{ at, kind: 'receive' }] }));
  }
  const r = await upload(admin, 'dossiers', lines.join('\n') + '\n', 'ho-so.jsonl');
  assert.equal(r.status, 303);
  const loc = r.headers.get('location');
  let html = '';
  for (let i = 0; i < 100; i++) {
    html = await (await admin.get(loc)).text();
    if (!/http-equiv="refresh"/.test(html)) break;
    assert.match(html, /<progress id="imp-progress" max="100" value="\d+">/);
    await sleep(100);
  }
  assert.match(html, /Số hồ sơ: <strong>40<\/strong>/);
  assert.equal(num("SELECT count(*) FROM dossiers WHERE code LIKE 'H29.23-980101-%'"), 40);
  assert.equal(one("SELECT action FROM admin_audit ORDER BY id DESC LIMIT 1"), 'import.dossiers');
  // A file with a bad line imports nothing and names the line.
  const bad = [...lines.slice(0, 2).map((l) => l.replace('980101', '970101')), '{"code": "x"'];
  const r2 = await upload(admin, 'dossiers', bad.join('\n') + '\n', 'hong.jsonl');
  const loc2 = r2.headers.get('location');
  for (let i = 0; i < 100; i++) {
    html = await (await admin.get(loc2)).text();
    if (!/http-equiv="refresh"/.test(html)) break;
    await sleep(100);
  }
  assert.match(html, /Dòng 3/);
  assert.match(html, /Không có dữ liệu nào được nhập/);
  assert.equal(num("SELECT count(*) FROM dossiers WHERE code LIKE 'H29.23-970101-%'"), 0);
});

test('the administrative record page: filters, before/after, scope, bad dates', async () => {
  const admin = await signedIn('admin');
  let r = await admin.get('/quan-tri/nhat-ky');
  assert.equal(r.status, 200);
  let html = await r.text();
  assert.match(html, /Chuỗi băm của nhật ký quản trị và nhật ký xem hồ sơ còn nguyên vẹn/);
  assert.match(html, /<code>import\.calendar<\/code> · file:lich-2031\.csv/);
  assert.match(html, /<th scope="row">inserted<\/th><td><\/td><td>2 /);
  r = await admin.get('/quan-tri/nhat-ky?hanh_dong=import.dossiers');
  html = await r.text();
  assert.doesNotMatch(html, /import\.calendar<\/code>/);
  assert.match(html, /import\.dossiers<\/code>/);
  r = await admin.get('/quan-tri/nhat-ky?nguoi=khong.ai');
  assert.match(await r.text(), /Không có thay đổi nào khớp bộ lọc/);
  r = await admin.get('/quan-tri/nhat-ky?tu_ngay=31/02/2031&den_ngay=abc');
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="log-from-error">Ngày phải có dạng dd\/mm\/yyyy/);
  r = await admin.get('/quan-tri/nhat-ky?tu_ngay=01/01/2090');
  assert.match(await r.text(), /Không có thay đổi nào khớp bộ lọc/);
  // The district administrator sees only changes by accounts of its subtree (none here).
  const other = await signedIn('quantri.binhchanh');
  html = await (await other.get('/quan-tri/nhat-ky')).text();
  assert.doesNotMatch(html, /<code>import\.calendar<\/code>/);
  assert.match(html, /Không có thay đổi nào khớp bộ lọc/);
  for (const user of ['motcua.binhchanh', 'lanhdao.binhchanh', 'congdan']) {
    assert.equal((await (await signedIn(user)).get('/quan-tri/nhat-ky')).status, 403, user);
  }
});

test('a clerk opens a dossier: the owner\'s page lists who at which unit viewed it', async () => {
  // The counter dossier of makeDatabase, given to the demo citizen's account.
  const code = 'H29.23-990101-0002';
  sql(data.db, `UPDATE dossiers SET owner_id = (SELECT id FROM users WHERE username = 'congdan') WHERE code = '${code}'`);
  const citizen = await signedIn('congdan');
  assert.match(await (await citizen.get(`/ho-so/${code}`)).text(), /Chưa có cán bộ nào xem hồ sơ của bạn/);
  const clerk = await signedIn('motcua.binhchanh');
  assert.equal((await clerk.get(`/can-bo/ho-so/${code}`)).status, 200);
  assert.equal((await clerk.get(`/can-bo/ho-so/${code}`)).status, 200);	// a reload adds nothing
  const id = one(`SELECT id FROM dossiers WHERE code = '${code}'`);
  assert.equal(num(`SELECT count(*) FROM view_log WHERE dossier_id = ${id}`), 1);
  const clerkName = one("SELECT name FROM users WHERE username = 'motcua.binhchanh'");
  const html = await (await citizen.get(`/ho-so/${code}`)).text();
  const section = html.slice(html.indexOf('id="views"'), html.indexOf('</section>', html.indexOf('id="views"')));
  assert.match(section, new RegExp(`<td>${clerkName}</td><td>UBND huyện Bình Chánh</td><td>Trang hồ sơ</td><td><time datetime="[^"]+">\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d</time></td>`));
  // the owner's own visits are not views by staff
  assert.equal(num(`SELECT count(*) FROM view_log WHERE dossier_id = ${id}`), 1);
  // a search export records one "search-export" view per exported dossier, except the one
  // this clerk viewed less than a minute ago (the throttle)
  const csv = await clerk.get('/can-bo/tim-kiem.csv?ma=H29.23-990101');
  assert.equal(csv.status, 200);
  const text = await csv.text();
  const lines = text.trim().split('\n').length - 1;
  assert.ok(text.includes(code) && lines >= 2);
  assert.equal(num("SELECT count(*) FROM view_log WHERE what = 'search-export'"), lines - 1);
  assert.equal(num(`SELECT count(*) FROM view_log WHERE dossier_id = ${id}`), 1);
});

test('notification templates: unknown placeholder refused beside the field; save is audited and used', async () => {
  const admin = await signedIn('admin');
  const PATH = '/quan-tri/cai-dat/thong-bao/vi/receive';
  let r = await admin.get('/quan-tri/cai-dat/thong-bao');
  assert.equal(r.status, 200);
  assert.match(await r.text(), /href="\/quan-tri\/cai-dat\/thong-bao\/en\/receive"/);
  r = await admin.get(PATH);
  assert.equal(r.status, 200);
  let html = await r.text();
  assert.match(html, /Đang dùng mẫu gốc/);
  // the preview uses the sample dossier
  assert.match(html, /H29\.23\.01-270105-0007/);
  const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const audits = num('SELECT count(*) FROM admin_audit');
  const body = 'Kính gửi {{name}},\r\n\r\nHồ sơ {{code}} đã được tiếp nhận.\r\n';
  r = await admin.post(PATH, { csrf, action: 'save', subject: 'Hồ sơ {{code}}', sms: 'Ho so {{ma_ho_so}} da nhan', body });
  assert.equal(r.status, 422);
  html = await r.text();
  assert.match(html, /id="n-sms-error">Giá trị {{ma_ho_so}} không tồn tại/);
  assert.match(html, /value="Ho so {{ma_ho_so}} da nhan"/);	// what was typed is kept
  r = await admin.post(PATH, { csrf, action: 'save', subject: '', sms: 'x', body });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="n-subject-error"/);
  r = await admin.post(PATH, { csrf, action: 'save', subject: 'x', sms: 'x', body: 'a'.repeat(9000) });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /id="n-body-error">Nội dung quá dài/);
  assert.equal(num('SELECT count(*) FROM notify_overrides'), 0);
  assert.equal(num('SELECT count(*) FROM admin_audit'), audits);
  // preview saves nothing
  r = await admin.post(PATH, { csrf, action: 'preview', subject: 'Hồ sơ {{code}}', sms: 'MOTCUA {{code}} da tiep nhan, hen {{due}}', body });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /MOTCUA H29\.23\.01-270105-0007 da tiep nhan, hen 12\/01\/2027/);
  assert.equal(num('SELECT count(*) FROM notify_overrides'), 0);
  r = await admin.post(PATH, { csrf, action: 'save', subject: 'Hồ sơ {{code}}', sms: 'MOTCUA {{code}} da tiep nhan, hen {{due}}', body });
  assert.equal(r.status, 303);
  assert.equal(num('SELECT count(*) FROM notify_overrides'), 1);
  const row = sql(data.db, 'SELECT action, target, after FROM admin_audit ORDER BY id DESC LIMIT 1')[0];
  assert.equal(row[0], 'setting.notify');
  assert.equal(row[1], 'notify:vi/receive');
  assert.equal(JSON.parse(row[2]).sms, 'MOTCUA {{code}} da tiep nhan, hen {{due}}');
  assert.doesNotMatch(row[2], /\r/);
  // the engine uses the override: a clerk receives the online dossier, its SMS is the new text
  const code = 'H29.23-990101-0001';
  const clerk = await signedIn('motcua.binhchanh');
  const page = await (await clerk.get(`/can-bo/ho-so/${code}`)).text();
  const ccsrf = page.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const version = page.match(/name="version" value="(\d+)"/)[1];
  r = await clerk.post(`/can-bo/ho-so/${code}/tiep-nhan`, { csrf: ccsrf, version });
  assert.equal(r.status, 303);
  const sms = one(`SELECT body FROM outbox o JOIN dossiers d ON d.id = o.dossier_id WHERE d.code = '${code}' AND o.channel = 'sms' ORDER BY o.id DESC LIMIT 1`);
  assert.match(sms, new RegExp(`^MOTCUA ${code.replace(/\./g, '\\.')} da tiep nhan, hen \\d\\d/\\d\\d/\\d{4}$`));
  // reset: back to the file, recorded
  r = await admin.post(PATH, { csrf, action: 'reset' });
  assert.equal(r.status, 303);
  assert.equal(num('SELECT count(*) FROM notify_overrides'), 0);
  assert.equal(one('SELECT action FROM admin_audit ORDER BY id DESC LIMIT 1'), 'setting.notify.reset');
  // unknown event or language: 404; staff: 403; a district admin may look but not save
  assert.equal((await admin.get('/quan-tri/cai-dat/thong-bao/fr/receive')).status, 404);
  assert.equal((await admin.get('/quan-tri/cai-dat/thong-bao/vi/assign')).status, 404);
  assert.equal((await admin.post('/quan-tri/cai-dat/thong-bao/vi/khong-co', { csrf, action: 'save' })).status, 404);
  assert.equal((await clerk.get(PATH)).status, 403);
  const other = await signedIn('quantri.binhchanh');
  assert.equal((await other.get(PATH)).status, 200);
  const ocsrf = await other.token(PATH);
  assert.equal((await other.post(PATH, { csrf: ocsrf, action: 'save', subject: 'a', sms: 'b', body: 'c' })).status, 403);
  assert.equal(num('SELECT count(*) FROM notify_overrides'), 0);
});

test('tampering with one row of admin_audit makes `motcua audit verify` name it', async () => {
  let out = spawnSync(bin, ['audit', 'verify', '--db', data.db], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stdout + out.stderr);
  assert.match(out.stdout, /administrative and view records, hash chains intact/);
  const id = num('SELECT min(id) FROM admin_audit');
  sql(data.db, `DROP TRIGGER admin_audit_no_update; UPDATE admin_audit SET target = 'file:khac.csv' WHERE id = ${id}`);
  out = spawnSync(bin, ['audit', 'verify', '--db', data.db], { encoding: 'utf8' });
  assert.equal(out.status, 1);
  assert.match(out.stdout, new RegExp(`broken: admin_audit id ${id} \\(hash does not match\\)`));
  const admin = await signedIn('admin');
  const html = await (await admin.get('/quan-tri/nhat-ky')).text();
  assert.match(html, new RegExp(`Chuỗi băm bị phá vỡ tại bảng admin_audit, bản ghi số ${id}`));
});
