// admin_catalog.test.mjs - the catalogue editor over HTTP (issue 10 §3; docs/admin-catalog.md):
// who may use it (a province administrator; others 403), messages beside the fields with every
// typed value kept, row buttons, a saved draft that changes nothing live, publish, unpublish
// (the public page and the submission page answer 404, the catalogue no longer lists it),
// re-publish, and hostile input that never gives a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { Client, sql } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const PROC = '1.001193';	// Đăng ký khai sinh: full online, 1 working day
const DISTRICT_ADMIN = { username: 'quantri.binhchanh', password: 'mat-khau-quan-tri-huyen' };
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 30, seed: 11 });
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'admin', '--unit', 'H29.23', '--name',
    'Quản trị huyện', '--username', DISTRICT_ADMIN.username],
  { env: { ...process.env, MOTCUA_SHARE: root }, input: DISTRICT_ADMIN.password + '\n' });
  srv = await startServer(data.db);
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

async function signedIn(who, password) {
  const c = new Client(srv.base);
  const r = await c.signIn(who, password);
  assert.equal(r.status, 303, `${who} signs in`);
  return c;
}

const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// Every value the edit form of html would send (as a browser does), and its action URL.
function formOf(html) {
  const start = html.indexOf('<form class="wizard"');
  const form = html.slice(start, html.indexOf('</form>', start));
  const action = unescape(form.match(/action="([^"]*)"/)[1]);
  const fields = {};
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const name = m[1].match(/name="([^"]*)"/)?.[1];
    if (!name || name === 'action') continue;
    const type = m[1].match(/type="([^"]*)"/)?.[1] || 'text';
    if (type === 'checkbox' && !/ checked/.test(m[1])) continue;
    fields[name] = unescape(m[1].match(/value="([^"]*)"/)?.[1] || '');
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]*)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]] = unescape(m[2]);
  for (const m of form.matchAll(/<select[^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    fields[m[1]] = m[2].match(/<option value="([^"]*)" selected/)?.[1] || '';
  }
  return { action, fields };
}

async function editForm(c, code = PROC) {
  const r = await c.get(`/quan-tri/thu-tuc/${code}`);
  assert.equal(r.status, 200);
  return formOf(await r.text());
}

test('only an administrator of the province may open the editor; others get 403', async () => {
  assert.equal((await fetch(`${srv.base}/quan-tri/thu-tuc`, { redirect: 'manual' })).status, 403);
  for (const who of ['congdan', 'motcua.binhchanh', 'lanhdao.binhchanh']) {
    const c = await signedIn(who);
    assert.equal((await c.get('/quan-tri/thu-tuc')).status, 403, `${who}: list`);
    assert.equal((await c.get(`/quan-tri/thu-tuc/${PROC}`)).status, 403, `${who}: edit`);
  }
  const district = await signedIn(DISTRICT_ADMIN.username, DISTRICT_ADMIN.password);
  assert.equal((await district.get('/quan-tri/thu-tuc')).status, 403, 'a district administrator');
  const csrf = await district.token('/tai-khoan');
  assert.equal((await district.post(`/quan-tri/thu-tuc/${PROC}/ngung`, { csrf })).status, 403);
  assert.equal(sql(data.db, `SELECT published FROM procedures WHERE code = '${PROC}'`)[0][0], '1');
});

test('the list finds procedures without diacritics and filters by state', async () => {
  const admin = await signedIn('admin');
  const html = await (await admin.get('/quan-tri/thu-tuc?q=dang+ky+khai+sinh')).text();
  assert.match(html, new RegExp(`<td class="code">${PROC.replace('.', '\\.')}</td>`));
  const all = Number(sql(data.db, 'SELECT count(*) FROM procedures')[0][0]);
  const page = await (await admin.get('/quan-tri/thu-tuc')).text();
  assert.match(page, new RegExp(`Tìm thấy ${all} thủ tục`));
  const drafts = await (await admin.get('/quan-tri/thu-tuc?trang_thai=draft')).text();
  assert.match(drafts, /Tìm thấy 0 thủ tục/);
  assert.equal((await admin.get('/quan-tri/thu-tuc?trang=999999999')).status, 200);
  assert.equal((await admin.get('/quan-tri/thu-tuc?trang_thai=x&linh_vuc=abc')).status, 200);
});

