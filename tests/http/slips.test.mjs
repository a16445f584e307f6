// slips.test.mjs - the statutory slips and the ledger against a real server: who may print
// which slip (staff of the dossier's unit subtree, the owner for 01-04 and the withdrawal
// notice; 404 for another unit's staff and another citizen), the 404 with its message for a
// slip that does not apply, what each slip prints, and the ledger's rows and errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { Client } from '../lib/trials.mjs';
import {
  addSlipDossiers, D, APPLICANT, UNIT_NAME, ITEMS, SUPPLEMENT_REASON, REFUSE_REASON, APOLOGY_REASON,
  WITHDRAW_REASON, RECEIVED_LOCAL, REFUSED_LOCAL, PROMISED_LOCAL, OTHER_CITIZEN, OTHER_CLERK,
  dueLocal, fieldId,
} from '../lib/slips.mjs';

let data;
let srv;
const clients = {};

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 11 });
  addSlipDossiers(data);
  srv = await startServer(data.db);
  const as = async (u, p) => { const c = new Client(srv.base); await c.signIn(u, p); return c; };
  clients.clerk = await as('motcua.binhchanh');
  clients.leader = await as('lanhdao.binhchanh');
  clients.owner = await as('congdan');
  clients.otherCitizen = await as(OTHER_CITIZEN.username, OTHER_CITIZEN.password);
  clients.otherClerk = await as(OTHER_CLERK.username, OTHER_CLERK.password);
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

const staff = (code, f) => `/can-bo/ho-so/${code}/phieu/${f}`;
const own = (code, f) => `/ho-so/${code}/phieu/${f}`;
async function page(c, path) {
  const r = await c.get(path);
  return { status: r.status, html: await r.text() };
}

test('slip 01 prints the heading, unit, code, applicant, times, components and the QR code', async () => {
  const { status, html } = await page(clients.clerk, staff(D.full, '01'));
  assert.equal(status, 200);
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Mẫu số 01',
    'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', UNIT_NAME, '349 đường Tân Túc', D.full, APPLICANT.name,
    APPLICANT.id_number, APPLICANT.phone, APPLICANT.address, RECEIVED_LOCAL, dueLocal(data.db, D.full),
    'Đăng ký khai sinh', 'NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ', '/static/css/print.css']) {
    assert.ok(html.includes(s), `slip 01 lacks ${s}`);
  }
  assert.match(html, /<svg[^>]*class="qr"/);
  assert.ok(!html.includes('PAYTEST2'), 'the lookup secret is never printed');
});

test('slip 02 prints the items and reason of the supplement request and the window end', async () => {
  const { status, html } = await page(clients.clerk, staff(D.full, '02'));
  assert.equal(status, 200);
  for (const s of [...ITEMS, SUPPLEMENT_REASON, '10:00 23/11/2026', 'Mẫu số 02']) assert.ok(html.includes(s), s);
});

test('slip 03 prints the refusal reason and time; 04 the apology and promised date; rut the withdrawal', async () => {
  let r = await page(clients.clerk, staff(D.refused, '03'));
  assert.equal(r.status, 200);
  assert.ok(r.html.includes(REFUSE_REASON) && r.html.includes(REFUSED_LOCAL));
  r = await page(clients.leader, staff(D.full, '04'));
  assert.equal(r.status, 200);
  assert.ok(r.html.includes(APOLOGY_REASON) && r.html.includes(PROMISED_LOCAL));
  r = await page(clients.clerk, staff(D.withdrawn, 'rut'));
  assert.equal(r.status, 200);
  assert.ok(r.html.includes(WITHDRAW_REASON) && r.html.includes('Thông báo dừng giải quyết hồ sơ'));
});

test('slip 05 lists each handover with department, times and step result', async () => {
  const { status, html } = await page(clients.clerk, staff(D.full, '05'));
  assert.equal(status, 200);
  assert.equal((html.match(/<td>Phòng Tư pháp/g) || []).length, 2, 'assign and transfer: two rows');
  assert.ok(html.includes('09:30 23/11/2026') && html.includes('10:00 24/11/2026'));
  assert.match(html, /Quá hạn|Đúng hạn|Trước hạn/);
});

test('a slip that does not apply yet answers 404 with its message', async () => {
  const cases = [[D.received, '02', 'chưa có yêu cầu bổ sung'], [D.received, '04', 'chưa có văn bản xin lỗi'],
    [D.received, '03', 'không bị từ chối'], [D.received, 'rut', 'không bị rút'],
    [D.refused, '01', 'chưa được tiếp nhận'], [D.refused, '05', 'chưa được tiếp nhận']];
  for (const [code, f, msg] of cases) {
    const { status, html } = await page(clients.clerk, staff(code, f));
    assert.equal(status, 404, `${code} ${f}`);
    assert.ok(html.includes(msg), `${code} ${f}: ${msg}`);
    assert.ok(!html.includes(APPLICANT.name));
  }
  const { status, html } = await page(clients.owner, own(D.received, '02'));
  assert.equal(status, 404);
  assert.ok(html.includes('chưa có yêu cầu bổ sung'));
  const en = await clients.clerk.get('/lang/en?next=/');
  assert.ok(en.status < 400);
  const r = await page(clients.clerk, staff(D.received, '04'));
  assert.equal(r.status, 404);
  assert.ok(r.html.includes('No apology has been issued'));
  await clients.clerk.get('/lang/vi?next=/');
});

