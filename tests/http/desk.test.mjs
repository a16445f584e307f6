// desk.test.mjs - the staff dossier page /can-bo/ho-so/:code and its actions (docs/desk.md):
// staff of another unit get 404 on the page, the files and every action, and nothing changes;
// a specialist may not receive (403); the same form sent twice applies once and the second
// gets the stale message naming what happened; a result file uploaded on resolve is served
// inline (framable by the site only) to staff of the unit and to nobody else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase, startServer, removeDir } from '../lib/server.mjs';
import { Client, sql } from '../lib/trials.mjs';

const CODE = 'H29.23-990101-0001';	// submitted online by makeDatabase
const PAGE = `/can-bo/ho-so/${CODE}`;
// What a clerk may do to some dossier (the others are 403 for a clerk whatever the dossier).
const SLUGS = ['tiep-nhan', 'tu-choi', 'yeu-cau-bo-sung', 'bo-sung', 'phan-cong', 'chuyen-buoc',
  'thu-phi', 'tra-ket-qua', 'rut'];
const NOT_CLERK = ['yeu-cau-thanh-toan', 'xin-loi', 'dung', 'giai-quyet'];
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 11 });
  srv = await startServer(data.db);
});
after(async () => { await srv.stop(); removeDir(data.dir); });

const one = (q) => sql(data.db, q)[0]?.[0];
const row = () => sql(data.db, `SELECT status, version FROM dossiers WHERE code = '${CODE}'`)[0].join(' ');

async function signedIn(user) {
  const c = new Client(srv.base);
  assert.equal((await c.signIn(user)).status, 303);
  return c;
}

// The page's csrf token and the version its forms carry.
async function form(c) {
  const r = await c.get(PAGE);
  assert.equal(r.status, 200);
  const html = await r.text();
  return { html, csrf: html.match(/name="csrf" value="([0-9a-f]+)"/)[1],
    version: html.match(/name="version" value="(\d+)"/)[1] };
}

test('staff of another unit: 404 on the page and on every action, nothing changes', async () => {
  const own = await signedIn('motcua.binhchanh');
  const { csrf } = await form(own);
  const other = await signedIn('motcua.hocmon');
  assert.equal((await other.get(PAGE)).status, 404);
  const token = await other.token('/tai-khoan');
  const before = row();
  const events = one('SELECT count(*) FROM dossier_events');
  for (const slug of SLUGS) {
    const r = await other.post(`${PAGE}/${slug}`, { csrf: token, version: '1', reason: 'x', department: 'H29.23.TP' });
    assert.equal(r.status, 404, slug);
  }
  for (const slug of NOT_CLERK) {
    const r = await other.post(`${PAGE}/${slug}`, { csrf: token, version: '1', reason: 'x' });
    assert.equal(r.status, 403, slug);
  }
  assert.equal(row(), before);
  assert.equal(one('SELECT count(*) FROM dossier_events'), events);
  // A citizen is not staff: the route's role mask answers 403.
  const citizen = await signedIn('congdan');
  assert.equal((await citizen.get(PAGE)).status, 403);
  assert.ok(csrf);
});

