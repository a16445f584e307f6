// accessibility.test.mjs - every public page (and the sign-in, registration and my-account pages, the staff and leader report pages) passes the axe-core WCAG 2.1 A/AA rules
// (labels, landmarks, contrast, names, lang) in Chromium, in Vietnamese and in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { makeDatabase, startServer, removeDir, assertCleanExit } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addSlipDossiers, D as SLIP_D, fieldId } from '../lib/slips.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let data;
let srv;
let browser;

before(async () => {
  data = makeDatabase({ dossiers: 100, seed: 5 });
  srv = await startServer(data.db);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (srv) assertCleanExit(await srv.stop());
  if (data) removeDir(data.dir);
});

// Run axe on the page currently shown; returns the violations as readable lines.
async function violations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const locale of ['vi-VN', 'en-US']) {
  test(`public pages have no WCAG A/AA violations (${locale})`, async () => {
    // bypassCSP: the page forbids inline scripts, and axe is injected as one.
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    const list = await (await fetch(srv.base + '/thu-tuc?q=khai+sinh')).text();
    const code = list.match(/href="\/thu-tuc\/([0-9A-Za-z.]+)"/)[1];
    for (const path of ['/', '/thu-tuc', '/thu-tuc?q=dang+ky', `/thu-tuc/${code}`, '/tra-cuu', '/tra-cuu?ma=H29.23-990101-0001', '/khong-co', '/minh-bach']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    // The status page and the lookup form with an error message.
    const { code: c, secret } = data.lookups[data.lookups.length - 1];
    await page.goto(srv.base + '/tra-cuu');
    await page.fill('#code', c);
    await page.fill('#secret', secret);
    await page.click('button[type=submit]');
    assert.deepEqual(await violations(page), [], `status page (${locale})`);
    await page.goto(srv.base + '/tra-cuu');
    await page.fill('#code', c);
    await page.fill('#secret', 'ZZZZZZZZ');
    await page.click('button[type=submit]');
    assert.deepEqual(await violations(page), [], `lookup error (${locale})`);
    // Sign-in page, its error message, my account and the password form with errors.
    const user = locale === 'vi-VN' ? 'motcua.binhchanh' : 'congdan';
    await page.goto(srv.base + '/dang-nhap');
    assert.deepEqual(await violations(page), [], `/dang-nhap (${locale})`);
    await page.fill('#username', user);
    await page.fill('#password', 'khong-phai-mat-khau');
    await page.click('form.signin button[type=submit]');
    assert.deepEqual(await violations(page), [], `sign-in error (${locale})`);
    await page.goto(srv.base + '/tai-khoan');
    assert.deepEqual(await violations(page), [], `sign-in required (${locale})`);
    await page.fill('#username', user);
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForURL(/\/tai-khoan$/);
    assert.deepEqual(await violations(page), [], `/tai-khoan (${locale})`);
    await page.fill('#current', 'khong-phai-mat-khau');
    await page.fill('#password', 'mat-khau-moi-2026');
    await page.fill('#confirm', 'mat-khau-khac-2026');
    await page.click('form[action="/tai-khoan/mat-khau"] button[type=submit]');
    assert.deepEqual(await violations(page), [], `password errors (${locale})`);
    // Registration, empty and with a message beside every field.
    await page.goto(srv.base + '/dang-ky');
    assert.deepEqual(await violations(page), [], `/dang-ky (${locale})`);
    await page.fill('#id_number', '097301012345');
    await page.fill('#email', 'khong-hop-le@');
    await page.click('form.register button[type=submit]');
    assert.deepEqual(await violations(page), [], `registration errors (${locale})`);
    await ctx.close();
  });
}

// The citizen portal (issue 7): the submission form blank and with messages, the draft, the
// acknowledgement, my dossiers, a dossier's page and the withdrawal confirmation.
for (const locale of ['vi-VN', 'en-US']) {
  test(`citizen portal pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'congdan');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForURL(/\/tai-khoan$/);
    await page.goto(srv.base + '/thu-tuc/1.013228/nop');
    assert.deepEqual(await violations(page), [], `blank submission form (${locale})`);
    await page.selectOption('#unit', { index: 1 });
    await page.fill('#applicant_address', 'Bình Chánh');
    await page.fill('#applicant_phone', '0909123456');
    await page.fill('#f_owner_id', '123');
    await page.click('button[name=action][value=submit]:not(.visually-hidden)');
    assert.deepEqual(await violations(page), [], `submission form with messages (${locale})`);
    await page.fill('#f_owner_name', 'Nguyễn Văn An');
    await page.fill('#f_owner_id', '079203001234');
    await page.selectOption('#f_reason', { index: 1 });
    await page.fill('#f_phone', '0909123456');
    await page.check('#delivery-online');
    await page.setInputFiles('#file_0', { name: 'don.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.click('button[name=action][value=save]:not(.visually-hidden)');
    await page.waitForURL(/\/ho-so\/nhap\/\d+\?luu=1$/);
    assert.deepEqual(await violations(page), [], `draft (${locale})`);
    await page.click('button[name=action][value=submit]:not(.visually-hidden)');
    await page.locator('#dossier-code').waitFor();
    assert.deepEqual(await violations(page), [], `acknowledgement (${locale})`);
    const code = (await page.locator('#dossier-code').textContent()).trim();
    for (const path of ['/ho-so', `/ho-so/${code}`, `/ho-so/${code}/rut`]) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await ctx.close();
  });
}

// The one-stop shop's dossier page (issue 8, helper "desk"): a submitted dossier with its
// intake forms, the refusal form with its message, and a received dossier with the hand-over
// form, as the clerk and as the leader. Nothing is changed (the refusal has no reason).
for (const locale of ['vi-VN', 'en-US']) {
  test(`staff dossier pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    for (const user of ['motcua.binhchanh', 'lanhdao.binhchanh']) {
      await page.goto(srv.base + '/dang-nhap');
      await page.fill('#username', user);
      await page.fill('#password', 'motcua-demo-2026');
      await page.click('form.signin button[type=submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'));
      for (const code of ['H29.23-990101-0001', 'H29.23-990101-0002']) {
        await page.goto(`${srv.base}/can-bo/ho-so/${code}`);
        assert.deepEqual(await violations(page), [], `${user} ${code} (${locale})`);
      }
      if (user === 'motcua.binhchanh') {
        await page.goto(`${srv.base}/can-bo/ho-so/H29.23-990101-0001`);
        await page.click('#refuse button[type=submit]');
        await page.locator('#refuse .field-error').waitFor();
        assert.deepEqual(await violations(page), [], `refusal without a reason (${locale})`);
      }
      await page.click('form.signout button[type=submit]');
      await page.waitForURL(srv.base + '/');
    }
    await ctx.close();
  });
}

