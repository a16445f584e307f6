// risk.test.mjs - the leader's journey (issue 9 §4): open the at-risk page, follow "Soạn phiếu
// xin lỗi" of an overdue dossier, find the apology form pre-filled on the staff dossier page,
// issue the apology, then print Form 04; the dossier leaves the apologies due and its row
// links Form 04. The charts page shows three charts with their tables. JavaScript is off.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { journey } from '../lib/browser.mjs';
import { RISK, addRiskData } from '../lib/risk.mjs';

const j = journey({ dossiers: 40, seed: 2 });
before(() => addRiskData(j.data.dir, j.data.db));

test('a leader issues the apology of an overdue dossier from the at-risk page and prints Form 04', async () => {
  const page = j.page;
  await page.goto(j.srv.base + '/dang-nhap');
  await page.fill('#username', 'lanhdao.binhchanh');
  await page.fill('#password', 'motcua-demo-2026');
  await page.click('form.signin button[type=submit]');
  await page.waitForLoadState();
  await page.goto(j.srv.base + '/bao-cao/nguy-co');
  assert.equal(await page.locator('h1').textContent(), 'Hồ sơ có nguy cơ trễ hạn');
  const row = page.locator('#risk-apologies tr', { hasText: RISK.A });
  assert.equal(await row.count(), 1, 'A is among the apologies due');
  await row.getByRole('link', { name: /Soạn phiếu xin lỗi/ }).click();
  await page.waitForLoadState();
  assert.match(page.url(), new RegExp(`/can-bo/ho-so/${RISK.A}\\?ly_do=`));
  const reason = await page.inputValue('#apologise-reason');
  assert.match(reason, /^Hồ sơ cần thêm thời gian/);
  const promised = await page.inputValue('#apologise-promised');
  assert.match(promised, /^\d\d\/\d\d\/\d{4}$/);
  await page.click('#apologise button[type=submit]');
  await page.waitForLoadState();
  assert.match(page.url(), /xong=apologise/);
  // Form 04 names the new date.
  await page.goto(j.srv.base + `/can-bo/ho-so/${RISK.A}/phieu/04`);
  const slip = await page.locator('main').textContent();
  assert.match(slip, /04/);
  assert.ok(slip.includes(promised), `Form 04 promises ${promised}`);
  // Back on the at-risk page: no longer due for an apology, and its row links Form 04.
  await page.goto(j.srv.base + '/bao-cao/nguy-co?ngay=10');
  assert.equal(await page.locator('#risk-apologies tr', { hasText: RISK.A }).count(), 0);
  const link = page.locator('#risk-list tr', { hasText: RISK.A }).getByRole('link', { name: /Mẫu 04/ });
  assert.equal(await link.getAttribute('href'), `/can-bo/ho-so/${RISK.A}/phieu/04`);
});

test('the charts page shows three charts, each with its data table', async () => {
  const page = j.page;
  await page.goto(j.srv.base + '/bao-cao/bieu-do');
  // The stacked chart is left out (with a message) when no unit under it finished anything.
  assert.ok(await page.locator('svg.chart[role="img"]').count() >= 2);
  assert.equal(await page.locator('#table-ontime tbody tr').count(), 12);
  assert.equal(await page.locator('#table-online tbody tr').count(), 12);
  await page.selectOption('#charts-unit', 'H29.23.01');
  await page.click('form.filters button[type=submit]');
  await page.waitForLoadState();
  assert.match(page.url(), /don_vi=H29\.23\.01/);
});
