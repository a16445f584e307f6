// desk.test.mjs - the one-stop shop's dossier page in headless Chromium with JavaScript off
// (issue 8, docs/desk.md). A citizen submits a level-4 dossier through the portal pages; the
// clerk asks for a missing item (Form 02) and the citizen answers through /ho-so/:code; the
// clerk receives it and collects the fee at the counter, hands it to the urban management
// department and its specialist, who forwards it to the leader's approval step; the leader
// issues the one apology with a promised date, then approves and resolves with the electronic
// result file; the clerk returns it at the counter after checking the receipt code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from '../lib/browser.mjs';
import { DEMO_PASSWORD, sql } from '../lib/trials.mjs';

const j = journey({ dossiers: 5, seed: 31 });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
let code;
let secret;

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

// Open the staff page of the dossier as username.
async function desk(page, username) {
  await signOut(page);
  await signIn(page, username);
  await page.goto(`${j.srv.base}/can-bo/ho-so/${code}`);
}

const state = () => sql(j.data.db, `SELECT status FROM dossiers WHERE code = '${code}'`)[0][0];

test('online intake, a supplement round trip with the citizen, reception and the fee at the counter', async () => {
  const page = j.page;
  await signIn(page, 'congdan');
  await page.goto(j.srv.base + '/thu-tuc/1.013228/nop');
  await page.selectOption('#unit', { label: 'UBND huyện Bình Chánh' });
  await page.locator('#applicant_name').fill('Nguyễn Văn An');
  await page.locator('#applicant_address').fill('Ấp 3, xã Vĩnh Lộc A, huyện Bình Chánh');
  await page.locator('#applicant_id_number').fill('079203001234');
  await page.locator('#applicant_phone').fill('0912345678');
  await page.locator('#f_owner_name').fill('Nguyễn Văn An');
  await page.locator('#f_owner_id').fill('079203001234');
  await page.locator('#f_permit_no').fill('88/GPXD');
  await page.selectOption('#f_reason', { index: 1 });
  await page.locator('#f_phone').fill('0912345678');
  await page.locator('#delivery-counter').check();
  await page.locator('#file_0').setInputFiles({ name: 'don-de-nghi.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.locator('#file_1').setInputFiles({ name: 'giay-phep-cu.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).last().click();
  await page.locator('#dossier-code').waitFor();
  code = (await page.locator('#dossier-code').textContent()).trim();
  secret = (await page.locator('#lookup-secret').textContent()).trim();
  assert.equal(state(), 'submitted');

  // The clerk sees the applicant, the e-form with its labels and the file inline.
  await desk(page, 'motcua.binhchanh');
  const main = page.locator('main');
  assert.match(await main.textContent(), /Nguyễn Văn An/);
  assert.match(await main.textContent(), /88\/GPXD/);
  assert.ok(await page.locator('iframe[src*="/tep/"]').count() >= 1, 'the PDF is shown inline');
  // Form 02: tick the missing component, give the reason.
  await page.locator('#request_supplement input[type=checkbox]').nth(1).check();
  await page.locator('#supplement-reason').fill('Bản chụp giấy phép đã cấp không rõ');
  await page.getByRole('button', { name: 'Yêu cầu bổ sung', exact: true }).click();
  await page.waitForURL(/\?xong=request_supplement$/);
  assert.equal(state(), 'supplement');

  // The citizen answers through the portal page.
  await signOut(page);
  await signIn(page, 'congdan');
  await page.goto(`${j.srv.base}/ho-so/${code}`);
  assert.match(await page.locator('#supplement').textContent(), /Bản chính giấy phép đã cấp/);
  await page.locator('#supplement_file').setInputFiles({ name: 'giay-phep-ro.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
  await page.waitForURL(/\?bo_sung=1$/);
  assert.equal(state(), 'submitted');

  // The clerk receives it (Form 01) and collects the fee at the counter.
  await desk(page, 'motcua.binhchanh');
  await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
  await page.waitForURL(/\?xong=receive$/);
  assert.match(await page.getByRole('status').first().textContent(), /Đã tiếp nhận hồ sơ/);
  assert.equal(state(), 'received');
  await page.locator('#pay-amount').fill('15000');
  await page.getByRole('button', { name: 'Thu phí và in biên lai' }).click();
  await page.waitForURL(/\?xong=pay$/);
  assert.equal(state(), 'received');
  assert.equal(sql(j.data.db, `SELECT fee_paid FROM dossiers WHERE code = '${code}'`)[0][0], '1');
  assert.equal(await page.locator('#pay').count(), 0, 'paid once');
});

test('assigned across to a department and specialist, approved by the leader with an apology, returned at the counter', async () => {
  const page = j.page;
  await page.selectOption('#assign-department', 'H29.23.QLDT');
  await page.selectOption('#assign-specialist', { label: 'Võ Thanh Tùng (H29.23.QLDT)' });
  await page.selectOption('#assign-step', '1');
  await page.getByRole('button', { name: 'Phân công xử lý' }).click();
  await page.waitForURL(/\?xong=assign$/);
  assert.equal(state(), 'processing');
  assert.match(await page.locator('section[aria-labelledby=handovers-title]').textContent(), /Phòng Quản lý đô thị/);

  // The specialist forwards it to the leader's signing step.
  await desk(page, 'chuyenvien.qldt');
  assert.match(await page.locator('h1').textContent(), new RegExp(code.replace(/\./g, '\\.')));
  await page.selectOption('#assign-step', '2');
  await page.getByRole('button', { name: 'Chuyển bước tiếp theo' }).click();
  await page.waitForURL(/\?xong=transfer$/);
  const rows = page.locator('section[aria-labelledby=handovers-title] tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.first().textContent(), /Trước hạn|Đúng hạn/);

  // The leader apologises once with a promised date, then resolves with the result file.
  await desk(page, 'lanhdao.binhchanh');
  await page.locator('#apologise-reason').fill('Cần xác minh thêm hiện trạng công trình');
  await page.locator('#apologise-promised').fill('31/12/2026');
  await page.getByRole('button', { name: 'Gửi phiếu xin lỗi' }).click();
  await page.waitForURL(/\?xong=apologise$/);
  assert.equal(await page.locator('#apologise').count(), 0, 'one apology per dossier');
  assert.match(await page.locator('main').textContent(), /17:00 31\/12\/2026/);
  await page.locator('#resolve-file').setInputFiles({ name: 'giay-phep-cap-lai.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Duyệt và trả kết quả về Bộ phận Một cửa' }).click();
  await page.waitForURL(/\?xong=resolve$/);
  assert.equal(state(), 'resolved');
  assert.ok(await page.getByRole('link', { name: /Tải về giay-phep-cap-lai\.pdf/ }).count() >= 1);

  // The clerk returns it at the counter: a wrong code is refused, the receipt's code works.
  await desk(page, 'motcua.binhchanh');
  await page.locator('#return-check').fill('ABCDEFGH');
  await page.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
  await page.waitForURL(/\/tra-ket-qua$/);
  assert.match(await page.locator('#return .field-error').textContent(), /không khớp/);
  assert.equal(state(), 'resolved');
  await page.locator('#return-check').fill(secret);
  await page.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
  await page.waitForURL(/\?xong=return$/);
  assert.equal(state(), 'returned');
  assert.match(await page.locator('.timeline').textContent(), /Trả kết quả · Lê Thị Hoa/);
});