test('another unit\'s staff get 404 for every slip, with nothing of the dossier', async () => {
  for (const f of ['01', '02', '03', '04', '05', 'rut']) {
    for (const code of [D.full, D.refused, D.withdrawn]) {
      const { status, html } = await page(clients.otherClerk, staff(code, f));
      assert.equal(status, 404, `${code} ${f}`);
      assert.ok(!html.includes(APPLICANT.name) && !html.includes('Chưa có phiếu này'));
    }
  }
  assert.equal((await page(clients.otherClerk, staff('H29.23-000000-0000', '01'))).status, 404);
  assert.equal((await page(clients.clerk, staff(D.full, '07'))).status, 404);
});

test('the owner prints 01-04 and the withdrawal notice of their own dossier; 05 and anyone else 404', async () => {
  for (const [code, f] of [[D.full, '01'], [D.full, '02'], [D.refused, '03'], [D.full, '04'], [D.withdrawn, 'rut']]) {
    const { status, html } = await page(clients.owner, own(code, f));
    assert.equal(status, 200, `${code} ${f}`);
    assert.ok(html.includes(code) && html.includes(APPLICANT.name));
    assert.ok(html.includes(`href="/ho-so/${code}"`), 'back to the citizen\'s page');
    const other = await page(clients.otherCitizen, own(code, f));
    assert.equal(other.status, 404);
    assert.ok(!other.html.includes(APPLICANT.name) && !other.html.includes('Chưa có phiếu này'));
    const clerk = await page(clients.clerk, own(code, f));
    assert.equal(clerk.status, 404, 'the owner\'s URL is for the owner only');
  }
  const f05 = await page(clients.owner, own(D.full, '05'));
  assert.equal(f05.status, 404);
  assert.equal((await clients.owner.get(staff(D.full, '01'))).status, 403, 'citizens have no staff route');
  const anon = new Client(srv.base);
  assert.equal((await anon.get(staff(D.full, '01'))).status, 403);
});

test('the ledger lists the field\'s dossiers received in the period in the staff member\'s subtree', async () => {
  const field = fieldId(data.db);
  const q = `/can-bo/so-theo-doi?field=${field}&from=23/11/2026&to=23/11/2026`;
  let { status, html } = await page(clients.clerk, q);
  assert.equal(status, 200);
  for (const code of [D.full, D.withdrawn, D.received]) assert.ok(html.includes(code), code);
  assert.ok(!html.includes(D.refused), 'a refused dossier was never received');
  assert.ok(html.includes('Sổ theo dõi hồ sơ') && html.includes(RECEIVED_LOCAL) && html.includes('Phòng Tư pháp'));
  ({ status, html } = await page(clients.clerk, `${q}&in=1`));
  assert.equal(status, 200);
  assert.ok(html.includes('ledger-sheet') && html.includes(D.full));
  ({ status, html } = await page(clients.otherClerk, q));
  assert.equal(status, 200);
  assert.ok(!html.includes(D.full), 'another unit\'s ledger');
  ({ status, html } = await page(clients.clerk, `/can-bo/so-theo-doi?field=${field}&from=31/02/2026&to=23/11/2026`));
  assert.equal(status, 400);
  assert.ok(html.includes('Nhập ngày theo dạng dd/mm/yyyy'));
  assert.ok(html.includes('value="31/02/2026"'), 'the typed value is kept');
  ({ status, html } = await page(clients.clerk, `/can-bo/so-theo-doi?field=${field}&from=24/11/2026&to=23/11/2026`));
  assert.equal(status, 400);
  assert.ok(html.includes('Ngày kết thúc phải sau ngày bắt đầu'));
  ({ status, html } = await page(clients.clerk, `/can-bo/so-theo-doi?from=23/11/2026&to=23/11/2026`));
  assert.equal(status, 400);
  assert.ok(html.includes('Hãy chọn lĩnh vực'));
  assert.equal((await page(clients.clerk, '/can-bo/so-theo-doi')).status, 200);
  assert.equal((await clients.owner.get(q)).status, 403);
});

test('the list of slips shows only those that apply; the citizen\'s dossier page links to it', async () => {
  let { status, html } = await page(clients.owner, `/ho-so/${D.full}/phieu`);
  assert.equal(status, 200);
  for (const f of ['01', '02', '04']) assert.ok(html.includes(`/ho-so/${D.full}/phieu/${f}"`), f);
  for (const f of ['03', '05', 'rut']) assert.ok(!html.includes(`/phieu/${f}"`), f);
  ({ status, html } = await page(clients.clerk, `/can-bo/ho-so/${D.full}/phieu`));
  assert.equal(status, 200);
  assert.ok(html.includes(`/can-bo/ho-so/${D.full}/phieu/05"`));
  assert.equal((await page(clients.otherCitizen, `/ho-so/${D.full}/phieu`)).status, 404);
  assert.equal((await page(clients.otherClerk, `/can-bo/ho-so/${D.full}/phieu`)).status, 404);
  ({ status, html } = await page(clients.owner, `/ho-so/${D.refused}`));
  assert.equal(status, 200);
  assert.ok(html.includes(`href="/ho-so/${D.refused}/phieu"`), 'the "In phiếu" link');
});
