// admin_users.test.mjs - the journey of issue 10 (helper "users") in Chromium with JavaScript
// off: the administrator creates a clerk for commune H29.23.01; the clerk sets the password
// from the emailed link (read from the maildir), enrols TOTP (the code computed from the secret
// shown), signs out, signs in with password + code; the administrator disables the account and
// the clerk's open session stops working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { journey, launch } from '../lib/browser.mjs';
import { totp } from '../lib/totp.mjs';

const j = journey({ dossiers: 10, seed: 4 });
const PW = 'Sen hồng Vĩnh Lộc 2026';

// The quoted-printable body of the newest maildir message to `to`, decoded.
async function mailTo(dir, to) {
  for (let i = 0; i < 100; i++) {
    const box = join(dir, 'mail', 'new');
    if (existsSync(box)) {
      for (const f of readdirSync(box)) {
        const text = readFileSync(join(box, f), 'utf8');
        if (new RegExp(`^To: ${to.replace(/\./g, '\\.')}$`, 'm').test(text)) {
          const body = text.split(/\r?\n\r?\n/).slice(1).join('\n\n').replace(/=\r?\n/g, '');
          return Buffer.from(body.replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
        }
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to}`);
}

async function signIn(page, base, user, pw) {
  await page.goto(base + '/dang-nhap');
  await page.fill('#username', user);
  await page.fill('#password', pw);
  await page.click('form.signin button[type=submit]');
}

test('admin creates a commune clerk who sets a password, enrols TOTP, signs in with it, and is disabled', async () => {
  const { page, srv, data } = j;
  const base = srv.base;
  // the administrator
  await signIn(page, base, 'admin', 'motcua-demo-2026');
  await page.goto(base + '/can-bo');
  await page.click('main a[href="/quan-tri"]');
  await page.click('a[href="/quan-tri/nguoi-dung"]');
  await page.click('a[href="/quan-tri/nguoi-dung/moi"]');
  await page.fill('#username', 'motcua.vinhloca');
  await page.fill('#name', 'Trần Thị Vĩnh');
  await page.fill('#email', 'vinh.tran@example.vn');
  await page.fill('#phone', '0909 111 222');
  await page.selectOption('#role', 'clerk');
  const unit = await page.$eval('#unit', (s) => [...s.options].find((o) => o.text.includes('(H29.23.01)')).value);
  await page.selectOption('#unit', unit);
  await page.click('main form button[type=submit]');
  assert.match(page.url(), /\/quan-tri\/nguoi-dung\/\d+\?xong=tao$/);
  const accountUrl = page.url().replace(/\?.*$/, '');
  assert.match(await page.textContent('main'), /Đã tạo tài khoản/);
  assert.match(await page.textContent('main'), /UBND xã Vĩnh Lộc A/);

  // the clerk, in another browser
  const b2 = await launch();
  try {
    const clerk = await (await b2.newContext({ javaScriptEnabled: false, locale: 'vi-VN' })).newPage();
    const mail = await mailTo(data.dir, 'vinh.tran@example.vn');
    const link = mail.match(/http:\/\/127\.0\.0\.1:\d+\/dat-lai-mat-khau\/[0-9a-f]{64}/)[0];
    await clerk.goto(link);
    await clerk.fill('#password', PW);
    await clerk.fill('#confirm', PW);
    await clerk.click('main form button[type=submit]');
    await clerk.fill('#username', 'motcua.vinhloca');
    await clerk.fill('#password', PW);
    await clerk.click('form.signin button[type=submit]');
    assert.match(clerk.url(), /\/tai-khoan$/);
    await clerk.click('a[href="/tai-khoan/hai-buoc"]');
    assert.ok(await clerk.$('svg[role="img"]'), 'the QR code');
    const secret = (await clerk.textContent('#totp-secret')).replace(/\s/g, '');
    await clerk.fill('#code', totp(secret));
    await clerk.click('main form button[type=submit]');
    const codes = await clerk.$$eval('.recovery-codes code', (cs) => cs.map((c) => c.textContent));
    assert.equal(codes.length, 10);
    await clerk.click('form.signout button');
    await signIn(clerk, base, 'motcua.vinhloca', PW);
    assert.match(clerk.url(), /\/dang-nhap\/ma-xac-thuc/);
    assert.match(await clerk.textContent('main'), /ứng dụng xác thực/);
    await clerk.fill('#code', totp(secret, Date.now() / 1000 + 30));	// the next code: the enrolment used this one
    await clerk.click('main form button[type=submit]');
    assert.match(clerk.url(), /\/can-bo$/);
    assert.match(await clerk.textContent('main'), /Trần Thị Vĩnh|Cán bộ một cửa/);

    // the administrator disables the account: the open session stops at once
    await page.goto(accountUrl);
    await page.click(`form[action$="/khoa"] button`);
    assert.match(await page.textContent('main'), /Đã khóa tài khoản/);
    const r = await clerk.goto(base + '/can-bo');
    assert.equal(r.status(), 403);
    assert.ok(await clerk.$('form.signin'));
    await clerk.fill('#username', 'motcua.vinhloca');
    await clerk.fill('#password', PW);
    await clerk.click('form.signin button[type=submit]');
    assert.match(await clerk.textContent('main'), /bị khóa/);
  } finally {
    await b2.close();
  }
});