// The statutory slips (issue 8 item 9): each slip, a slip that does not apply, the list of
// slips, and the ledger (screen, with errors, print version), as staff and as the owner.
let slipsAdded = false;
for (const locale of ['vi-VN', 'en-US']) {
  test(`slips and the ledger have no WCAG A/AA violations (${locale})`, async () => {
    if (!slipsAdded) { addSlipDossiers(data); slipsAdded = true; }
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    const signIn = async (username) => {
      await ctx.clearCookies();
      await page.goto(srv.base + '/dang-nhap');
      await page.fill('#username', username);
      await page.fill('#password', 'motcua-demo-2026');
      await page.click('form.signin button[type=submit]');
      await page.waitForURL(/\/tai-khoan$/);
    };
    await signIn('motcua.binhchanh');
    const field = fieldId(data.db);
    const paths = [`/can-bo/ho-so/${SLIP_D.full}/phieu`, ...['01', '02', '04', '05'].map((f) => `/can-bo/ho-so/${SLIP_D.full}/phieu/${f}`),
      `/can-bo/ho-so/${SLIP_D.refused}/phieu/03`, `/can-bo/ho-so/${SLIP_D.withdrawn}/phieu/rut`,
      `/can-bo/ho-so/${SLIP_D.received}/phieu/02`, '/can-bo/so-theo-doi',
      `/can-bo/so-theo-doi?field=${field}&from=01/11/2026&to=30/11/2026`,
      `/can-bo/so-theo-doi?field=${field}&from=01/11/2026&to=30/11/2026&in=1`,
      `/can-bo/so-theo-doi?from=99/11/2026&to=30/11/2026`];
    for (const path of paths) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await signIn('congdan');
    for (const path of [`/ho-so/${SLIP_D.full}/phieu`, `/ho-so/${SLIP_D.full}/phieu/01`]) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await ctx.close();
  });
}

