// citizen_portal.test.mjs - the whole citizen journey of issue 7 in headless Chromium with
// JavaScript off: register, sign in, find a level-4 procedure by searching without
// diacritics, fill the e-form with one invalid field and fix it, upload a PDF, save a draft,
// sign out and back in, resume, submit (code, lookup secret, QR), pay in the sandbox, sign
// out and look the dossier up publicly; then, with the staff's side driven through the engine
// (`motcua event`), answer a supplement request, see the result returned, download it, rate
// it, send feedback, and find every notification in the maildir with the dossier's code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { journey } from '../lib/browser.mjs';
import { bin } from '../lib/server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const j = journey({ dossiers: 5, seed: 23 });
const PW = 'cay-bang-truoc-ngo-2026';
const CCCD = '079203004455';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

// Run `motcua event` as a staff account of the handling unit; returns its output.
function staff(code, kind, user, ...args) {
  return execFileSync(bin, ['event', '--db', j.data.db, '--code', code, '--kind', kind, '--user', user, ...args],
    { env: { ...process.env, MOTCUA_SHARE: root }, encoding: 'utf8' });
}

async function signIn(page, username) {
  await page.goto(j.srv.base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/tai-khoan$/);
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(j.srv.base + '/');
}

// A delivered message as readable text: encoded-word headers and the quoted-printable body
// decoded (RFC 2047, RFC 2045).
function decode(raw) {
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
}

// Every message delivered to the maildir so far, decoded.
function mails() {
  const dir = join(j.data.dir, 'mail', 'new');
  return existsSync(dir) ? readdirSync(dir).map((f) => decode(readFileSync(join(dir, f), 'utf8'))) : [];
}

