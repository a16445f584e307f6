// desk_more.test.mjs - the rest of issue 8's browser journeys, headless Chromium with JavaScript
// off, real pages, data from the engine (docs/desk.md): a cross-unit step (liên thông) through
// the provincial department H29.STNMT and back, with Form 05 listing both handovers; a result
// returned by post with its tracking number, seen by the citizen and named in the mail; a stale
// form refused in the browser with the message naming what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { journey } from '../lib/browser.mjs';
import { bin } from '../lib/server.mjs';
import { DEMO_PASSWORD, sql } from '../lib/trials.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const j = journey({ dossiers: 8, seed: 37 });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const TRACKING = 'EB246813579VN';

async function signIn(page, username) {
  await page.goto(j.srv.base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'));
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(j.srv.base + '/');
}

// Sign in as username (after signing out whoever is in) and open the staff page of code.
async function desk(page, username, code) {
  if (await page.getByRole('button', { name: 'Đăng xuất' }).count()) await signOut(page);
  await signIn(page, username);
  return page.goto(`${j.srv.base}/can-bo/ho-so/${code}`);
}

const row = (code, cols) => sql(j.data.db, `SELECT ${cols} FROM dossiers WHERE code = '${code}'`)[0];
const state = (code) => row(code, 'status')[0];

// The citizen submits a level-4 dossier of 1.013228 (Bình Chánh) through the portal pages with
// the given delivery; returns its code.
async function submit(page, { delivery, address = '', email = '' }) {
  if (await page.getByRole('button', { name: 'Đăng xuất' }).count()) await signOut(page);
  await signIn(page, 'congdan');
  await page.goto(j.srv.base + '/thu-tuc/1.013228/nop');
  await page.selectOption('#unit', { label: 'UBND huyện Bình Chánh' });
  await page.locator('#applicant_name').fill('Nguyễn Văn An');
  await page.locator('#applicant_address').fill('Ấp 3, xã Vĩnh Lộc A, huyện Bình Chánh');
  await page.locator('#applicant_id_number').fill('079203001234');
  await page.locator('#applicant_phone').fill('0912345678');
  if (email) await page.locator('#applicant_email').fill(email);
  await page.locator('#f_owner_name').fill('Nguyễn Văn An');
  await page.locator('#f_owner_id').fill('079203001234');
  await page.locator('#f_permit_no').fill('88/GPXD');
  await page.selectOption('#f_reason', { index: 1 });
  await page.locator('#f_phone').fill('0912345678');
  await page.locator(`#delivery-${delivery}`).check();
  if (address) await page.locator('#delivery_address').fill(address);
  await page.locator('#file_0').setInputFiles({ name: 'don-de-nghi.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.locator('#file_1').setInputFiles({ name: 'giay-phep-cu.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).last().click();
  await page.locator('#dossier-code').waitFor();
  const code = (await page.locator('#dossier-code').textContent()).trim();
  assert.equal(state(code), 'submitted');
  return code;
}

// The clerk receives code on its page.
async function receive(page, code) {
  await desk(page, 'motcua.binhchanh', code);
  await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await page.waitForURL(/\?xong=receive$/);
  assert.equal(state(code), 'received');
}

// The leader approves and resolves code with the electronic result.
async function resolveAsLeader(page, code) {
  await desk(page, 'lanhdao.binhchanh', code);
  await page.locator('#resolve-file').setInputFiles({ name: 'giay-phep-cap-lai.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Duyệt và trả kết quả về Bộ phận Một cửa' }).click();
  await page.waitForURL(/\?xong=resolve$/);
  assert.equal(state(code), 'resolved');
}

// Every message delivered to the maildir so far, decoded (encoded-word headers, quoted-printable
// bodies).
function mails() {
  const dir = join(j.data.dir, 'mail', 'new');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((f) => {
    const raw = readFileSync(join(dir, f), 'utf8');
    const [head, ...rest] = raw.split('\n\n');
    const words = head.replace(/\n\s+/g, ' ').replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi,
      (_, b) => Buffer.from(b, 'base64').toString('utf8'));
    const body = rest.join('\n\n').replace(/=\n/g, '');
    const bytes = [];
    for (let i = 0; i < body.length; i++) {
      if (body[i] === '=' && /^[0-9A-F]{2}$/.test(body.slice(i + 1, i + 3))) { bytes.push(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; }
      else bytes.push(...Buffer.from(body[i], 'utf8'));
    }
    return `${words}\n\n${Buffer.from(bytes).toString('utf8')}`;
  });
}

async function waitFor(check, what, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    if (check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a cross-unit step: the district hands step 1 to the provincial department, which sends it back; Form 05 lists both', async () => {
  const page = j.page;
  const code = await submit(page, { delivery: 'counter' });
  await receive(page, code);

  // The assign form offers the provincial department and its specialist (liên thông).
  const dep = page.locator('#assign-department option[value="H29.STNMT"]');
  assert.match(await dep.textContent(), /Sở Tài nguyên và Môi trường/);
  await page.selectOption('#assign-department', 'H29.STNMT');
  await page.selectOption('#assign-specialist', { label: 'Huỳnh Quốc Bảo (H29.STNMT)' });
  await page.selectOption('#assign-step', '1');
  await page.getByRole('button', { name: 'Phân công xử lý' }).click();
  await page.waitForURL(/\?xong=assign$/);
  assert.equal(state(code), 'processing');
  assert.deepEqual(row(code, `(SELECT code FROM units WHERE id = department_id),
    (SELECT username FROM users WHERE id = assignee_id)`), ['H29.STNMT', 'chuyenvien.stnmt']);

  // The provincial specialist finds it in their inbox and opens it from there.
  await signOut(page);
  await signIn(page, 'chuyenvien.stnmt');
  await page.goto(j.srv.base + '/can-bo/viec?list=mine');
  const link = page.locator(`main a[href="/can-bo/ho-so/${code}"]`);
  assert.equal(await link.count(), 1, 'the handed dossier is in the inbox');
  await link.click();
  await page.waitForURL(new RegExp(`/can-bo/ho-so/${code.replace(/\./g, '\\.')}$`));
  await page.waitForLoadState('load');
  assert.match(await page.locator('h1').textContent(), new RegExp(code.replace(/\./g, '\\.')));

  // Scope: another Bình Chánh dossier, not handed to them, does not exist for them.
  const other = sql(j.data.db, `SELECT d.code FROM dossiers d JOIN units u ON u.id = d.unit_id
    WHERE d.status <> 'draft' AND d.code <> '${code}' AND u.path LIKE
    (SELECT path FROM units WHERE code = 'H29.23') || '%' LIMIT 1`)[0][0];
  assert.equal((await page.request.get(`${j.srv.base}/can-bo/ho-so/${other}`)).status(), 404);
  assert.equal((await page.request.get(`${j.srv.base}/can-bo/ho-so/${other}/phieu/05`)).status(), 404);

  // They forward it back to the district's urban management department for the leader's step.
  await page.selectOption('#assign-department', 'H29.23.QLDT');
  await page.selectOption('#assign-specialist', { label: 'Võ Thanh Tùng (H29.23.QLDT)' });
  await page.selectOption('#assign-step', '2');
  await page.getByRole('button', { name: 'Chuyển bước tiếp theo' }).click();
  await page.waitForURL(/\?xong=transfer$/);
  assert.equal(row(code, '(SELECT code FROM units WHERE id = department_id)')[0], 'H29.23.QLDT');

  await resolveAsLeader(page, code);

  // Form 05: both handovers, the provincial department by name, each with a step result.
  await page.goto(`${j.srv.base}/can-bo/ho-so/${code}/phieu/05`);
  const rows = page.locator('main tbody tr');
  assert.equal(await rows.count(), 2);
  const first = await rows.nth(0).textContent();
  const second = await rows.nth(1).textContent();
  assert.match(first, /Sở Tài nguyên và Môi trường/);
  assert.match(first, /Huỳnh Quốc Bảo/);
  assert.match(first, /Trước hạn|Đúng hạn|Quá hạn/);
  assert.match(second, /Phòng Quản lý đô thị/);
  assert.match(second, /Trước hạn|Đúng hạn|Quá hạn/);

  // Handed back and resolved, it is neither in the provincial specialist's inbox nor in their
  // sight: not their unit's, not their department's, not assigned to them.
  await signOut(page);
  await signIn(page, 'chuyenvien.stnmt');
  await page.goto(j.srv.base + '/can-bo/viec?list=mine');
  assert.equal(await page.locator(`main a[href="/can-bo/ho-so/${code}"]`).count(), 0);
  assert.equal((await page.request.get(`${j.srv.base}/can-bo/ho-so/${code}`)).status(), 404);
});

test('a postal return: the clerk returns the result by post with the tracking number; the citizen and the mail name it', async () => {
  const page = j.page;
  const address = '12 đường Vĩnh Lộc, xã Vĩnh Lộc A, huyện Bình Chánh';
  const code = await submit(page, { delivery: 'post', address, email: 'an.nguyen@example.vn' });
  assert.deepEqual(row(code, 'result_channel, delivery_address'), ['post', address]);
  await receive(page, code);
  await page.selectOption('#assign-department', 'H29.23.QLDT');
  await page.selectOption('#assign-specialist', { label: 'Võ Thanh Tùng (H29.23.QLDT)' });
  await page.selectOption('#assign-step', '2');
  await page.getByRole('button', { name: 'Phân công xử lý' }).click();
  await page.waitForURL(/\?xong=assign$/);
  await resolveAsLeader(page, code);

  // The results-ready queue shows the chosen delivery and address; the clerk opens it there.
  await signOut(page);
  await signIn(page, 'motcua.binhchanh');
  await page.goto(j.srv.base + '/can-bo/tra-ket-qua');
  const tr = page.locator('main tbody tr').filter({ hasText: code });
  assert.equal(await tr.count(), 1);
  assert.match(await tr.textContent(), /bưu chính/);
  assert.match(await tr.textContent(), /12 đường Vĩnh Lộc/);
  await tr.getByRole('link', { name: code }).click();
  await page.waitForURL(new RegExp(`/can-bo/ho-so/${code.replace(/\./g, '\\.')}$`));
  await page.waitForLoadState('load');

  // By post without a tracking number: refused with the message, nothing changes.
  await page.locator('#return input[name=delivery][value=post]').check();
  await page.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
  await page.waitForURL(/\/tra-ket-qua$/);
  assert.ok((await page.locator('#return [role=alert]').textContent()).trim().length > 0);
  assert.equal(state(code), 'resolved');
  await page.locator('#return input[name=delivery][value=post]').check();
  await page.locator('#return-tracking').fill(TRACKING);
  await page.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
  await page.waitForURL(/\?xong=return$/);
  assert.equal(state(code), 'returned');
  assert.deepEqual(row(code, 'delivery, postal_tracking'), ['post', TRACKING]);

  // The citizen sees it returned by post with the tracking number.
  await signOut(page);
  await signIn(page, 'congdan');
  await page.goto(`${j.srv.base}/ho-so/${code}`);
  const main = await page.locator('main').textContent();
  assert.match(main, /Qua dịch vụ bưu chính công ích/);
  assert.match(main, new RegExp(`mã bưu gửi ${TRACKING}`));

  // The return notice reached the maildir and names the tracking number.
  await waitFor(() => mails().some((m) => m.includes(code) && m.includes(TRACKING)), 'the return notice');
  const notice = mails().find((m) => m.includes(code) && m.includes(TRACKING));
  assert.match(notice, /đã trả kết quả/);
  assert.match(notice, /số hiệu bưu gửi: EB246813579VN/);
});

test('a stale form is refused in the browser with the message naming what happened, and nothing is applied', async () => {
  const page = j.page;
  const code = await submit(page, { delivery: 'counter' });
  await receive(page, code);
  const version = row(code, 'version')[0];
  // While the clerk's page is open, the leader hands the dossier to the justice department.
  execFileSync(bin, ['event', '--db', j.data.db, '--code', code, '--kind', 'assign', '--user', 'lanhdao.binhchanh',
    '--department', 'H29.23.TP', '--step', '1'], { env: { ...process.env, MOTCUA_SHARE: root }, encoding: 'utf8' });
  assert.equal(state(code), 'processing');
  const after = row(code, 'version')[0];
  assert.notEqual(after, version);

  // The clerk's form still carries the old version: refused with the message, nothing applied.
  await page.selectOption('#assign-department', 'H29.23.QLDT');
  await page.selectOption('#assign-step', '1');
  await page.getByRole('button', { name: 'Phân công xử lý' }).click();
  await page.waitForURL(/\/phan-cong$/);
  const alert = await page.locator('main').textContent();
  assert.match(alert, /Hồ sơ đã thay đổi kể từ khi biểu mẫu được mở/);
  assert.match(alert, /Thay đổi gần nhất: Chuyển xử lý · Phan Thị Cẩm Nhung · \d\d:\d\d \d\d\/\d\d\/\d{4}/);
  assert.equal(row(code, 'version')[0], after);
  assert.equal(row(code, '(SELECT code FROM units WHERE id = department_id)')[0], 'H29.23.TP');
});
