// intake.test.mjs - the one-stop shop's intake over HTTP (issue 8 items 2, 3, 5;
// docs/intake.md): the intake queue of the clerk's unit subtree and nobody else's, the
// specialist's 403 on the counter form, a counter form sent twice making one dossier, and a
// refused field answered beside it with every typed value kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit, bin } from '../lib/server.mjs';
import { Client, sql } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const PROC = '1.013228';		// district level, fee 15 000, 2 components, e-form
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const OTHER = { username: 'motcua.khac', password: 'mat-khau-thu-nghiem-3' };
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 40, seed: 8 });
  const unit = sql(data.db, "SELECT code FROM units WHERE level <> 'department' AND path NOT LIKE " +
    "(SELECT path FROM units WHERE code = 'H29.23') || '%' AND code <> 'H29' LIMIT 1")[0][0];
  execFileSync(bin, ['user', 'add', '--db', data.db, '--role', 'clerk', '--unit', unit, '--name', 'Cán bộ khác',
    '--username', OTHER.username], { env: { ...process.env, MOTCUA_SHARE: root }, input: OTHER.password + '\n' });
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

// The blank counter form's csrf and token.
async function blank(c, proc = PROC) {
  const r = await c.get(`/can-bo/tiep-nhan/moi/${proc}`);
  assert.equal(r.status, 200);
  const html = await r.text();
  return { csrf: html.match(/name="csrf" value="([0-9a-f]+)"/)[1], token: html.match(/name="token" value="([0-9a-f]{32})"/)[1] };
}

function form({ csrf, token }, extra = {}, files = { file_0: PDF }) {
  const fd = new FormData();
  const fields = {
    csrf, token, channel: 'counter', applicant_name: 'Phạm Văn Quầy', applicant_id_number: '079203001234',
    applicant_phone: '0909123456', applicant_address: 'Bình Chánh', delivery: 'counter',
    f_owner_name: 'Phạm Văn Quầy', f_owner_id: '079203001234', f_reason: 'Bị mất', f_phone: '0909123456',
    orig_0: '1', fee_collected: '1', ...extra,
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.set(k, String(v));
  for (const [k, v] of Object.entries(files)) fd.set(k, new Blob([v], { type: 'application/pdf' }), `${k}.pdf`);
  return fd;
}

test('the intake queue lists the subtree\'s submitted dossiers; another unit\'s clerk sees none of them', async () => {
  const waiting = sql(data.db, "SELECT d.code FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.status = 'submitted' " +
    "AND u.path LIKE (SELECT path FROM units WHERE code = 'H29.23') || '%'").map((r) => r[0]);
  assert.ok(waiting.includes('H29.23-990101-0001'));
  const clerk = await signedIn('motcua.binhchanh');
  const html = await (await clerk.get('/can-bo/tiep-nhan')).text();
  assert.match(html, /href="\/can-bo\/ho-so\/H29\.23-990101-0001"/);
  assert.match(html, /làm việc/, 'the working time since submission is shown');
  const other = await signedIn(OTHER.username, OTHER.password);
  const r = await other.get('/can-bo/tiep-nhan');
  assert.equal(r.status, 200);
  const theirs = await r.text();
  for (const code of waiting) assert.ok(!theirs.includes(code), `${code} is not in another unit's queue`);
  const ready = await other.get('/can-bo/tra-ket-qua');
  assert.equal(ready.status, 200);
  const citizen = await signedIn('congdan');
  assert.equal((await citizen.get('/can-bo/tiep-nhan')).status, 403);
});

test('a specialist gets 403 on the counter intake form and its POST', async () => {
  const sp = await signedIn('chuyenvien.tuphap');
  assert.equal((await sp.get('/can-bo/tiep-nhan/moi')).status, 403);
  assert.equal((await sp.get(`/can-bo/tiep-nhan/moi/${PROC}`)).status, 403);
  const csrf = await sp.token('/tai-khoan');
  const before = sql(data.db, 'SELECT count(*) FROM dossiers')[0][0];
  const r = await sp.multipart(`/can-bo/tiep-nhan/moi/${PROC}`, form({ csrf, token: 'a'.repeat(32) }));
  assert.equal(r.status, 403);
  assert.equal(sql(data.db, 'SELECT count(*) FROM dossiers')[0][0], before, 'nothing changes');
});

test('the procedure search ignores diacritics', async () => {
  const clerk = await signedIn('motcua.binhchanh');
  const html = await (await clerk.get('/can-bo/tiep-nhan/moi?q=cap+lai+giay+phep+xay+dung')).text();
  assert.match(html, new RegExp(`/can-bo/tiep-nhan/moi/${PROC.replace('.', '\\.')}`));
});

test('a counter form sent twice makes one received dossier with its code, secret and QR', async () => {
  const clerk = await signedIn('motcua.binhchanh');
  const b = await blank(clerk);
  const before = Number(sql(data.db, 'SELECT count(*) FROM dossiers')[0][0]);
  const r1 = await clerk.multipart(`/can-bo/tiep-nhan/moi/${PROC}`, form(b));
  assert.equal(r1.status, 200);
  const html = await r1.text();
  const code = html.match(/id="dossier-code">([^<]+)</)[1];
  assert.match(html, /id="lookup-secret">[A-Z2-9]{8}</);
  assert.match(html, /<svg/);
  assert.match(html, new RegExp(`/can-bo/ho-so/${code.replace(/\./g, '\\.')}/phieu/01`));
  const r2 = await clerk.multipart(`/can-bo/tiep-nhan/moi/${PROC}`, form(b));
  assert.equal(r2.status, 200);
  const again = await r2.text();
  assert.match(again, new RegExp(`id="dossier-code">${code.replace(/\./g, '\\.')}<`));
  assert.ok(!again.includes('id="lookup-secret"'), 'the secret is shown once');
  assert.equal(Number(sql(data.db, 'SELECT count(*) FROM dossiers')[0][0]), before + 1);
  const [row] = sql(data.db, `SELECT status, channel, digitised, json_extract(form_data, '$._intake.fee_collected'), ` +
    `json_extract(form_data, '$._intake.originals_seen[0]'), result_channel, ` +
    `(SELECT count(*) FROM attachments WHERE owner_kind = 'dossier' AND owner_id = dossiers.id), fee_paid, ` +
    `(SELECT json_extract(data, '$.method') || ' ' || json_extract(data, '$.amount') FROM dossier_events e WHERE e.dossier_id = dossiers.id AND e.kind = 'pay') ` +
    `FROM dossiers WHERE code = '${code}'`);
  assert.deepEqual(row, ['received', 'counter', '1', '15000', '0', 'counter', '1', '1', 'counter 15000']);
  // The fee receipt: for staff in scope only.
  const receipt = await clerk.get(`/can-bo/tiep-nhan/bien-lai/${code}`);
  assert.equal(receipt.status, 200);
  assert.match(await receipt.text(), /15\.000 đ/);
  const other = await signedIn(OTHER.username, OTHER.password);
  assert.equal((await other.get(`/can-bo/tiep-nhan/bien-lai/${code}`)).status, 404);
});

test('a refused field is answered beside it and every typed value is kept', async () => {
  const clerk = await signedIn('motcua.binhchanh');
  const b = await blank(clerk);
  const before = sql(data.db, 'SELECT count(*) FROM dossiers')[0][0];
  const r = await clerk.multipart(`/can-bo/tiep-nhan/moi/${PROC}`,
    form(b, { channel: 'post', applicant_phone: '12', f_permit_no: 'GP-123/2020' }));
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /id="applicant_phone-error"/);
  assert.match(html, /id="postal_tracking-error"/);
  assert.match(html, /value="Phạm Văn Quầy"/);
  assert.match(html, /value="GP-123\/2020"/);
  assert.match(html, /id="channel-post" value="post" checked/);
  assert.match(html, new RegExp(`name="token" value="${b.token}"`), 'the same form token');
  assert.equal(sql(data.db, 'SELECT count(*) FROM dossiers')[0][0], before);
  // Fixed and sent again: received by post with the tracking number.
  const ok = await clerk.multipart(`/can-bo/tiep-nhan/moi/${PROC}`,
    form(b, { channel: 'post', postal_tracking: 'EMS0001VN' }));
  assert.equal(ok.status, 200);
  const code = (await ok.text()).match(/id="dossier-code">([^<]+)</)[1];
  assert.deepEqual(sql(data.db, `SELECT channel, json_extract(form_data, '$._intake.postal_tracking') FROM dossiers WHERE code = '${code}'`)[0],
    ['post', 'EMS0001VN']);
  const page = await (await clerk.get(`/can-bo/ho-so/${code}`)).text();
  assert.match(page, /Qua dịch vụ bưu chính/);
  assert.match(page, /EMS0001VN/);
});