test('bad values are answered beside their fields, every typed value kept, nothing saved', async () => {
  const admin = await signedIn('admin');
  const { action, fields } = await editForm(admin);
  const r = await admin.post(action, { ...fields, name: '', duration_value: '0', cutoff: '25:99',
    legal_basis: 'Luật Hộ tịch 2014 — giữ nguyên', fee_amount_0: 'mười nghìn', action: 'save' });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /id="name-error">Vui lòng nhập mục này/);
  assert.match(html, /id="duration_value-error">Nhập một số nguyên từ 1 đến 3650/);
  assert.match(html, /id="cutoff-error">Nhập giờ dạng GG:PP/);
  assert.match(html, /id="fee_amount_0-error">Mức thu là số đồng/);
  assert.match(html, /Luật Hộ tịch 2014 — giữ nguyên/);
  assert.match(html, /value="mười nghìn"/);
  const dept = await admin.post(action, { ...fields, department: 'KHONG.CO', action: 'save' });
  assert.equal(dept.status, 400, 'the importer\'s own check, beside its field');
  assert.match(await dept.text(), /id="department-error">Không có đơn vị nào có mã này/);
  assert.equal(sql(data.db, "SELECT count(*) FROM procedure_versions WHERE state = 'draft'")[0][0], '0');
});

test('row buttons add and remove rows and keep what was typed', async () => {
  const admin = await signedIn('admin');
  const { action, fields } = await editForm(admin);
  const fees = Number(action.match(/phi=(\d+)/)[1]);
  const r = await admin.post(action, { ...fields, legal_basis: 'đang gõ dở', action: 'add_fees' });
  assert.equal(r.status, 200);
  const html = await r.text();
  const next = formOf(html);
  assert.equal(Number(next.action.match(/phi=(\d+)/)[1]), fees + 1);
  assert.ok(`fee_name_${fees}` in next.fields, 'a blank row was added');
  assert.equal(next.fields.legal_basis, 'đang gõ dở');
  const removed = await admin.post(next.action, { ...next.fields, action: 'del_fees_0' });
  assert.equal(Number(formOf(await removed.text()).action.match(/phi=(\d+)/)[1]), fees);
  assert.equal(sql(data.db, "SELECT count(*) FROM procedure_versions WHERE state = 'draft'")[0][0], '0');
});