// The one-stop shop's intake (issue 8, helper "intake"): both queues, the procedure search,
// the counter form blank and with messages, and the receipt page after receiving.
for (const locale of ['vi-VN', 'en-US']) {
  test(`one-stop shop intake pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'motcua.binhchanh');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForURL(/\/tai-khoan$/);
    for (const path of ['/can-bo/tiep-nhan', '/can-bo/tra-ket-qua', '/can-bo/tiep-nhan/moi?q=giay+phep',
      '/can-bo/tiep-nhan/moi/1.013228']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await page.check('#channel-post');
    await page.fill('#applicant_phone', '12');
    await page.click('form.wizard button[type=submit]');
    await page.locator('.error-summary').waitFor();
    assert.deepEqual(await violations(page), [], `counter form with messages (${locale})`);
    await page.fill('#postal_tracking', 'EMS1VN');
    await page.fill('#applicant_name', 'Nguyễn Văn An');
    await page.fill('#applicant_phone', '0909123456');
    await page.fill('#applicant_address', 'Bình Chánh');
    await page.fill('#f_owner_name', 'Nguyễn Văn An');
    await page.fill('#f_owner_id', '079203001234');
    await page.selectOption('#f_reason', { index: 1 });
    await page.fill('#f_phone', '0909123456');
    await page.check('#fee_collected');
    await page.click('form.wizard button[type=submit]');
    await page.locator('#dossier-code').waitFor();
    assert.deepEqual(await violations(page), [], `intake receipt (${locale})`);
    await page.click('#print-fee');
    await page.locator('#fee-amount').waitFor();
    assert.deepEqual(await violations(page), [], `fee receipt (${locale})`);
    await ctx.close();
  });
}

// The staff workspace (issue 8, work lists, search and feedback): the menu with badges, the
// lists, the search blank, with results and with a message, and the feedback queue.
for (const locale of ['vi-VN', 'en-US']) {
  test(`staff work pages have no WCAG A/AA violations (${locale})`, async () => {
    const { execFileSync } = await import('node:child_process');
    const now = Math.floor(Date.now() / 1000);
    execFileSync('sqlite3', [data.db, `INSERT INTO feedback (dossier_id, unit_id, owner_id, body,
      created_at, due_at) SELECT id, unit_id, (SELECT id FROM users WHERE username = 'congdan'),
      'Phản ánh thử', ${now}, ${now + 86400} FROM dossiers WHERE code = 'H29.23-990101-0002'`]);
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'motcua.binhchanh');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForLoadState();
    for (const path of ['/can-bo', '/can-bo/viec?list=days3', '/can-bo/viec?list=intake',
      '/can-bo/viec?list=supplement', '/can-bo/tim-kiem', '/can-bo/tim-kiem?ten=nguyen',
      '/can-bo/tim-kiem?tu_ngay=31/02/2026', '/can-bo/in-phieu?sel_0=H29.23-990101-0002',
      '/can-bo/phan-anh']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await page.click('form[action^="/can-bo/phan-anh/"] button[type=submit]');
    await page.waitForLoadState();
    assert.deepEqual(await violations(page), [], `feedback answer missing (${locale})`);
    // The search results with the bulk assign form, and its summary page (nothing ticked).
    await page.goto(srv.base + '/can-bo/tim-kiem?trang_thai=received');
    assert.deepEqual(await violations(page), [], `search with bulk assign (${locale})`);
    await page.click('button[formaction="/can-bo/tim-kiem/phan-cong"]');
    await page.waitForLoadState();
    assert.match(await page.locator('#bulk-error').textContent(), /\S/);
    assert.deepEqual(await violations(page), [], `bulk assign summary (${locale})`);
    await ctx.close();
  });

  test(`leader report pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'lanhdao.binhchanh');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForLoadState();
    const year = new Date().getFullYear();
    for (const path of ['/bao-cao', `/bao-cao?period=year&year=${year}&group=field`,
      `/bao-cao?period=quarter&year=${year}&quarter=1&group=procedure`,
      '/bao-cao?period=custom&from=31/02/2026&to=x', `/bao-cao/in?period=year&year=${year}`,
      `/bao-cao/danh-sach?figure=received&from=01/01/${year}&to=31/12/${year}`,
      `/bao-cao/danh-sach?figure=waiting&from=01/01/${year}&to=31/12/${year}&group=unit&key=H29.23.TP`]) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await ctx.close();
  });
}