test('a specialist may not receive: 403, nothing changes', async () => {
  const c = await signedIn('chuyenvien.tuphap');
  // Not handed to the specialist's department yet: outside its scope.
  assert.equal((await c.get(PAGE)).status, 404);
  const csrf = await c.token('/tai-khoan');
  const before = row();
  assert.equal((await c.post(`${PAGE}/tiep-nhan`, { csrf, version: '1' })).status, 403);
  assert.equal(row(), before);
  // A leader sees the page without the receive form.
  const leader = await signedIn('lanhdao.binhchanh');
  const page = await leader.get(PAGE);
  assert.equal(page.status, 200);
  assert.doesNotMatch(await page.text(), /\/tiep-nhan"/);
});

test('the same receive sent twice applies once; the second names what happened', async () => {
  const c = await signedIn('motcua.binhchanh');
  const { csrf, version, html } = await form(c);
  assert.match(html, /action="\/can-bo\/ho-so\/H29\.23-990101-0001\/tiep-nhan"/);
  let r = await c.post(`${PAGE}/tiep-nhan`, { csrf, version, note: 'Đủ thành phần' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `${PAGE}?xong=receive`);
  assert.match(await (await c.get(`${PAGE}?xong=receive`)).text(), /Đã tiếp nhận hồ sơ\./);
  r = await c.post(`${PAGE}/tiep-nhan`, { csrf, version, note: 'Đủ thành phần' });
  assert.equal(r.status, 409);
  const again = await r.text();
  assert.match(again, /Hồ sơ đã thay đổi kể từ khi biểu mẫu được mở/);
  assert.match(again, /Thay đổi gần nhất: Tiếp nhận hồ sơ · Lê Thị Hoa · \d\d:\d\d \d\d\/\d\d\/\d{4}/);
  assert.equal(one(`SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '${CODE}' AND e.kind = 'receive'`), '1');
  assert.equal(row(), `received ${Number(version) + 1}`);
});

test('a stale form is refused with the message and changes nothing', async () => {
  const clerk = await signedIn('motcua.binhchanh');
  const shown = await form(clerk);	// version n
  const leader = await signedIn('lanhdao.binhchanh');
  const fresh = await form(leader);
  let r = await leader.post(`${PAGE}/phan-cong`, { csrf: fresh.csrf, version: fresh.version, department: 'H29.23.TP', step: '1', assignee: '' });
  assert.equal(r.status, 303);
  const before = row();
  r = await clerk.post(`${PAGE}/yeu-cau-bo-sung`, { csrf: shown.csrf, version: shown.version, thieu_0: '1', reason: 'Thiếu tờ khai' });
  assert.equal(r.status, 409);
  const html = await r.text();
  assert.match(html, /Hồ sơ đã thay đổi/);
  assert.match(html, /Thay đổi gần nhất: Chuyển xử lý · Phan Thị Cẩm Nhung/);
  assert.equal(row(), before);
});

test('the result file is served inline to staff of the unit only', async () => {
  const spec = await signedIn('chuyenvien.tuphap');
  const { csrf, version } = await form(spec);
  const fd = new FormData();
  fd.set('csrf', csrf);
  fd.set('version', version);
  const pdf = Buffer.from('%PDF-1.4\n% Giấy khai sinh điện tử\n%%EOF\n');
  fd.set('file', new Blob([pdf], { type: 'application/pdf' }), 'giay-khai-sinh.pdf');
  const r = await spec.multipart(`${PAGE}/giai-quyet`, fd);
  assert.equal(r.status, 303, await r.text());
  assert.equal(row().split(' ')[0], 'resolved');
  const id = one(`SELECT a.id FROM attachments a JOIN dossiers d ON d.id = a.owner_id WHERE d.code = '${CODE}' AND a.slot = -3`);
  assert.ok(id);
  assert.equal(one(`SELECT result_file FROM dossiers WHERE code = '${CODE}'`),
    one(`SELECT file_hash FROM attachments WHERE id = ${id}`));
  const clerk = await signedIn('motcua.binhchanh');
  const page = await (await clerk.get(PAGE)).text();
  assert.match(page, new RegExp(`<iframe src="${PAGE}/tep/${id}"`));
  let f = await clerk.get(`${PAGE}/tep/${id}`);
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-disposition'), /^inline; filename="giay-khai-sinh\.pdf"/);
  assert.match(f.headers.get('content-security-policy'), /frame-ancestors 'self'/);
  assert.equal(f.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.deepEqual(Buffer.from(await f.arrayBuffer()), pdf);
  f = await clerk.get(`${PAGE}/tep/${id}?tai=1`);
  assert.match(f.headers.get('content-disposition'), /^attachment;/);
  assert.match(f.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  const other = await signedIn('motcua.hocmon');
  assert.equal((await other.get(`${PAGE}/tep/${id}`)).status, 404);
  assert.equal((await other.get(`${PAGE}/tep/${id}?tai=1`)).status, 404);
  // Every other page still refuses framing.
  assert.match((await clerk.get(PAGE)).headers.get('content-security-policy'), /frame-ancestors 'none'/);
});

test('return at the counter checks the receipt code or the ID number', async () => {
  const clerk = await signedIn('motcua.binhchanh');
  const { csrf, version } = await form(clerk);
  let r = await clerk.post(`${PAGE}/tra-ket-qua`, { csrf, version, delivery: 'counter', check: 'SAIMA123' });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /không khớp với hồ sơ/);
  assert.equal(row().split(' ')[0], 'resolved');
  r = await clerk.post(`${PAGE}/tra-ket-qua`, { csrf, version, delivery: 'counter', check: 'testwake' });
  assert.equal(r.status, 303);
  assert.equal(row().split(' ')[0], 'returned');
  assert.equal(one(`SELECT delivery FROM dossiers WHERE code = '${CODE}'`), 'counter');
});

test('a fee paid at the counter from the staff page links its receipt, which prints', async () => {
  // An online dossier received at the desk with its fee still due (made so if the seed has none).
  const clerk = await signedIn('motcua.binhchanh');
  const code = one("SELECT d.code FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE u.code = 'H29.23' " +
    "AND d.status IN ('submitted', 'received') ORDER BY d.status = 'received' DESC, d.id LIMIT 1");
  assert.ok(code, 'a dossier to receive or received');
  const page = `/can-bo/ho-so/${code}`;
  let html = await (await clerk.get(page)).text();
  if (one(`SELECT status FROM dossiers WHERE code = '${code}'`) === 'submitted') {
    const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
    const version = html.match(/name="version" value="(\d+)"/)[1];
    await clerk.post(`${page}/tiep-nhan`, { csrf, version });
    assert.equal(one(`SELECT status FROM dossiers WHERE code = '${code}'`), 'received');
  }
  sql(data.db, `UPDATE dossiers SET fee_amount = 15000, fee_paid = 0, paid_online = 0 WHERE code = '${code}'`);
  html = await (await clerk.get(page)).text();
  assert.doesNotMatch(html, /\/can-bo\/tiep-nhan\/bien-lai\//);
  const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const version = html.match(/name="version" value="(\d+)"/)[1];
  const amount = one(`SELECT fee_amount FROM dossiers WHERE code = '${code}'`);
  const r = await clerk.post(`${page}/thu-phi`, { csrf, version, amount: String(amount) });
  assert.ok([200, 303].includes(r.status), `pay: ${r.status}`);
  assert.equal(one(`SELECT fee_paid FROM dossiers WHERE code = '${code}'`), '1');
  html = await (await clerk.get(page)).text();
  assert.match(html, new RegExp(`href="/can-bo/tiep-nhan/bien-lai/${code.replace(/\./g, '\\.')}"`));
  const receipt = await clerk.get(`/can-bo/tiep-nhan/bien-lai/${code}`);
  assert.equal(receipt.status, 200);
  assert.match(await receipt.text(), new RegExp(code.replace(/\./g, '\\.')));
});
