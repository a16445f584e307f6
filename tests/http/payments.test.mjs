// payments.test.mjs - level-4 payment through the sandbox gateway against a real server:
// start -> the sandbox's page -> pay -> the signed answer -> the dossier leaves `payment`, the
// receipt (with the lookup QR code) for its owner only; cancel; forged, altered and replayed
// answers refused and logged; a repeated answer pays once. Also GET /tra-cuu?ma= prefill.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { makeDatabase, startServer, removeDir, assertCleanExit, csrfFor } from '../lib/server.mjs';
import { addPaymentDossiers, addSubmittedLevel4Dossiers, sql, CITIZEN, OTHER, FEE, LEVEL4 } from '../lib/payments.mjs';

const PAID = 'H29.23-990202-0001';
const CANCEL = 'H29.23-990202-0002';
const TWICE = 'H29.23-990202-0003';
const FORGE = 'H29.23-990202-0004';
const LEVEL4_CODE = 'H29.23-990202-0005';
let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 5 });
  addPaymentDossiers(data, [PAID, CANCEL, TWICE, FORGE]);
  addSubmittedLevel4Dossiers(data, [LEVEL4_CODE]);
  srv = await startServer(data.db, { extraArgs: ['--public-url', 'https://dvc.example.vn/'] });
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

// A tiny browser: a cookie jar and fetch without following redirects.
class Browser {
  constructor(base) { this.base = base; this.jar = new Map(); }
  cookie() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
  take(r) {
    for (const c of r.headers.getSetCookie?.() || []) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      this.jar.set(kv.slice(0, i).trim(), kv.slice(i + 1));
    }
    return r;
  }
  async get(path) {
    return this.take(await fetch(new URL(path, this.base), { redirect: 'manual', headers: { Cookie: this.cookie() } }));
  }
  async post(path, fields) {
    return this.take(await fetch(new URL(path, this.base), {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
      headers: { Cookie: this.cookie(), 'Content-Type': 'application/x-www-form-urlencoded' },
    }));
  }
  async token(path) {
    const html = await (await this.get(path)).text();
    return html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
  }
  async signIn({ username, password }) {
    const r = await this.post('/dang-nhap', { csrf: await this.token('/dang-nhap'), username, password });
    assert.equal(r.status, 303, `sign-in of ${username}`);
  }
}

// The hidden fields of the sandbox page's form.
function sandboxFields(html) {
  const f = {};
  for (const m of html.matchAll(/<input type="hidden" name="([a-z]+)" value="([^"]*)">/g)) f[m[1]] = m[2];
  return f;
}

// Start paying dossier code as browser b; returns the sandbox page's URL and HTML.
async function startPayment(b, code) {
  const path = `/ho-so/${code}/thanh-toan`;
  const csrf = await b.token(path);
  const r = await b.post(path, { csrf });
  assert.equal(r.status, 303);
  const location = r.headers.get('location');
  assert.match(location, /^\/sandbox-pay\/checkout\?reference=MC[0-9A-Z]{18}&amount=50000&return=\/thanh-toan\/ket-qua&sig=[0-9a-f]{64}$/);
  const page = await b.get(location);
  assert.equal(page.status, 200);
  return { location, html: await page.text() };
}

// Press a button on the sandbox page: the gateway's 303 to our return URL with its answer.
async function pressSandbox(b, html, action) {
  const r = await b.post('/sandbox-pay/checkout', { ...sandboxFields(html), action });
  assert.equal(r.status, 303);
  const location = r.headers.get('location');
  assert.match(location, /^\/thanh-toan\/ket-qua\?reference=MC[0-9A-Z]{18}&amount=50000&status=(paid|cancelled)&time=\d+&nonce=[0-9a-f]{32}&sig=[0-9a-f]{64}$/);
  return location;
}

const status = (code) => sql(data.db, `SELECT status FROM dossiers WHERE code = '${code}'`);
const pays = (code) => Number(sql(data.db,
  `SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '${code}' AND e.kind = 'pay'`));

