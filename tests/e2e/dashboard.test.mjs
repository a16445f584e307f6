// dashboard.test.mjs - the leader's dashboard in Chromium with JavaScript off (issue 9 §1, §8;
// docs/dashboard.md): the leader of Bình Chánh opens the reports from the staff menu, picks
// the custom period of the engine's hand-built dataset (tests/lib/report_dataset.mjs), reads the
// hand-worked figures in the table, follows a figure to the dossiers behind it, switches to the
// grouping by field, downloads the CSV and opens the printable report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addReportDataset, PERIOD, FIGURES, EXPECTED, codeOf } from '../lib/report_dataset.mjs';

let data, srv, browser, page;

before(async () => {
  data = makeDatabase({ dossiers: 0, seed: 5 });
  addReportDataset(data.db, data.dir);
  srv = await startServer(data.db);
  browser = await launch();
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN', acceptDownloads: true });
  page = await ctx.newPage();
});
after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  if (data) removeDir(data.dir);
  if (r) assertCleanExit(r);
});

// The figures of one row of the report table (data-key) as numbers, in table order.
async function figures(key) {
  const row = page.locator(`#report-table tr[data-key="${key}"]`);
  const out = [];
  for (const f of FIGURES) out.push(Number((await row.locator(`td[data-figure="${f}"]`).textContent()).trim()));
  return out;
}

test('a leader reads the hand-worked figures and the dossiers behind them', async () => {
  await page.goto(srv.base + '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill('lanhdao.binhchanh');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('motcua-demo-2026');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForLoadState();
  await page.goto(srv.base + '/can-bo');
  await page.getByRole('link', { name: 'Tổng quan' }).click();
  await page.waitForURL(/\/bao-cao$/);
  assert.equal(await page.locator('h1').textContent(), 'Tổng quan báo cáo');

  // The picker: a custom period typed as dd/mm/yyyy, the district chosen, submitted (GET form).
  await page.getByLabel('Loại kỳ').selectOption('custom');
  await page.getByLabel('Từ ngày').fill(PERIOD.from);
  await page.getByLabel('Đến ngày').fill(PERIOD.to);
  await page.getByLabel('Đơn vị').selectOption('H29.23');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('caption').first().textContent(), /12\/01\/2026 – 16\/01\/2026/);
  for (const [key, want] of Object.entries(EXPECTED)) assert.deepEqual(await figures(key), want, key);
  const total = page.locator('#report-table tr[data-key="total"]');
  assert.equal((await total.locator('td[data-figure="on_time_rate"]').textContent()).trim(), '83,33%');
  assert.equal((await total.locator('td[data-figure="score_2_1"]').textContent()).trim(), '12,73');

  // The overdue figure of the total is a link to its one dossier (D8).
  await total.locator('td[data-figure="open_overdue"] a').click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Đang giải quyết quá hạn');
  assert.equal((await page.locator('#dash-list-count strong').textContent()).trim(), '1');
  assert.deepEqual(await page.locator('#dash-list tbody td:first-child').allTextContents(), [codeOf(8)]);
  await page.getByRole('link', { name: 'Quay lại bảng số liệu' }).click();
  await page.waitForLoadState();

  // The commune's early figure lists D14 only.
  await page.locator('#report-table tr[data-key="H29.23.01"] td[data-figure="finished_early"] a').click();
  await page.waitForLoadState();
  assert.deepEqual(await page.locator('#dash-list tbody td:first-child').allTextContents(), [codeOf(14)]);
  await page.goBack();

  // By field: the two fields of the dataset, adding up to the same total.
  await page.getByRole('link', { name: 'Theo lĩnh vực' }).click();
  await page.waitForLoadState();
  assert.deepEqual(await figures('total'), EXPECTED.total);
  assert.equal(await page.locator('#report-table tbody tr').count(), 2);

  // The CSV of the table, downloaded from its link.
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Tải về CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^\uFEFFMã,/);
  assert.match(csv, /,Tổng cộng,7,4,3,2,1,2,1,2,0\.8333,0\.6364,12\.73,2\.73\r\n$/);

  // The printable report: title, unit, period, date printed and the signature place.
  await page.getByRole('link', { name: 'Bản in báo cáo' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Báo cáo tình hình giải quyết thủ tục hành chính');
  const sheet = await page.locator('article.dash-print').textContent();
  assert.match(sheet, /UBND huyện Bình Chánh \(H29\.23\)/);
  assert.match(sheet, /12\/01\/2026 – 16\/01\/2026/);
  assert.match(sheet, /Ngày in: \d\d\/\d\d\/\d{4}/);
  assert.match(sheet, /Thủ trưởng đơn vị/);
  assert.match(sheet, /Phan Thị Cẩm Nhung/);
  assert.equal(await page.locator('article.dash-print a').count(), 0, 'plain numbers on paper');
  assert.deepEqual(await figures('total'), EXPECTED.total);
});