async function waitFor(check, what, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    if (check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a citizen registers, submits a level-4 dossier, pays, answers a supplement, gets and rates the result', async () => {
  const page = j.page;
  // Register (usable at once).
  await page.goto(j.srv.base + '/dang-ky');
  await page.getByLabel('Cá nhân (công dân)').check();
  await page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill('Võ Thị Cẩm Tú');
  await page.getByLabel('Số định danh cá nhân (CCCD)').fill(CCCD);
  await page.getByLabel('Số điện thoại di động').fill('0912345678');
  await page.getByLabel('Địa chỉ email').fill('camtu@example.vn');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PW);
  await page.getByLabel('Nhập lại mật khẩu').fill(PW);
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  await page.waitForURL(/\/tai-khoan\?registered=1$/);
  await signOut(page);
  await signIn(page, CCCD);

  // Find the procedure without diacritics and open the submission form.
  await page.goto(j.srv.base + '/thu-tuc?q=' + encodeURIComponent('cap lai giay phep xay dung'));
  await page.getByRole('link', { name: 'Cấp lại giấy phép xây dựng' }).first().click();
  await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await page.waitForURL(/\/thu-tuc\/1\.013228\/nop$/);
  assert.equal(await page.locator('#applicant_name').inputValue(), 'Võ Thị Cẩm Tú', 'prefilled from the account');
  assert.equal(await page.locator('#applicant_phone').inputValue(), '0912345678');

  // Fill with one invalid field (an ID number of 5 digits) and try to submit.
  await page.selectOption('#unit', { label: 'UBND huyện Bình Chánh' });
  await page.locator('#applicant_address').fill('Ấp 3, xã Vĩnh Lộc A, huyện Bình Chánh');
  await page.locator('#f_owner_name').fill('Võ Thị Cẩm Tú');
  await page.locator('#f_owner_id').fill('12345');
  await page.locator('#f_permit_no').fill('125/GPXD');
  await page.selectOption('#f_reason', { index: 1 });
  await page.locator('#f_phone').fill('0912 345 678');
  await page.getByLabel('Trực tuyến', { exact: true }).check();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await page.waitForURL(/\/ho-so\/nhap\/\d+$|\/thu-tuc\/1\.013228\/nop$/);
  assert.match(await page.locator('.error-summary').textContent(), /12 chữ số/);
  assert.equal(await page.locator('#f_owner_id').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#f_owner_id').inputValue(), '12345', 'the invalid value is kept');
  assert.equal(await page.locator('#f_permit_no').inputValue(), '125/GPXD', 'the other values are kept');
  assert.equal(await page.locator('#applicant_address').inputValue(), 'Ấp 3, xã Vĩnh Lộc A, huyện Bình Chánh');

  // Fix it, upload a PDF, save the draft.
  await page.locator('#f_owner_id').fill(CCCD);
  await page.locator('#file_0').setInputFiles({ name: 'don-de-nghi.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Lưu nháp' }).last().click();
  await page.waitForURL(/\/ho-so\/nhap\/\d+\?luu=1$/);
  assert.match(await page.getByRole('status').first().textContent(), /Đã lưu bản nháp/);
  assert.ok(await page.getByRole('link', { name: 'don-de-nghi.pdf' }).isVisible());
  const draftUrl = page.url().replace(/\?luu=1$/, '');

  // Sign out and back in: the draft is in "my dossiers", resume it and submit.
  await signOut(page);
  await signIn(page, CCCD);
  await page.getByRole('link', { name: 'Hồ sơ của tôi' }).click();
  await page.waitForURL(/\/ho-so$/);
  await page.getByRole('link', { name: 'Tiếp tục soạn và nộp' }).click();
  assert.equal(page.url(), draftUrl);
  assert.equal(await page.locator('#f_owner_id').inputValue(), CCCD);
  await page.locator('#file_1').setInputFiles({ name: 'giay-phep-cu.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).last().click();
  await page.locator('#dossier-code').waitFor();
  const code = (await page.locator('#dossier-code').textContent()).trim();
  const secret = (await page.locator('#lookup-secret').textContent()).trim();
  assert.match(code, /^H29\.23-\d{6}-\d{4,}$/);
  assert.match(secret, /^[A-Z2-9]{8}$/);
  const qr = page.getByRole('img', { name: new RegExp(`Mã QR tra cứu hồ sơ ${code.replace(/\./g, '\\.')}`) });
  assert.ok(await qr.isVisible(), 'the acknowledgement carries the lookup QR code');
  assert.ok(!(await page.content()).includes(`ma=${code}&`), 'the QR link holds no secret');

  // Pay the level-4 fee in the sandbox.
  await page.getByRole('link', { name: 'Thanh toán phí, lệ phí trực tuyến' }).click();
  await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
  await page.waitForURL(/\/sandbox-pay\/checkout\?/);
  await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
  await page.waitForURL(/\/bien-lai\/MC[0-9A-Z]+$/);
  assert.ok(await page.getByText('15.000').first().isVisible());

  // Sign out; the public lookup knows the dossier (masked name).
  await signOut(page);
  await page.goto(j.srv.base + '/tra-cuu');
  await page.getByLabel('Mã hồ sơ').fill(code);
  await page.getByLabel('Mã tra cứu').fill(secret);
  await page.getByRole('button', { name: 'Tra cứu' }).click();
  assert.match(await page.locator('h1').textContent(), new RegExp(code.replace(/\./g, '\\.')));
  assert.match(await page.locator('main').textContent(), /Võ T\. C\. T\./);

  // The clerk receives it and asks for more (through the engine).
  staff(code, 'receive', 'motcua.binhchanh');
  staff(code, 'request_supplement', 'motcua.binhchanh', '--reason', 'Bản chụp giấy phép không rõ',
    '--items', 'Bản chụp rõ nét giấy phép xây dựng đã cấp');
  await signIn(page, CCCD);
  await page.goto(`${j.srv.base}/ho-so/${code}`);
  assert.match(await page.locator('#supplement').textContent(), /Bản chụp rõ nét giấy phép xây dựng đã cấp/);
  await page.locator('#supplement_file').setInputFiles({ name: 'giay-phep-ro.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
  await page.waitForURL(/\?bo_sung=1$/);
  assert.match(await page.locator('.state').first().textContent(), /Đã tiếp nhận/);

  // Processed, resolved with an electronic result, returned online.
  const result = join(j.data.dir, 'ket-qua.pdf');
  writeFileSync(result, PDF);
  staff(code, 'assign', 'motcua.binhchanh', '--department', 'H29.23.QLDT');
  staff(code, 'resolve', 'chuyenvien.tuphap', '--result-file', result);
  staff(code, 'return', 'motcua.binhchanh', '--delivery', 'online');
  await page.goto(`${j.srv.base}/ho-so/${code}`);
  assert.match(await page.locator('.state').first().textContent(), /Đã trả kết quả/);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Tải kết quả/ }).click();
  assert.ok((await (await download).path()), 'the result downloads');

  // Rate once, with the nine criteria.
  await page.getByLabel('Hài lòng', { exact: true }).check();
  await page.locator('#rating-comment').fill('Nhanh, không phải đi lại.');
  await page.getByText('Đánh giá chi tiết theo 9 tiêu chí').click();
  for (let i = 1; i <= 9; i++) await page.selectOption(`#c${i}`, '2');
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  await page.waitForURL(/\?danh_gia=1$/);
  assert.match(await page.locator('main').textContent(), /Bạn đã đánh giá: Hài lòng/);
  assert.equal(await page.getByRole('button', { name: 'Gửi đánh giá' }).count(), 0, 'once only');

  // Feedback about the dossier.
  await page.locator('#feedback-body').fill('Đề nghị gửi kèm bản giấy qua bưu điện.');
  await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
  await page.waitForURL(/\?phan_anh=1$/);
  assert.match(await page.locator('#feedback').textContent(), /Đang chờ cơ quan trả lời/);

  // Every notification reached the maildir with the dossier's code; the page shows them sent.
  await waitFor(() => mails().filter((m) => m.includes(code)).length >= 6, 'the notifications');
  const notices = mails().filter((x) => x.includes('camtu@example.vn') && !x.includes('/xac-nhan-email'));
  assert.ok(notices.length >= 6, `submit, pay, receive, supplement request, result, return: ${notices.length}`);
  for (const m of notices) assert.ok(m.includes(code), `each notice names the dossier:\n${m}`);
  await page.goto(`${j.srv.base}/ho-so/${code}`);
  assert.match(await page.locator('section[aria-labelledby=messages-title]').textContent(), /Đã gửi/);
});