test('intake at home records the visit address and time; a malformed time is refused beside it', async () => {
  const clerk = await signedIn('motcua.binhchanh');
  const b = await blank(clerk);
  const bad = await clerk.multipart(`/can-bo/tiep-nhan/moi/${PROC}`,
    form(b, { channel: 'home', home_address: '45 Nguyễn Huệ', home_time: 'sáng mai' }));
  assert.equal(bad.status, 400);
  const html = await bad.text();
  assert.match(html, /id="home_time-error"/);
  assert.match(html, /value="45 Nguyễn Huệ"/);
  const ok = await clerk.multipart(`/can-bo/tiep-nhan/moi/${PROC}`,
    form(b, { channel: 'home', home_address: '45 Nguyễn Huệ', home_time: '09:30 05/01/2026' }));
  assert.equal(ok.status, 200);
  const code = (await ok.text()).match(/id="dossier-code">([^<]+)</)[1];
  assert.deepEqual(sql(data.db, `SELECT channel, json_extract(form_data, '$._intake.channel'), ` +
    `json_extract(form_data, '$._intake.home.address'), json_extract(form_data, '$._intake.home.visit_at') ` +
    `FROM dossiers WHERE code = '${code}'`)[0], ['counter', 'home', '45 Nguyễn Huệ', String(Date.UTC(2026, 0, 5, 2, 30) / 1000)]);
  // The staff page shows the intake record (desk_dossier's "intake") and links the fee receipt.
  const page = await (await clerk.get(`/can-bo/ho-so/${code}`)).text();
  assert.match(page, /Tại nhà người dân/);
  assert.match(page, /45 Nguyễn Huệ/);
  assert.match(page, /09:30 05\/01\/2026/);
  assert.match(page, /Bản chính đã đối chiếu<\/dt><dd>[^<]+</);
  assert.match(page, /Phí, lệ phí đã thu tại quầy<\/dt><dd>15\.000 đ/);
  assert.match(page, new RegExp(`href="/can-bo/tiep-nhan/bien-lai/${code.replace(/\./g, '\\.')}"`));
});
