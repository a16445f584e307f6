// citizen.test.mjs - the citizen portal over HTTP (issue 7; docs/citizen.md): who may open the
// submission form, one draft per blank form sent twice, refused files (HTML named .pdf, over
// the cap) answered beside their component with the draft intact, completeness at submission,
// another citizen getting 404 for everything of mine and changing nothing, the handling unit's
// staff reading the files, withdrawal and its refusal, and a SIGKILL in the middle of
// submissions leaving whole dossiers or none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { Client, assertConsistent, killHard, sleep, sql } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const PROC = '1.013228';		// Cấp lại giấy phép xây dựng: level 4, fee, 2 components
const INFO = '2.000884';		// information only
const ARGS = ['--upload-max', String(256 * 1024)];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const OTHER = { username: 'congdan2', password: 'mat-khau-thu-nghiem-2' };
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 10, seed: 5 });
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'citizen', '--name', 'Trần Thị Hai',
    '--username', OTHER.username], { env: { ...process.env, MOTCUA_SHARE: root }, input: OTHER.password + '\n' });
  srv = await startServer(data.db, { extraArgs: ARGS });
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

async function citizen(who = 'congdan', password) {
  const c = new Client(srv.base);
  const r = await c.signIn(who, password);
  assert.equal(r.status, 303, `${who} signs in`);
  return c;
}