// Administration of units and the calendar (issue 10 §2, §4, helper "units"): the tree, a
// unit's page, the calendar; the add form with a message, the calendar preview and the
// close preview (nothing is saved).
for (const locale of ['vi-VN', 'en-US']) {
  test(`administration units and calendar pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'admin');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForLoadState();
    for (const path of ['/quan-tri/don-vi', '/quan-tri/don-vi/H29.23.01', '/quan-tri/lich',
      '/quan-tri/lich?nam=2026&ngay=01/01/2026']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await page.goto(srv.base + '/quan-tri/don-vi');
    await page.fill('#u-code', 'H29.23.88');
    await page.fill('#u-name', 'UBND xã Thử');
    await page.fill('#u-hours', '11:30-07:00');
    await page.click('form[action="/quan-tri/don-vi"] button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.locator('#u-hours-e').textContent(), /\S/);
    assert.deepEqual(await violations(page), [], `unit add with a message (${locale})`);
    await page.goto(srv.base + '/quan-tri/lich');
    await page.fill('#d-date', '31/02/2030');
    await page.click('section[aria-labelledby="day-title"] button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.locator('#d-date-e').textContent(), /\S/);
    assert.deepEqual(await violations(page), [], `calendar with a message (${locale})`);
    await page.fill('#d-date', '02/01/2030');
    await page.fill('#d-name', 'Nghỉ bù');
    await page.click('section[aria-labelledby="day-title"] button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.locator('#cal-preview').textContent(), /\d/);
    assert.deepEqual(await violations(page), [], `calendar preview (${locale})`);
    await page.goto(srv.base + '/quan-tri/don-vi/H29.23.01');
    await page.click('form[action="/quan-tri/don-vi/H29.23.01/dong"] button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.locator('#close-preview').textContent(), /\d/);
    assert.deepEqual(await violations(page), [], `close preview (${locale})`);
    await ctx.close();
  });
}

// The catalogue editor (issue 10 §3, helper "catalog"): the list, the edit form, its
// messages beside the fields, an added row, a new procedure, the preview of a draft and the
// history. The draft is saved on a procedure no other test here reads.
for (const locale of ['vi-VN', 'en-US']) {
  test(`catalogue editor pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'admin');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForLoadState();
    const code = '1.000656';
    for (const path of ['/quan-tri/thu-tuc', '/quan-tri/thu-tuc?q=khai+sinh&trang_thai=published',
      `/quan-tri/thu-tuc/${code}`, '/quan-tri/thu-tuc/moi']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await page.goto(srv.base + `/quan-tri/thu-tuc/${code}`);
    await page.click('button[value="add_steps"]');
    await page.waitForLoadState();
    assert.deepEqual(await violations(page), [], `added row (${locale})`);
    await page.fill('#name', '');
    await page.fill('#duration_value', '0');
    await page.click('.actions button[value="save"]');
    await page.waitForLoadState();
    assert.match(await page.locator('#name-error').textContent(), /\S/);
    assert.deepEqual(await violations(page), [], `form errors (${locale})`);
    await page.goto(srv.base + `/quan-tri/thu-tuc/${code}`);
    await page.fill('#legal_basis', `Sửa thử (${locale})`);
    await page.click('.actions button[value="save"]');
    await page.waitForLoadState();
    assert.deepEqual(await violations(page), [], `draft saved, history (${locale})`);
    await page.goto(srv.base + `/quan-tri/thu-tuc/${code}/xem-truoc`);
    assert.deepEqual(await violations(page), [], `preview (${locale})`);
    await ctx.close();
  });
}

