// public.test.mjs - HTTP behaviour of the public pages against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeDatabase, startServer, rawRequest, removeDir, csrfFor, assertCleanExit } from '../lib/server.mjs';

let data;
let srv;

before(async () => {
  data = makeDatabase({ dossiers: 300, seed: 7 });
  srv = await startServer(data.db);
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

function assertSecurityHeaders(h) {
  const csp = h.get('content-security-policy') || '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(h.get('x-content-type-options'), 'nosniff');
  assert.ok(h.get('referrer-policy'));
}

test('home page is Vietnamese, accessible and light', async () => {
  const r = await fetch(srv.base + '/');
  assert.equal(r.status, 200);
  assertSecurityHeaders(r.headers);
  const html = await r.text();
  assert.match(html, /<html lang="vi">/);
  assert.match(html, /Tìm thủ tục hành chính/);
  assert.match(html, /<main id="main"/);
  assert.match(html, /<label for="q">/);
  assert.ok(Buffer.byteLength(html) < 50 * 1024, `page is ${Buffer.byteLength(html)} bytes`);
});

test('unknown path gives a 404 page in the user language with security headers', async () => {
  const r = await fetch(srv.base + '/khong-co-trang-nay');
  assert.equal(r.status, 404);
  assertSecurityHeaders(r.headers);
  assert.match(await r.text(), /Không tìm thấy trang/);
  const en = await fetch(srv.base + '/nope', { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
  assert.equal(en.status, 404);
  assert.match(await en.text(), /Page not found/);
});

test('wrong method gives 405 with Allow', async () => {
  const r = await fetch(srv.base + '/thu-tuc', { method: 'POST', body: 'x=1',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 405);
  assert.match(r.headers.get('allow') || '', /GET/);
});

test('catalogue search ignores diacritics and case', async () => {
  const r = await fetch(srv.base + '/thu-tuc?q=DANG+KY+khai+sinh');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /Đăng ký khai sinh/);
  const none = await (await fetch(srv.base + '/thu-tuc?q=zzzqqq')).text();
  assert.match(none, /Không tìm thấy thủ tục nào/);
});

test('catalogue lists fields and filters by field', async () => {
  const html = await (await fetch(srv.base + '/thu-tuc')).text();
  const fields = [...html.matchAll(/href="\/thu-tuc\?field=(\d+)"/g)].map((m) => m[1]);
  assert.ok(new Set(fields).size >= 8, 'at least 8 fields');
  const one = await (await fetch(srv.base + `/thu-tuc?field=${fields[0]}`)).text();
  assert.match(one, /aria-current="page"/);
});

test('a bad query value is ignored, not an error', async () => {
  const r = await fetch(srv.base + '/thu-tuc?field=abc&q=' + 'x'.repeat(500));
  assert.equal(r.status, 200);
});

test('procedure page shows every catalogue field', async () => {
  const list = await (await fetch(srv.base + '/thu-tuc?q=khai+sinh')).text();
  const code = list.match(/href="\/thu-tuc\/([0-9A-Za-z.]+)"/)[1];
  const r = await fetch(srv.base + '/thu-tuc/' + code);
  assert.equal(r.status, 200);
  const html = await r.text();
  for (const label of ['Mã thủ tục', 'Lĩnh vực', 'Cấp thực hiện', 'Thời hạn giải quyết',
    'Dịch vụ công trực tuyến', 'Phí, lệ phí', 'Thành phần hồ sơ', 'Hình thức nhận kết quả',
    'Kết quả thực hiện', 'Trình tự thực hiện']) {
    assert.ok(html.includes(label), `shows ${label}`);
  }
  assert.match(html, /Mức độ [34] — (Một phần|Toàn trình)|Dịch vụ cung cấp thông tin/);
  assert.match(html, /ngày làm việc|giờ làm việc|ngày/);
  assert.match(html, /Dữ liệu mẫu/);
});

test('unknown procedure is 404', async () => {
  assert.equal((await fetch(srv.base + '/thu-tuc/9.999999')).status, 404);
});

test('static files have type, ETag and answer 304', async () => {
  const r = await fetch(srv.base + '/static/css/site.css');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/css/);
  assertSecurityHeaders(r.headers);
  const etag = r.headers.get('etag');
  assert.ok(etag);
  assert.ok(r.headers.get('cache-control'));
  const again = await fetch(srv.base + '/static/css/site.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
});

test('static files never escape the static folder', async () => {
  for (const path of ['/static/../Makefile', '/static/%2e%2e/Makefile', '/static/%2E%2E/README.md',
    '/static/css/..%2f..%2fMakefile', '/static/..%5c..%5cMakefile', '/static//etc/passwd']) {
    const resp = await rawRequest(srv.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const status = Number(resp.split(' ')[1]);
    assert.ok(status === 404 || status === 400, `${path} -> ${status}`);
    assert.doesNotMatch(resp, /LIB_SRC|root:x:0|motcua — Một cửa/, `${path} leaked a file`);
  }
});

test('a body larger than the limit gets 413', async () => {
  const resp = await rawRequest(srv.port, 'POST /tra-cuu HTTP/1.1\r\nHost: x\r\n' +
    'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 104857600\r\n' +
    'Connection: close\r\n\r\ncode=x');
  assert.match(resp, /^HTTP\/1\.1 413/);
});

test('huge request headers get 431', async () => {
  const resp = await rawRequest(srv.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70000)}\r\nConnection: close\r\n\r\n`);
  assert.match(resp, /^HTTP\/1\.1 431/);
});

test('healthz answers JSON', async () => {
  const r = await fetch(srv.base + '/healthz');
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.status, 'ok');
});

test('language switch remembers English', async () => {
  const r = await fetch(srv.base + '/lang/en?next=/thu-tuc', { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/thu-tuc');
  const cookie = r.headers.get('set-cookie').split(';')[0];
  assert.equal(cookie, 'lang=en');
  const html = await (await fetch(srv.base + '/thu-tuc', { headers: { Cookie: cookie } })).text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /Catalogue of administrative procedures/);
  const evil = await fetch(srv.base + '/lang/vi?next=//evil.example/', { redirect: 'manual' });
  assert.equal(evil.headers.get('location'), '/');
});

test('lookup with the right code and secret shows the status, masked', async () => {
  assert.ok(data.lookups.length > 0, 'seed printed lookups');
  const { code, secret } = data.lookups[0];
  const { token, cookie } = await csrfFor(srv.base, '/tra-cuu');
  assert.ok(token);
  const r = await fetch(srv.base + '/tra-cuu', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
  body: new URLSearchParams({ csrf: token, code, secret: secret.toLowerCase() }) });
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.ok(html.includes(code));
  assert.match(html, /Quá trình xử lý/);
  assert.match(html, /<dd>[^<]+ [^<. ]\.(?: [^<. ]\.)*<\/dd>/, 'applicant name masked');
  assert.doesNotMatch(html, /0\d{9}/, 'no phone number');
  assert.doesNotMatch(html, />(false|true|null|undefined)|(false|null)</, 'no raw JSON values shown');
});

test('every seeded lookup renders without raw values, whatever its state', async () => {
  const { token, cookie } = await csrfFor(srv.base, '/tra-cuu');
  assert.ok(data.lookups.length >= 4);
  for (const { code, secret } of data.lookups) {
    const r = await fetch(srv.base + '/tra-cuu', { method: 'POST', headers: {
      'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf: token, code, secret }) });
    assert.equal(r.status, 200, code);
    const html = await r.text();
    assert.doesNotMatch(html, />(false|true|null|undefined)|(false|true|null)</, `${code} shows a raw value`);
    assert.match(html, /class="state state-[a-z]+"/);
  }
});

test('lookup without the CSRF token is refused', async () => {
  const { code, secret } = data.lookups[0];
  const r = await fetch(srv.base + '/tra-cuu', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code, secret }) });
  assert.equal(r.status, 403);
});

test('wrong secret and unknown code get the same generic answer, then 429', async () => {
  const { code } = data.lookups[0];
  const { token, cookie } = await csrfFor(srv.base, '/tra-cuu');
  const post = (c, s) => fetch(srv.base + '/tra-cuu', { method: 'POST', headers: {
    'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
  body: new URLSearchParams({ csrf: token, code: c, secret: s }) });
  const a = await post(code, 'AAAAAAAA');
  const b = await post('H29.23-990101-9999', 'AAAAAAAA');
  assert.equal(a.status, 404);
  assert.equal(b.status, 404);
  const ta = (await a.text()).replace(/value="[^"]*"/g, '');
  const tb = (await b.text()).replace(/value="[^"]*"/g, '');
  assert.equal(ta, tb, 'no difference between a wrong secret and an unknown code');
  const long = await post('X'.repeat(300), 'AAAAAAAA');
  assert.equal(long.status, 404, 'over-long input gets the same answer');
  const empty = await post('', '');
  assert.equal(empty.status, 400);
  assert.match(await empty.text(), /Vui lòng nhập mã hồ sơ và mã tra cứu/);
  let status = 0;
  for (let i = 0; i < 10 && status !== 429; i++) status = (await post(code, 'BBBBBBBB')).status;
  assert.equal(status, 429);
  const right = data.lookups[0];
  assert.equal((await post(right.code, right.secret)).status, 429, 'blocked for the minute');
});