// A complete, valid submission form for PROC as FormData (files: {field: Buffer}).
function form(token, csrf, action = 'submit', files = { file_0: PDF }, extra = {}) {
  const unit = sql(data.db, "SELECT id FROM units WHERE code = 'H29.23'")[0][0];
  const fd = new FormData();
  const fields = {
    csrf, token, unit, action, applicant_name: 'Nguyễn Văn An', applicant_id_number: '079203001234',
    applicant_phone: '0909123456', applicant_email: 'an@example.vn', applicant_address: 'Bình Chánh',
    delivery: 'online', f_owner_name: 'Nguyễn Văn An', f_owner_id: '079203001234', f_reason: 'Bị mất',
    f_phone: '0909123456', ...extra,
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.set(k, String(v));
  for (const [k, v] of Object.entries(files)) fd.set(k, new Blob([v], { type: 'application/pdf' }), `${k}.pdf`);
  return fd;
}

// The blank form's csrf and token.
async function blank(c, proc = PROC) {
  const html = await (await c.get(`/thu-tuc/${proc}/nop`)).text();
  return { csrf: html.match(/name="csrf" value="([0-9a-f]+)"/)[1], token: html.match(/name="token" value="([0-9a-f]{32})"/)[1] };
}

// Submit a whole dossier as c; resolves to {code, secret, draft}.
async function submitted(c) {
  const { csrf, token } = await blank(c);
  const r = await c.multipart(`/thu-tuc/${PROC}/nop`, form(token, csrf));
  const html = await r.text();
  assert.equal(r.status, 200, html.slice(0, 3000));
  const code = html.match(/id="dossier-code">([^<]+)</)[1];
  const secret = html.match(/id="lookup-secret">([^<]+)</)[1];
  const draft = sql(data.db, `SELECT id FROM dossiers WHERE code = '${code}'`)[0][0];
  return { code, secret, draft };
}

const dossierRow = (id) => sql(data.db, `SELECT status, coalesce(code, ''), form_data, version FROM dossiers WHERE id = ${id}`)[0];

test('only a signed-in citizen opens the submission form; info-only procedures have none', async () => {
  const anon = await fetch(`${srv.base}/thu-tuc/${PROC}/nop`, { redirect: 'manual' });
  assert.equal(anon.status, 403);
  assert.match(await anon.text(), /name="password"/, 'anonymous: the sign-in form, coming back here');
  const clerk = new Client(srv.base);
  await clerk.signIn('motcua.binhchanh');
  assert.equal((await clerk.get(`/thu-tuc/${PROC}/nop`)).status, 403);
  const c = await citizen();
  assert.equal((await c.get(`/thu-tuc/${INFO}/nop`)).status, 404);
  assert.equal((await c.get('/thu-tuc/9.999999/nop')).status, 404);
  const page = await c.get(`/thu-tuc/${PROC}/nop`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /name="f_owner_id"/);
  assert.match(html, /name="file_1"/);
  assert.match(html, /value="Nguyễn Văn An"|name="applicant_name"/);
});

test('a blank form sent twice makes one draft; saving shows it again with everything', async () => {
  const c = await citizen();
  const { csrf, token } = await blank(c);
  const before = Number(sql(data.db, "SELECT count(*) FROM dossiers WHERE status = 'draft'")[0][0]);
  const a = await c.multipart(`/thu-tuc/${PROC}/nop`, form(token, csrf, 'save', {}));
  const b = await c.multipart(`/thu-tuc/${PROC}/nop`, form(token, csrf, 'save', {}));
  assert.equal(a.status, 303);
  assert.equal(b.status, 303);
  assert.equal(a.headers.get('location'), b.headers.get('location'));
  assert.match(a.headers.get('location'), /^\/ho-so\/nhap\/\d+\?luu=1$/);
  assert.equal(Number(sql(data.db, "SELECT count(*) FROM dossiers WHERE status = 'draft'")[0][0]), before + 1);
  const page = await (await c.get(a.headers.get('location'))).text();
  assert.match(page, /Đã lưu bản nháp/);
  assert.match(page, /value="079203001234"/);
});

test('an HTML file named .pdf and an oversize file are refused beside their component; the draft keeps everything', async () => {
  const c = await citizen();
  const { csrf, token } = await blank(c);
  const saved = await c.multipart(`/thu-tuc/${PROC}/nop`, form(token, csrf, 'save', { file_0: PDF }));
  const path = saved.headers.get('location').replace(/\?.*$/, '');
  const id = path.split('/').pop();
  const files = () => sql(data.db, `SELECT count(*) FROM attachments WHERE owner_kind = 'dossier' AND owner_id = ${id}`)[0][0];
  assert.equal(files(), '1');
  const before = dossierRow(id);

  const html = Buffer.from('<!doctype html><script>alert(1)</script>');
  let r = await c.multipart(path, form(undefined, await c.token(path), 'save', { file_1: html }, { f_permit_no: 'GP-01' }));
  assert.equal(r.status, 415);
  let page = await r.text();
  assert.match(page, /id="file_1-error"[^>]*>[^<]*PDF, JPEG hoặc PNG/);
  assert.match(page, /value="GP-01"/, 'what was typed is kept');
  assert.equal(files(), '1', 'the refused file is not attached; the first one stays');

  r = await c.multipart(path, form(undefined, await c.token(path), 'save', { file_1: Buffer.alloc(300 * 1024, 0x25).fill('%PDF-', 0, 5) }, { f_permit_no: 'GP-01' }));
  assert.equal(r.status, 413);
  page = await r.text();
  assert.match(page, /id="file_1-error"[^>]*>[^<]*Tệp quá lớn/);
  assert.equal(files(), '1');
  const after = dossierRow(id);
  assert.equal(after[0], 'draft');
  assert.ok(JSON.parse(after[2]).permit_no === 'GP-01', 'the draft kept the value saved with the refused file');
  assert.equal(before[0], after[0]);
});

test('submitting needs the required components and valid fields; errors keep the draft', async () => {
  const c = await citizen();
  const { csrf, token } = await blank(c);
  let r = await c.multipart(`/thu-tuc/${PROC}/nop`, form(token, csrf, 'submit', {}));
  assert.equal(r.status, 400);
  let html = await r.text();
  assert.match(html, /class="error-summary"/);
  const id = sql(data.db, `SELECT id FROM dossiers WHERE draft_token = '${token}'`)[0][0];
  assert.equal(dossierRow(id)[0], 'draft', 'not submitted, kept as a draft');
  r = await c.multipart(`/ho-so/nhap/${id}`, form(undefined, await c.token(`/ho-so/nhap/${id}`), 'submit', { file_0: PDF }, { f_owner_id: '12345', f_reason: 'Không có' }));
  assert.equal(r.status, 400);
  html = await r.text();
  assert.match(html, /id="f_owner_id-error"/);
  assert.match(html, /id="f_reason-error"/);
  assert.match(html, /value="12345"/);
  assert.equal(dossierRow(id)[0], 'draft');
});

test('another citizen gets 404 for my dossier, draft and files, and changes nothing', async () => {
  const mine = await citizen();
  const { code, draft } = await submitted(mine);
  const fileId = sql(data.db, `SELECT id FROM attachments WHERE owner_kind = 'dossier' AND owner_id = ${draft}`)[0][0];
  const { csrf, token } = await blank(mine);
  const saved = await mine.multipart(`/thu-tuc/${PROC}/nop`, form(token, csrf, 'save', { file_0: PDF }));
  const draftPath = saved.headers.get('location').replace(/\?.*$/, '');
  const draftId = draftPath.split('/').pop();
  const draftFile = sql(data.db, `SELECT id FROM attachments WHERE owner_kind = 'dossier' AND owner_id = ${draftId}`)[0][0];
  const before = [dossierRow(draft), dossierRow(draftId)];

  const other = await citizen(OTHER.username, OTHER.password);
  for (const p of [`/ho-so/${code}`, draftPath, `/ho-so/${code}/tep/${fileId}`, `${draftPath}/tep/${draftFile}`,
    `/ho-so/${code}/rut`, `/ho-so/${code}/thanh-toan`]) {
    assert.equal((await other.get(p)).status, 404, `GET ${p}`);
  }
  const csrfOther = await other.token('/ho-so');
  for (const [p, f] of [[`/ho-so/${code}/rut`, { reason: 'x' }], [`/ho-so/${code}/danh-gia`, { rating: 'satisfied' }],
    [`/ho-so/${code}/phan-anh`, { body: 'x' }], [`${draftPath}/xoa`, {}]]) {
    assert.equal((await other.post(p, { csrf: csrfOther, ...f })).status, 404, `POST ${p}`);
  }
  const r = await other.multipart(draftPath, form(undefined, csrfOther, 'submit', { file_0: PDF }));
  assert.equal(r.status, 404, 'POST to someone else\'s draft');
  assert.deepEqual([dossierRow(draft), dossierRow(draftId)], before, 'nothing changed');
  assert.doesNotMatch(await (await other.get('/ho-so')).text(), new RegExp(code.replace(/\./g, '\\.')));
});

test('the handling unit\'s staff read the dossier\'s files; other units\' staff do not; drafts stay private', async () => {
  const mine = await citizen();
  const { code, draft } = await submitted(mine);
  const fileId = sql(data.db, `SELECT id FROM attachments WHERE owner_kind = 'dossier' AND owner_id = ${draft}`)[0][0];
  const clerk = new Client(srv.base);
  await clerk.signIn('motcua.binhchanh');
  const r = await clerk.get(`/ho-so/${code}/tep/${fileId}`);
  assert.equal(r.status, 200);
  assert.equal(Buffer.from(await r.arrayBuffer()).toString(), PDF.toString());
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  const specialist = new Client(srv.base);
  await specialist.signIn('chuyenvien.tuphap');	// a department under the district: not the dossier's unit
  assert.equal((await specialist.get(`/ho-so/${code}/tep/${fileId}`)).status, 404);
  assert.equal((await clerk.get(`/ho-so/${code}`)).status, 404, 'the citizen\'s pages answer 404 to anyone else');
});

test('withdrawal asks for confirmation, happens once, and is refused with a message afterwards', async () => {
  const c = await citizen();
  const { code } = await submitted(c);
  const confirm = await c.get(`/ho-so/${code}/rut`);
  assert.equal(confirm.status, 200);
  assert.match(await confirm.text(), /Xác nhận rút hồ sơ/);
  const csrf = await c.token(`/ho-so/${code}`);
  let r = await c.post(`/ho-so/${code}/rut`, { csrf, reason: 'Nộp nhầm thủ tục' });
  assert.equal(r.status, 303);
  assert.equal(sql(data.db, `SELECT status FROM dossiers WHERE code = '${code}'`)[0][0], 'withdrawn');
  r = await c.post(`/ho-so/${code}/rut`, { csrf, reason: 'lần nữa' });
  assert.equal(r.status, 409);
  assert.match(await r.text(), /class="error-summary"[^]*Không thể thực hiện thao tác này ở trạng thái hiện tại/);
  r = await c.post(`/ho-so/${code}/rut`, { csrf, reason: 'x'.repeat(501) });
  assert.ok(r.status === 400 || r.status === 409);
});

test('a SIGKILL during submissions leaves whole dossiers or none', async () => {
  const files = join(data.dir, 'files');
  for (let round = 0; round < 3; round++) {
    const c = await citizen();
    const forms = [];
    for (let i = 0; i < 6; i++) forms.push({ ...(await blank(c)) });
    const ctl = new AbortController();
    const inflight = forms.map((f) => c.multipart(`/thu-tuc/${PROC}/nop`, form(f.token, f.csrf), ctl.signal).catch(() => null));
    await sleep(5 + round * 15);
    await killHard(srv.proc);
    ctl.abort();
    await Promise.all(inflight);
    assertConsistent(data.db, files, `submissions, round ${round}`);
    // Every dossier with a code went through `submit`, with its event log and counters.
    assert.deepEqual(sql(data.db, "SELECT d.id FROM dossiers d WHERE d.status <> 'draft' AND (d.code IS NULL OR " +
      'd.version <> (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id) OR d.lookup_hash IS NULL)'), []);
    assert.deepEqual(sql(data.db, "SELECT id FROM dossiers WHERE status = 'draft' AND (code IS NOT NULL OR version <> 0)"), []);
    srv = await startServer(data.db, { extraArgs: ARGS });
  }
});