test('the whole flow: start, sandbox page, pay, answer, receipt for the owner only', async () => {
  const b = new Browser(srv.base);
  await b.signIn(CITIZEN);
  const due = await (await b.get(`/ho-so/${PAID}/thanh-toan`)).text();
  assert.match(due, /50\.000/);
  const { html } = await startPayment(b, PAID);
  assert.match(html, /MÔI TRƯỜNG THỬ NGHIỆM — không trừ tiền thật/);
  assert.match(html, /<button type="submit" name="action" value="pay">Thanh toán<\/button>/);
  assert.match(html, /value="cancel"/);
  assert.doesNotMatch(html, /<script/i);
  const answer = await pressSandbox(b, html, 'pay');
  assert.equal(status(PAID), 'payment', 'nothing settled before the answer arrives');
  const back = await b.get(answer);
  assert.equal(back.status, 303);
  const receiptPath = back.headers.get('location');
  assert.match(receiptPath, /^\/bien-lai\/MC[0-9A-Z]{18}$/);
  assert.equal(status(PAID), 'processing');
  assert.equal(pays(PAID), 1);
  const ref = receiptPath.split('/').pop();
  assert.equal(sql(data.db, `SELECT state || ' ' || amount || ' ' || provider || ' ' || (receipt_no IS NOT NULL) FROM payments WHERE reference = '${ref}'`),
    `paid ${FEE} sandbox 1`);

  const receipt = await b.get(receiptPath);
  assert.equal(receipt.status, 200);
  const rhtml = await receipt.text();
  assert.match(rhtml, /Biên lai thu phí, lệ phí điện tử/);
  assert.match(rhtml, /BL\d{4}-\d{6}/);
  assert.match(rhtml, new RegExp(PAID.replace(/\./g, '\\.')));
  assert.match(rhtml, /50\.000/);
  assert.match(rhtml, /Nguyễn Văn An/);
  assert.match(rhtml, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="qr" viewBox="0 0 \d+ \d+" role="img" aria-label="[^"]+"/);
  assert.doesNotMatch(rhtml, /PAYTEST2/, 'the lookup secret is never on the receipt');

  // Another citizen, and anonymous visitors, do not see it.
  const other = new Browser(srv.base);
  await other.signIn(OTHER);
  assert.equal((await other.get(receiptPath)).status, 404);
  assert.equal((await other.get(`/ho-so/${PAID}/thanh-toan`)).status, 404);
  const csrf = await other.token('/tai-khoan');
  assert.equal((await other.post(`/ho-so/${CANCEL}/thanh-toan`, { csrf })).status, 404);
  assert.equal(Number(sql(data.db, `SELECT count(*) FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '${CANCEL}'`)), 0);
  const anon = new Browser(srv.base);
  assert.notEqual((await anon.get(receiptPath)).status, 200);

  // Paid: the dossier no longer offers a payment.
  const csrf2 = await b.token(`/ho-so/${PAID}/thanh-toan`);
  const again = await b.post(`/ho-so/${PAID}/thanh-toan`, { csrf: csrf2 });
  assert.equal(again.status, 409);
});

test('cancel at the gateway: nothing paid, the dossier still waits, payment can start again', async () => {
  const b = new Browser(srv.base);
  await b.signIn(CITIZEN);
  const { html } = await startPayment(b, CANCEL);
  const answer = await pressSandbox(b, html, 'cancel');
  const r = await b.get(answer);
  assert.equal(r.status, 200);
  const page = await r.text();
  assert.match(page, /Bạn đã hủy giao dịch/);
  assert.match(page, new RegExp(`href="/ho-so/${CANCEL.replace(/\./g, '\\.')}/thanh-toan"`));
  assert.equal(status(CANCEL), 'payment');
  assert.equal(pays(CANCEL), 0);
  assert.equal(sql(data.db, `SELECT group_concat(state) FROM payments p JOIN dossiers d ON d.id = p.dossier_id WHERE d.code = '${CANCEL}'`), 'cancelled');
  const second = await startPayment(b, CANCEL);
  assert.notEqual(sandboxFields(second.html).reference, sandboxFields(html).reference, 'a new attempt, a new reference');
});