// Administration (issue 10, helper "users"): the landing, users list, creation form with
// messages, one account, the two-factor policy, enrolment with its QR code, the code step, and
// a password link that no longer works.
for (const locale of ['vi-VN', 'en-US']) {
  test(`administration and two-factor pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'admin');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForLoadState();
    const { execFileSync } = await import('node:child_process');
    const id = execFileSync('sqlite3', [data.db, "SELECT id FROM users WHERE username = 'motcua.binhchanh'"]).toString().trim();
    for (const path of ['/quan-tri', '/quan-tri/nguoi-dung', '/quan-tri/nguoi-dung?q=binh+chanh&vai_tro=clerk',
      '/quan-tri/nguoi-dung/moi', `/quan-tri/nguoi-dung/${id}`, '/quan-tri/cai-dat/bao-mat',
      '/tai-khoan/hai-buoc', `/dat-lai-mat-khau/${'0'.repeat(64)}`]) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await page.goto(srv.base + '/quan-tri/nguoi-dung/moi');
    await page.fill('#username', 'Sai Ten');
    await page.fill('#email', 'sai@');
    await page.click('main form button[type=submit]');
    await page.waitForLoadState();
    assert.match(await page.locator('#username-error').textContent(), /\S/);
    assert.deepEqual(await violations(page), [], `account form with messages (${locale})`);
    await page.goto(srv.base + '/tai-khoan/hai-buoc');
    await page.fill('#code', '12');
    await page.click('main form button[type=submit]');
    await page.waitForLoadState();
    assert.deepEqual(await violations(page), [], `enrolment with a message (${locale})`);
    await ctx.close();
  });
}

// Issue 10 §8, §5, §6 (helper "audit"): the administrative record (with rows and with a bad
// date), the import page (blank, with a refused file) and an import's summary, the
// notification templates (list, edit with an unknown placeholder), and the owner's dossier
// page listing a staff view.
for (const locale of ['vi-VN', 'en-US']) {
  test(`administration and accountability pages have no WCAG A/AA violations (${locale})`, async () => {
    const { execFileSync } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    const signIn = async (username) => {
      await ctx.clearCookies();
      await page.goto(srv.base + '/dang-nhap');
      await page.fill('#username', username);
      await page.fill('#password', 'motcua-demo-2026');
      await page.click('form.signin button[type=submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'));
    };
    await signIn('admin');
    await page.goto(srv.base + '/quan-tri/nhap');
    assert.deepEqual(await violations(page), [], `/quan-tri/nhap (${locale})`);
    const bad = `${data.dir}/lich-${locale}.csv`;
    writeFileSync(bad, 'date,working,name,source\n2032-01-01,0,Tết,BLLĐ\n2032-13-01,0,Sai,x\n');
    await page.selectOption('#imp-kind', 'calendar');
    await page.setInputFiles('#imp-file', bad);
    await page.click('form[action="/quan-tri/nhap"] button[type=submit]');
    await page.waitForLoadState();
    assert.deepEqual(await violations(page), [], `import refused (${locale})`);
    const good = `${data.dir}/lich-ok-${locale}.csv`;
    writeFileSync(good, 'date,working,name,source\n2032-01-01,0,Tết,BLLĐ\n');
    await page.selectOption('#imp-kind', 'calendar');
    await page.setInputFiles('#imp-file', good);
    await page.click('form[action="/quan-tri/nhap"] button[type=submit]');
    await page.waitForURL(/\/quan-tri\/nhap\/\d+$/);
    assert.deepEqual(await violations(page), [], `import summary (${locale})`);
    for (const path of ['/quan-tri/nhat-ky', '/quan-tri/nhat-ky?tu_ngay=31/02/2032',
      '/quan-tri/cai-dat/thong-bao', '/quan-tri/cai-dat/thong-bao/vi/receive']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await page.fill('#n-sms', 'Ho so {{ma}}');
    await page.click('button[value=preview]');
    await page.waitForLoadState();
    assert.match(await page.locator('#n-sms-error').textContent(), /\{\{ma\}\}/);
    assert.deepEqual(await violations(page), [], `template with an unknown value (${locale})`);
    // A staff view listed on the owner's page.
    execFileSync('sqlite3', [data.db, "UPDATE dossiers SET owner_id = (SELECT id FROM users WHERE "
      + "username = 'congdan') WHERE code = 'H29.23-990101-0002'"]);
    await signIn('motcua.binhchanh');
    await page.goto(`${srv.base}/can-bo/ho-so/H29.23-990101-0002`);
    await signIn('congdan');
    await page.goto(`${srv.base}/ho-so/H29.23-990101-0002`);
    assert.equal(await page.locator('#views tbody tr').count() >= 1, true);
    assert.deepEqual(await violations(page), [], `owner's page with views (${locale})`);
    await ctx.close();
  });
}

