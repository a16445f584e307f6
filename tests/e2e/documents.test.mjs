// documents.test.mjs - "Giấy tờ của tôi" in a real browser with JavaScript disabled: sign in,
// upload a PDF, see it listed, download it, get the error beside the field for an HTML file
// named .pdf, remove the document; the page passes the axe WCAG 2.1 A/AA rules (vi and en).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let data;
let srv;
let browser;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 13 });
  srv = await startServer(data.db);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  if (data) removeDir(data.dir);
  if (r) assertCleanExit(r);
});

// Sign in on the sign-in page of ctx's new tab; resolves to the page.
async function signedIn(ctx) {
  const page = await ctx.newPage();
  await page.goto(srv.base + '/dang-nhap?next=/tai-khoan/giay-to');
  await page.locator('input[name=username]').fill('congdan');
  await page.locator('input[name=password]').fill('motcua-demo-2026');
  await page.locator('form button[type=submit]').first().click();
  await page.goto(srv.base + '/tai-khoan/giay-to');
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

test('upload, list, download and remove a document without JavaScript', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN', acceptDownloads: true });
  const page = await signedIn(ctx);
  await page.goto(srv.base + '/tai-khoan');
  await page.getByRole('link', { name: 'Giấy tờ của tôi' }).click();
  await page.waitForURL(/\/tai-khoan\/giay-to$/);
  assert.equal(await page.locator('h1').textContent(), 'Giấy tờ của tôi');
  assert.ok(await page.getByText('Bạn chưa lưu giấy tờ nào.').isVisible());

  await page.getByLabel('Tên giấy tờ').fill('Giấy khai sinh');
  await page.getByLabel('Tệp giấy tờ').setInputFiles({ name: 'khai-sinh.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Tải lên' }).click();
  await page.waitForURL(/\/tai-khoan\/giay-to\?saved=1$/);
  assert.ok(await page.getByRole('status').filter({ hasText: 'Đã lưu giấy tờ.' }).isVisible());
  const row = page.locator('tbody tr').filter({ hasText: 'Giấy khai sinh' });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /khai-sinh\.pdf\s+PDF\s+\d+ B\s+\d{2}\/\d{2}\/\d{4}/);

  const [download] = await Promise.all([page.waitForEvent('download'),
    row.getByRole('link', { name: /Tải về/ }).click()]);
  assert.equal(download.suggestedFilename(), 'khai-sinh.pdf');
  const saved = join(data.dir, 'downloaded.pdf');
  await download.saveAs(saved);
  assert.ok(readFileSync(saved).equals(PDF));

  // An HTML file named .pdf: the message beside the file field, the title kept.
  await page.getByLabel('Tên giấy tờ').fill('Giấy giả');
  await page.getByLabel('Tệp giấy tờ').setInputFiles({ name: 'giay.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('<!doctype html><title>x</title>') });
  await page.getByRole('button', { name: 'Tải lên' }).click();
  assert.match(await page.locator('#doc-file-error').textContent(), /chỉ nhận PDF, JPEG hoặc PNG/);
  assert.equal(await page.getByLabel('Tên giấy tờ').inputValue(), 'Giấy giả');
  assert.equal(await page.locator('tbody tr').count(), 1);

  await page.locator('tbody tr').filter({ hasText: 'Giấy khai sinh' }).getByRole('button', { name: /Xóa/ }).click();
  await page.waitForURL(/\?removed=1$/);
  assert.ok(await page.getByText('Đã xóa giấy tờ khỏi danh sách.').isVisible());
  assert.equal(await page.locator('tbody tr').count(), 0);
  await ctx.close();
});

test('a file over the cap gets the page saying the limit', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  const page = await signedIn(ctx);
  const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
  PDF.copy(big);
  const path = join(data.dir, 'big.pdf');
  writeFileSync(path, big);
  await page.getByLabel('Tên giấy tờ').fill('Bản vẽ');
  await page.getByLabel('Tệp giấy tờ').setInputFiles(path);
  await page.getByRole('button', { name: 'Tải lên' }).click();
  assert.match(await page.locator('main').innerText(), /Tệp quá lớn: tối đa 10 MB/);
  await ctx.close();
});

for (const locale of ['vi-VN', 'en-US']) {
  test(`the documents page has no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await signedIn(ctx);
    assert.deepEqual(await violations(page), [], `empty list (${locale})`);
    await page.locator('#doc-title').fill('CCCD');
    await page.locator('#doc-file').setInputFiles({ name: 'a.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('form[enctype] button[type=submit]').click();
    await page.waitForURL(/saved=1/);
    assert.deepEqual(await violations(page), [], `list (${locale})`);
    await page.locator('#doc-file').setInputFiles({ name: 'b.pdf', mimeType: 'application/pdf', buffer: Buffer.from('nope') });
    await page.locator('form[enctype] button[type=submit]').click();
    assert.ok(await page.locator('#doc-file-error').isVisible());
    assert.deepEqual(await violations(page), [], `file error (${locale})`);
    await ctx.close();
  });
}
