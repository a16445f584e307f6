// slips.test.mjs - each statutory slip printed to PDF by headless Chromium (A4, JavaScript
// off) and read back with pdftotext: the code, the applicant's name, the times hh:mm
// dd/mm/yyyy, the unit's name and the form's title are on the paper, the site's chrome is not;
// the ledger prints on A4 landscape. The dossier states come from the importer (lib/slips.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import {
  addSlipDossiers, D, APPLICANT, UNIT_NAME, RECEIVED_LOCAL, REFUSED_LOCAL, PROMISED_LOCAL,
  SUPPLEMENT_REASON, REFUSE_REASON, APOLOGY_REASON, WITHDRAW_REASON, ITEMS, dueLocal, fieldId,
} from '../lib/slips.mjs';

let data;
let srv;
let browser;
let page;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 13 });
  addSlipDossiers(data);
  srv = await startServer(data.db);
  browser = await launch();
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  page = await ctx.newPage();
});
after(async () => {
  await browser?.close();
  const r = await srv?.stop();
  if (data) removeDir(data.dir);
  if (r) assertCleanExit(r);
});

async function signIn(username, password = 'motcua-demo-2026') {
  await page.context().clearCookies();
  await page.goto(`${srv.base}/dang-nhap`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form.signin button[type=submit], main form button[type=submit]')]);
}

// Print path to PDF (A4, or A4 landscape) and return {text, pages} of the paper.
async function printed(path, name, { landscape = false } = {}) {
  const r = await page.goto(srv.base + path);
  assert.equal(r.status(), 200, path);
  const pdf = await page.pdf({ format: 'A4', landscape, printBackground: false });
  const file = join(data.dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text: text.replace(/[ \t]+/g, ' '), pages: Number(info.match(/Pages:\s+(\d+)/)[1]), size: info.match(/Page size:\s+([^\n]+)/)[1] };
}

// Whether every word of s is on the paper (pdftotext may break lines between words).
function has(text, s) {
  const flat = text.replace(/\s+/g, ' ');
  return flat.includes(s);
}

const CHROME = ['Đăng xuất', 'Tra cứu hồ sơ', 'Quay lại hồ sơ', 'In trang này'];

test('each slip prints on A4 with its title, code, applicant, times, unit and no site chrome', async () => {
  await signIn('motcua.binhchanh');
  const due = dueLocal(data.db, D.full);
  const cases = [
    [D.full, '01', 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', [RECEIVED_LOCAL, due, 'Mẫu số 01', 'NGƯỜI NỘP HỒ SƠ']],
    [D.full, '02', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ', [RECEIVED_LOCAL, '10:00 23/11/2026', SUPPLEMENT_REASON, ITEMS[0]]],
    [D.refused, '03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ', [REFUSED_LOCAL, REFUSE_REASON]],
    [D.full, '04', 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', [RECEIVED_LOCAL, due, PROMISED_LOCAL, APOLOGY_REASON]],
    [D.full, '05', 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', [RECEIVED_LOCAL, '09:30 23/11/2026', 'Phòng Tư pháp']],
    [D.withdrawn, 'rut', 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ', [RECEIVED_LOCAL, '15:00 24/11/2026', WITHDRAW_REASON]],
  ];
  for (const [code, f, title, extra] of cases) {
    const { text, pages, size } = await printed(`/can-bo/ho-so/${code}/phieu/${f}`, `slip-${f}`);
    assert.match(size, /595(\.\d+)? x 84[12](\.\d+)? pts \(A4\)/, `${f}: A4 portrait`);
    // One sheet each; Form 05 grows with its handovers (two rows here fit on two pages).
    assert.ok(pages === 1 || (f === '05' && pages === 2), `${f}: ${pages} pages`);
    for (const s of [code, APPLICANT.name, UNIT_NAME.toUpperCase(), title, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc', ...extra]) {
      assert.ok(has(text, s), `slip ${f} lacks "${s}" in:\n${text}`);
    }
    for (const s of CHROME) assert.ok(!has(text, s), `slip ${f} prints the site's "${s}"`);
    assert.ok(!/\bfalse\b/.test(text), `slip ${f} prints "false"`);
  }
});

test('the owner prints their receipt slip with the same layout', async () => {
  await signIn('congdan');
  const { text } = await printed(`/ho-so/${D.full}/phieu/01`, 'owner-01');
  for (const s of [D.full, APPLICANT.name, RECEIVED_LOCAL, UNIT_NAME.toUpperCase()]) assert.ok(has(text, s), s);
});

test('the ledger prints on A4 landscape with its rows', async () => {
  await signIn('motcua.binhchanh');
  const q = `/can-bo/so-theo-doi?field=${fieldId(data.db)}&from=23/11/2026&to=23/11/2026&in=1`;
  const { text, size } = await printed(q, 'ledger', { landscape: true });
  assert.match(size, /84[12](\.\d+)? x 595(\.\d+)? pts \(A4\)/, 'A4 landscape');
  for (const s of ['Sổ theo dõi hồ sơ', D.full, D.withdrawn, D.received, RECEIVED_LOCAL]) assert.ok(has(text, s), s);
  assert.ok(!has(text, 'Xem sổ'), 'the form is not printed');
});