// The leader's at-risk page (with rows, apologies due and the projection), its picker
// message, the charts (SVG with data tables) and its unit picker message (helper "risk").
let riskData = false;
for (const locale of ['vi-VN', 'en-US']) {
  test(`leader's at-risk and chart pages have no WCAG A/AA violations (${locale})`, async () => {
    if (!riskData) {
      const { addRiskData } = await import('../lib/risk.mjs');
      addRiskData(data.dir, data.db);
      riskData = true;
    }
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'lanhdao.binhchanh');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForLoadState();
    for (const path of ['/bao-cao/nguy-co', '/bao-cao/nguy-co?ngay=99', '/bao-cao/bieu-do',
      '/bao-cao/bieu-do?don_vi=H29.24', '/bao-cao/bieu-do?don_vi=H29.23.01&nam=2025']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await ctx.close();
  });
}

// The administrator's API token page (issue 10 §6; helper "api"): the list, the form with a
// message beside the field, a new token shown once, and the revoke confirmation.
for (const locale of ['vi-VN', 'en-US']) {
  test(`the API token pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(srv.base + '/dang-nhap');
    await page.fill('#username', 'admin');
    await page.fill('#password', 'motcua-demo-2026');
    await page.click('form.signin button[type=submit]');
    await page.waitForLoadState();
    await page.goto(srv.base + '/quan-tri/cai-dat/token');
    assert.deepEqual(await violations(page), [], `token page (${locale})`);
    await page.click('form[action="/quan-tri/cai-dat/token"] button[type=submit]');
    await page.waitForLoadState();
    assert.deepEqual(await violations(page), [], `token form with a message (${locale})`);
    await page.fill('#name', `a11y ${locale}`);
    await page.click('form[action="/quan-tri/cai-dat/token"] button[type=submit]');
    await page.waitForLoadState();
    assert.deepEqual(await violations(page), [], `new token shown (${locale})`);
    await page.click('a[href$="/thu-hoi"]');
    await page.waitForLoadState();
    assert.deepEqual(await violations(page), [], `revoke confirmation (${locale})`);
    await ctx.close();
  });
}

// The Decision 766 page, the PAR index, the rankings and the index settings (issue 9 §3, §5,
// §6 and issue 10 §6, helper "index"): as the leader, with a refused entry; as the
// administrator, the settings with a refused file and the PAR page once criteria are loaded.
for (const locale of ['vi-VN', 'en-US']) {
  test(`index pages have no WCAG A/AA violations (${locale})`, async () => {
    const ctx = await browser.newContext({ locale, bypassCSP: true });
    const page = await ctx.newPage();
    const signIn = async (username) => {
      await ctx.clearCookies();
      await page.goto(srv.base + '/dang-nhap');
      await page.fill('#username', username);
      await page.fill('#password', 'motcua-demo-2026');
      await page.click('form.signin button[type=submit]');
      await page.waitForURL(/\/tai-khoan$/);
    };
    await signIn('admin');
    for (const path of ['/quan-tri/cai-dat/766', '/quan-tri/cai-dat/par']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await page.fill('#cfg-text', '[\n{"type": "area"}\n]');
    await page.click('form:has(#cfg-text) button[type=submit]');
    await page.locator('#cfg-error').waitFor();
    assert.deepEqual(await violations(page), [], `refused criteria file (${locale})`);
    await page.goto(srv.base + '/quan-tri/cai-dat/par');
    await page.click('form:has(input[name=mau]) button[type=submit]');
    await page.waitForURL(/da_luu=1/);
    await signIn('lanhdao.binhchanh');
    for (const path of ['/bao-cao/766', '/bao-cao/par', '/bao-cao/xep-hang', '/bao-cao/xep-hang?theo=766',
      '/bao-cao/xep-hang?theo=par', '/bao-cao/xep-hang?don_vi=H29.23.01']) {
      await page.goto(srv.base + path);
      assert.deepEqual(await violations(page), [], `${path} (${locale})`);
    }
    await page.goto(srv.base + '/bao-cao/766');
    await page.fill('#i1-1-v', 'abc');
    await page.click('form:has(#i1-1-v) button[type=submit]');
    await page.locator('#i1-1-ve').waitFor();
    assert.deepEqual(await violations(page), [], `refused 766 entry (${locale})`);
    await page.goto(srv.base + '/bao-cao/par');
    await page.click('details:has(#c1-1-p) summary');
    await page.fill('#c1-1-p', '9');
    await page.fill('#c1-1-e', 'https://example.vn/ke-hoach');
    await page.click('form:has(#c1-1-p) button[type=submit]');
    await page.locator('#c1-1-pe').waitFor();
    assert.deepEqual(await violations(page), [], `refused PAR entry (${locale})`);
    await ctx.close();
  });
}
