// payments.test.mjs - paying a dossier's fee through the sandbox gateway in a real browser
// with JavaScript disabled: the payment page, the sandbox's labelled page, Pay -> the receipt
// with its QR code; Cancel -> back with nothing paid. The payment, sandbox and receipt pages
// pass the axe WCAG 2.1 A/AA rules (vi and en).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addPaymentDossiers, sql, CITIZEN } from '../lib/payments.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAY = 'H29.23-990303-0001';
const CANCEL = 'H29.23-990303-0002';
const AXE_VI = 'H29.23-990303-0003';
const AXE_EN = 'H29.23-990303-0004';

let data;
let srv;
let browser;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 17 });
  addPaymentDossiers(data, [PAY, CANCEL, AXE_VI, AXE_EN]);
  srv = await startServer(data.db);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  if (data) removeDir(data.dir);
  if (r) assertCleanExit(r);
});

// A new tab of ctx signed in as the demo citizen, on path.
async function signedIn(ctx, path) {
  const page = await ctx.newPage();
  await page.goto(`${srv.base}/dang-nhap?next=${encodeURIComponent(path)}`);
  await page.locator('input[name=username]').fill(CITIZEN.username);
  await page.locator('input[name=password]').fill(CITIZEN.password);
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL(new RegExp(path.replace(/\./g, '\\.') + '$'));
  return page;
}

// Run axe on the page shown; violations as readable lines.
async function violations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

const status = (code) => sql(data.db, `SELECT status FROM dossiers WHERE code = '${code}'`);

test('pay in the sandbox without JavaScript and get a printable receipt with a QR code', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  const page = await signedIn(ctx, `/ho-so/${PAY}/thanh-toan`);
  assert.equal(await page.locator('h1').textContent(), 'Thanh toán phí, lệ phí');
  assert.ok(await page.getByText('50.000').first().isVisible());
  await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
  await page.waitForURL(/\/sandbox-pay\/checkout\?/);
  assert.ok(await page.getByText('MÔI TRƯỜNG THỬ NGHIỆM — không trừ tiền thật').isVisible());
  assert.ok(await page.getByRole('button', { name: 'Hủy giao dịch' }).isVisible());
  await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
  await page.waitForURL(/\/bien-lai\/MC[0-9A-Z]{18}$/);
  assert.equal(await page.locator('h1').textContent(), 'Biên lai thu phí, lệ phí điện tử');
  assert.ok(await page.getByText(PAY, { exact: true }).isVisible());
  const qr = page.getByRole('img', { name: `Mã QR tra cứu hồ sơ ${PAY}` });
  assert.ok(await qr.isVisible(), 'the QR code is an image with its name');
  const box = await qr.boundingBox();
  assert.ok(box.width > 100 && Math.abs(box.width - box.height) < 1, 'square and large enough to scan');
  assert.equal(status(PAY), 'processing');
  // Printed on A4: the navigation is hidden, the receipt and its QR code stay.
  await page.emulateMedia({ media: 'print' });
  assert.ok(!(await page.locator('nav.main-nav').isVisible()));
  assert.ok(await qr.isVisible());
  // Its QR code opens the lookup with the code filled in.
  await page.emulateMedia({ media: 'screen' });
  await page.getByRole('link', { name: 'Tra cứu hồ sơ này' }).click();
  await page.waitForURL(/\/tra-cuu\?ma=/);
  assert.equal(await page.locator('input[name=code]').inputValue(), PAY);
  assert.equal(await page.locator('input[name=secret]').inputValue(), '');
  await ctx.close();
});

test('cancel in the sandbox: nothing is paid and the citizen can try again', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  const page = await signedIn(ctx, `/ho-so/${CANCEL}/thanh-toan`);
  await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).click();
  await page.waitForURL(/\/sandbox-pay\/checkout\?/);
  await page.getByRole('button', { name: 'Hủy giao dịch' }).click();
  await page.waitForURL(/\/thanh-toan\/ket-qua\?/);
  assert.ok(await page.getByText(/Bạn đã hủy giao dịch/).isVisible());
  assert.equal(status(CANCEL), 'payment');
  await page.getByRole('link', { name: 'Quay lại trang thanh toán' }).click();
  await page.waitForURL(new RegExp(`/ho-so/${CANCEL.replace(/\./g, '\\.')}/thanh-toan$`));
  assert.ok(await page.getByRole('button', { name: 'Thanh toán trực tuyến' }).isVisible());
  await ctx.close();
});

for (const [locale, code] of [['vi-VN', AXE_VI], ['en-US', AXE_EN]]) {
  test(`payment, sandbox and receipt pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await signedIn(ctx, `/ho-so/${code}/thanh-toan`);
    assert.deepEqual(await violations(page), [], `payment page (${locale})`);
    await page.locator('main form button[type=submit]').click();
    await page.waitForURL(/\/sandbox-pay\/checkout\?/);
    assert.deepEqual(await violations(page), [], `sandbox page (${locale})`);
    await page.locator('button[value=pay]').click();
    await page.waitForURL(/\/bien-lai\//);
    assert.deepEqual(await violations(page), [], `receipt (${locale})`);
    await ctx.close();
  });
}