test('a repeated answer pays once; a replayed one is refused and logged', async () => {
  const b = new Browser(srv.base);
  await b.signIn(CITIZEN);
  const { html } = await startPayment(b, TWICE);
  const first = await pressSandbox(b, html, 'pay');
  const second = await pressSandbox(b, html, 'pay');	// the gateway answers twice (new nonce)
  const q1 = new URL(first, srv.base).searchParams;
  const q2 = new URL(second, srv.base).searchParams;
  const cb1 = await fetch(`${srv.base}/thanh-toan/ket-qua`, { method: 'POST', body: q1 });
  assert.equal(cb1.status, 200, 'server callback without any CSRF token: exempt, signed');
  assert.deepEqual(await cb1.json(), { result: 'paid', changed: true });
  const cb2 = await fetch(`${srv.base}/thanh-toan/ket-qua`, { method: 'POST', body: q2 });
  assert.equal(cb2.status, 200);
  assert.deepEqual(await cb2.json(), { result: 'paid', changed: false });
  const browserBack = await b.get(first);	// the browser returns with the first answer: a replay
  assert.equal(browserBack.status, 409);
  assert.match(await browserBack.text(), /đã được sử dụng/);
  const replay = await fetch(`${srv.base}/thanh-toan/ket-qua`, { method: 'POST', body: q2 });
  assert.equal(replay.status, 409);
  assert.equal((await replay.json()).error.code, 'replay');
  assert.equal(pays(TWICE), 1);
  assert.equal(status(TWICE), 'processing');
  assert.match(srv.logs(), /payment callback refused: replay \(reference MC[0-9A-Z]{18}/);
});

test('forged and altered answers are refused, logged, and change nothing', async () => {
  const b = new Browser(srv.base);
  await b.signIn(CITIZEN);
  const { html } = await startPayment(b, FORGE);
  const ref = sandboxFields(html).reference;
  // Forged: signed with a key that is not the gateway's.
  const time = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const canonical = `motcua-payment-v1\nreference=${ref}\namount=${FEE}\nstatus=paid\ntime=${time}\nnonce=${nonce}\n`;
  const sig = createHmac('sha512', randomBytes(32)).update(canonical).digest().subarray(0, 32).toString('hex');
  const forged = await fetch(`${srv.base}/thanh-toan/ket-qua`, {
    method: 'POST', body: new URLSearchParams({ reference: ref, amount: String(FEE), status: 'paid', time, nonce, sig }),
  });
  assert.equal(forged.status, 403);
  assert.equal((await forged.json()).error.code, 'bad_signature');
  // Altered: a genuine "cancelled" answer turned into "paid", a genuine amount lowered.
  const genuine = new URL(await pressSandbox(b, html, 'cancel'), srv.base).searchParams;
  for (const [field, value] of [['status', 'paid'], ['amount', '1000'], ['time', String(Number(genuine.get('time')) + 1)],
    ['nonce', randomBytes(16).toString('hex')], ['reference', 'MC000000000000000000']]) {
    const q = new URLSearchParams(genuine);
    q.set(field, value);
    const r = await fetch(`${srv.base}/thanh-toan/ket-qua`, { method: 'POST', body: q });
    assert.equal(r.status, 403, `altered ${field}`);
    const viaBrowser = await b.get(`/thanh-toan/ket-qua?${q}`);
    assert.equal(viaBrowser.status, 403, `altered ${field} (browser return)`);
    assert.match(await viaBrowser.text(), /không hợp lệ/);
  }
  const malformed = await fetch(`${srv.base}/thanh-toan/ket-qua`, { method: 'POST', body: new URLSearchParams({ reference: ref }) });
  assert.equal(malformed.status, 400);
  assert.equal(status(FORGE), 'payment');
  assert.equal(pays(FORGE), 0);
  assert.equal(sql(data.db, `SELECT state FROM payments WHERE reference = '${ref}'`), 'pending');
  assert.match(srv.logs(), new RegExp(`payment callback refused: wrong signature \\(forged or altered\\) \\(reference ${ref}`));
  // An order the merchant did not sign is refused by the sandbox itself.
  const badOrder = await b.get(`/sandbox-pay/checkout?reference=${ref}&amount=1&return=/thanh-toan/ket-qua&sig=${'0'.repeat(64)}`);
  assert.equal(badOrder.status, 400);
});

test('the gateway needs no session of ours; starting a payment does', async () => {
  const b = new Browser(srv.base);
  await b.signIn(CITIZEN);
  const { location } = await startPayment(b, FORGE);
  const anon = new Browser(srv.base);
  const page = await anon.get(location);
  assert.equal(page.status, 200, 'the sandbox page, like a real gateway, knows no motcua session');
  const r = await anon.get(`/ho-so/${FORGE}/thanh-toan`);
  assert.equal(r.status, 403, 'the sign-in form');
  assert.match(await r.text(), /name="password"/);
});

test('GET /tra-cuu?ma= prefills the code field, never the secret; an over-long value is dropped', async () => {
  const page = await (await fetch(`${srv.base}/tra-cuu?ma=${encodeURIComponent(PAID)}`)).text();
  assert.match(page, new RegExp(`id="code" name="code" value="${PAID.replace(/\./g, '\\.')}"`));
  assert.match(page, /id="secret" name="secret" value=""/);
  const long = await (await fetch(`${srv.base}/tra-cuu?ma=${'A'.repeat(41)}`)).text();
  assert.match(long, /id="code" name="code" value=""/);
  const xss = await (await fetch(`${srv.base}/tra-cuu?ma=${encodeURIComponent('"><b>x')}`)).text();
  assert.doesNotMatch(xss, /"><b>x/);
});

test('level 4: a submitted dossier is paid right after submitting and stays submitted for the clerk', async () => {
  assert.equal(status(LEVEL4_CODE), 'submitted');
  assert.equal(sql(data.db, `SELECT fee_amount FROM dossiers WHERE code = '${LEVEL4_CODE}'`), String(LEVEL4.fee), 'submit records the fees');
  const b = new Browser(srv.base);
  await b.signIn(CITIZEN);
  const path = `/ho-so/${LEVEL4_CODE}/thanh-toan`;
  const r = await b.post(path, { csrf: await b.token('/tai-khoan') });
  assert.equal(r.status, 303);
  const location = r.headers.get('location');
  assert.match(location, new RegExp(`^/sandbox-pay/checkout\\?reference=MC[0-9A-Z]{18}&amount=${LEVEL4.fee}&return=`));
  const html = await (await b.get(location)).text();
  const answer = await b.post('/sandbox-pay/checkout', { ...sandboxFields(html), action: 'pay' });
  assert.equal(answer.status, 303);
  const back = await b.get(answer.headers.get('location'));
  assert.equal(back.status, 303);
  assert.match(back.headers.get('location'), /^\/bien-lai\/MC[0-9A-Z]{18}$/);
  assert.equal(status(LEVEL4_CODE), 'submitted', 'still waiting for the clerk');
  assert.equal(pays(LEVEL4_CODE), 1);
  assert.equal(sql(data.db, `SELECT e.from_status || ' ' || e.to_status || ' ' || e.data FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '${LEVEL4_CODE}' AND e.kind = 'pay'`),
    `submitted submitted {"amount":${LEVEL4.fee},"before_receipt":true,"method":"online"}`);
  assert.equal(sql(data.db, `SELECT paid_online || ' ' || coalesce(received_at, '-') || ' ' || coalesce(due_at, '-') FROM dossiers WHERE code = '${LEVEL4_CODE}'`), '1 - -',
    'paid; the clock has not started');
  // Paid once: nothing more to start.
  const again = await b.post(path, { csrf: await b.token('/tai-khoan') });
  assert.equal(again.status, 409);
  // The public lookup shows the payment in the timeline; the state is still "submitted".
  const { token, cookie } = await csrfFor(srv.base, '/tra-cuu');
  const look = await fetch(srv.base + '/tra-cuu', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
  body: new URLSearchParams({ csrf: token, code: LEVEL4_CODE, secret: 'PAYTEST2' }) });
  assert.equal(look.status, 200);
  const page = await look.text();
  assert.match(page, /Đã thanh toán/);
  assert.match(page, /state-submitted/);
  // The citizen's message about it is queued (email in Vietnamese) and reads right before reception.
  const msg = (channel) => sql(data.db, `SELECT o.subject || '|' || o.body FROM outbox o JOIN dossier_events e ON e.id = o.event_id JOIN dossiers d ON d.id = o.dossier_id WHERE d.code = '${LEVEL4_CODE}' AND e.kind = 'pay' AND o.channel = '${channel}'`);
  const email = msg('email');
  assert.match(email, /^Hồ sơ H29\.23-990202-0005: đã nhận thanh toán\|/);
  assert.match(email, /Đã nhận khoản thanh toán phí, lệ phí 8\.000 đồng của hồ sơ H29\.23-990202-0005/);
  assert.doesNotMatch(email, /tiếp tục được xử lý/, 'not received yet: nothing "continues"');
  assert.match(msg('sms'), /đã nhận thanh toán 8\.000 đồng/);
});