test('a saved draft changes nothing live until it is published', async () => {
  const admin = await signedIn('admin');
  const { action, fields } = await editForm(admin);
  const r = await admin.post(action, { ...fields, duration_value: '4', action: 'save' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /\?da=saved$/);
  assert.match(await (await fetch(`${srv.base}/thu-tuc/${PROC}`)).text(), /1 ngày làm việc/);
  const page = await (await admin.get(`/quan-tri/thu-tuc/${PROC}`)).text();
  assert.match(page, /Bản nháp: phiên bản <strong>2<\/strong>/);
  const preview = await admin.get(`/quan-tri/thu-tuc/${PROC}/xem-truoc`);
  assert.equal(preview.status, 200);
  assert.match(await preview.text(), /<fieldset class="card" disabled>[\s\S]*<label for="f_/);
  const csrf = page.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const pub = await admin.post(`/quan-tri/thu-tuc/${PROC}/cong-bo`, { csrf });
  assert.equal(pub.status, 303);
  assert.match(await (await fetch(`${srv.base}/thu-tuc/${PROC}`)).text(), /4 ngày làm việc/);
  assert.equal(sql(data.db, `SELECT version FROM procedures WHERE code = '${PROC}'`)[0][0], '2');
  assert.equal((await admin.post(`/quan-tri/thu-tuc/${PROC}/cong-bo`, { csrf })).status, 404, 'no draft left');
  const audit = sql(data.db, "SELECT action FROM admin_audit WHERE target LIKE 'procedure:1.001193@%' ORDER BY id");
  assert.deepEqual(audit.map((r) => r[0]), ['procedure.draft', 'procedure.publish']);
  const hist = await (await admin.get(`/quan-tri/thu-tuc/${PROC}`)).text();
  assert.match(hist, /<td class="num">2<\/td><td>Đang áp dụng<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>Thời hạn; <\/td>/);
});

test('the dossier pages show the procedure version the dossier was created under', async () => {
  const [code, version] = sql(data.db, "SELECT d.code, coalesce(d.procedure_version, 1) FROM dossiers d JOIN units u ON " +
    "u.id = d.unit_id WHERE d.code IS NOT NULL AND u.code = 'H29.23' LIMIT 1")[0];
  const clerk = await signedIn('motcua.binhchanh');
  const html = await (await clerk.get(`/can-bo/ho-so/${code}`)).text();
  assert.match(html, new RegExp(`<dt>Phiên bản thủ tục</dt><dd>${version}</dd>`));
});

test('an unpublished procedure answers 404 on its public and submission pages; re-publishing brings it back', async () => {
  const admin = await signedIn('admin');
  const csrf = await admin.token(`/quan-tri/thu-tuc/${PROC}`);
  assert.equal((await admin.post(`/quan-tri/thu-tuc/${PROC}/ngung`, { csrf })).status, 303);
  assert.equal((await fetch(`${srv.base}/thu-tuc/${PROC}`)).status, 404);
  const citizen = await signedIn('congdan');
  assert.equal((await citizen.get(`/thu-tuc/${PROC}/nop`)).status, 404);
  const search = await (await fetch(`${srv.base}/thu-tuc?q=dang+ky+khai+sinh`)).text();
  assert.ok(!search.includes(`/thu-tuc/${PROC}"`), 'not in the public search');
  const clerk = await signedIn('motcua.binhchanh');
  assert.equal((await clerk.get(`/can-bo/tiep-nhan/moi/${PROC}`)).status, 404, 'nor at the counter');
  assert.equal((await admin.get(`/quan-tri/thu-tuc/${PROC}`)).status, 200, 'the editor still has it');
  assert.equal((await admin.post(`/quan-tri/thu-tuc/${PROC}/mo-lai`, { csrf })).status, 303);
  assert.equal((await fetch(`${srv.base}/thu-tuc/${PROC}`)).status, 200);
});

test('a new procedure is hidden until published; its code cannot take another one\'s', async () => {
  const admin = await signedIn('admin');
  const blank = formOf(await (await admin.get('/quan-tri/thu-tuc/moi')).text());
  const taken = await admin.post(blank.action, { ...blank.fields, code: PROC, name: 'Trùng mã', field: 'Hộ tịch',
    duration_value: '3', action: 'save' });
  assert.equal(taken.status, 400);
  assert.match(await taken.text(), /id="code-error">Mã này đã có trong danh mục/);
  const r = await admin.post(blank.action, { ...blank.fields, code: 'TEST.001', name: 'Thủ tục thử nghiệm',
    field: 'Hộ tịch', duration_value: '3', lv_district: '1', result_name: 'Giấy xác nhận', action: 'save' });
  assert.equal(r.status, 303);
  assert.equal((await fetch(`${srv.base}/thu-tuc/TEST.001`)).status, 404);
  const csrf = await admin.token('/quan-tri/thu-tuc/TEST.001');
  assert.equal((await admin.post('/quan-tri/thu-tuc/TEST.001/mo-lai', { csrf })).status, 409, 'never published');
  assert.equal((await admin.post('/quan-tri/thu-tuc/TEST.001/cong-bo', { csrf })).status, 303);
  assert.equal((await fetch(`${srv.base}/thu-tuc/TEST.001`)).status, 200);
});

test('a save from a page made stale by another save is answered 409 with every value kept; saving again overwrites', async () => {
  const a = await signedIn('admin');
  const b = await signedIn('admin');
  const code = '1.000656';
  const pa = await editForm(a, code);
  const pb = await editForm(b, code);
  assert.equal((await a.post(pa.action, { ...pa.fields, legal_basis: 'Bản của A', action: 'save' })).status, 303);
  const again = await a.post(pa.action, { ...pa.fields, legal_basis: 'Bản của A', action: 'save' });
  assert.equal(again.status, 303, 'the same values sent twice are not a conflict');
  const stale = await b.post(pb.action, { ...pb.fields, legal_basis: 'Bản của B', action: 'save' });
  assert.equal(stale.status, 409);
  const html = await stale.text();
  assert.match(html, /vừa được người khác lưu hoặc công bố/);
  assert.match(html, /Bản của B/);
  const draft = () => JSON.parse(sql(data.db, `SELECT v.data FROM procedure_versions v JOIN procedures p ON p.id = ` +
    `v.procedure_id WHERE p.code = '${code}' AND v.state = 'draft'`)[0][0]).legal_basis;
  assert.equal(draft(), 'Bản của A');
  const next = formOf(html);
  assert.equal((await b.post(next.action, { ...next.fields, action: 'save' })).status, 303);
  assert.equal(draft(), 'Bản của B');
  // A's page (shown before B's save) publishes nothing; B's current page does.
  const oldPage = await (await a.get(`/quan-tri/thu-tuc/${code}`)).text();
  const oldStamp = oldPage.match(/name="stamp" value="([^"]+)"/)[1];
  const csrf = oldPage.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  const fresh = await editForm(b, code);
  assert.equal((await b.post(fresh.action, { ...fresh.fields, legal_basis: 'Bản cuối của B', action: 'save' })).status, 303);
  const late = await a.post(`/quan-tri/thu-tuc/${code}/cong-bo`, { csrf, stamp: oldStamp });
  assert.equal(late.status, 303);
  assert.match(late.headers.get('location'), /da=stale$/);
  assert.equal(sql(data.db, `SELECT version FROM procedures WHERE code = '${code}'`)[0][0], '1');
});

test('hostile input never gives a 500', async () => {
  const admin = await signedIn('admin');
  const csrf = await admin.token(`/quan-tri/thu-tuc/${PROC}`);
  assert.equal((await admin.get('/quan-tri/thu-tuc/KHONG.CO')).status, 404);
  assert.equal((await admin.post('/quan-tri/thu-tuc/KHONG.CO', { csrf, action: 'save' })).status, 404);
  assert.equal((await admin.post('/quan-tri/thu-tuc/KHONG.CO/cong-bo', { csrf })).status, 404);
  assert.equal((await admin.post('/quan-tri/thu-tuc/KHONG.CO/huy-nhap', { csrf })).status, 404);
  const huge = await admin.post(`/quan-tri/thu-tuc/${PROC}?phi=9999&bm=-3&qt=abc&tp=60`, { csrf, action: 'del_fees_999' });
  assert.ok([200, 400].includes(huge.status), `odd counts: ${huge.status}`);
  const empty = await admin.post(`/quan-tri/thu-tuc/${PROC}`, { csrf });
  assert.equal(empty.status, 400);
  const long = await admin.post(`/quan-tri/thu-tuc/${PROC}`, { csrf, name: 'x'.repeat(5000), action: 'save' });
  assert.equal(long.status, 400);
  assert.match(await long.text(), /id="name-error">Nội dung quá dài/);
  assert.equal((await admin.post(`/quan-tri/thu-tuc/${PROC}`, { action: 'save' })).status, 403, 'no CSRF token');
});
