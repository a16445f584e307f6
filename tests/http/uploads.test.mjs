// uploads.test.mjs - uploads stream to disk and "Giấy tờ của tôi" (/tai-khoan/giay-to), against a
// real server signed in through POST /dang-nhap with the seeded demo accounts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { makeDatabase, startServer, rawRequest, removeDir, assertCleanExit } from '../lib/server.mjs';

const PASSWORD = 'motcua-demo-2026';
const MB = 1024 * 1024;
let data;
let srv;
let files;

before(async () => {
  data = makeDatabase({ dossiers: 20, seed: 3 });
  files = join(data.dir, 'files');	// the default: "files" beside the database
  srv = await startServer(data.db);
});
after(async () => {
  assertCleanExit(await srv.stop());
  removeDir(data.dir);
});

// Cookie jar over fetch: name=value pairs kept from Set-Cookie.
function jar() {
  const cookies = new Map();
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    take(r) {
      for (const c of r.headers.getSetCookie?.() || []) {
        const [pair, ...attrs] = c.split(';');
        const i = pair.indexOf('=');
        const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
        if (gone) cookies.delete(pair.slice(0, i).trim());
        else cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
      }
    },
  };
}

// Fetch with the jar's cookies, no redirect following; keeps the answer's cookies.
async function go(j, path, opts = {}) {
  const r = await fetch(srv.base + path, { redirect: 'manual', ...opts,
    headers: { ...(opts.headers || {}), Cookie: j.header() } });
  j.take(r);
  return r;
}

const tokenOf = (html) => html.match(/name="csrf" value="([^"]+)"/)?.[1];

// Sign in as username; resolves to a jar holding the session cookie.
async function signIn(username) {
  const j = jar();
  const page = await go(j, '/dang-nhap');
  assert.equal(page.status, 200, 'the sign-in page exists (helper `auth`)');
  const body = new URLSearchParams({ csrf: tokenOf(await page.text()), username, password: PASSWORD });
  const r = await go(j, '/dang-nhap', { method: 'POST', body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 303, `sign-in of ${username} succeeds`);
  return j;
}

// The documents page of j: {status, html, token}.
async function documentsPage(j, query = '') {
  const r = await go(j, '/tai-khoan/giay-to' + query);
  const html = await r.text();
  return { status: r.status, html, token: tokenOf(html) };
}

// POST a multipart upload (title, file bytes as name) with j's token; resolves to the response.
async function upload(j, title, bytes, name, type = 'application/pdf') {
  const { token } = await documentsPage(j);
  const fd = new FormData();
  fd.set('csrf', token);
  fd.set('title', title);
  fd.set('file', new Blob([bytes], { type }), name);
  return go(j, '/tai-khoan/giay-to', { method: 'POST', body: fd });
}

// Every regular file under dir (recursively).
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}
const stored = () => filesUnder(files).filter((p) => !p.startsWith(join(files, 'tmp') + '/'));
const temporary = () => filesUnder(join(files, 'tmp'));

// Temporary files once the request is over: MHD reports a request complete (and the layer
// removes what it did not keep) just after the response reached the client, so wait a little.
async function temporaryAfter() {
  for (let i = 0; i < 100 && temporary().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return temporary();
}

// BLAKE2b-256 of a file (coreutils b2sum).
const blake2b256 = (path) => execFileSync('b2sum', ['-l', '256', path]).toString().split(' ')[0];

const pdf = (n, seed = 1) => {
  const b = Buffer.alloc(n);
  let x = seed * 2654435761 >>> 0;
  for (let i = 0; i < n; i += 4) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b.writeUInt32LE(x >>> 0, Math.min(i, n - 4)); }
  b.write('%PDF-1.7\n', 0, 'latin1');
  return b;
};

function memory(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'))[1]) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

test('the documents page needs a signed-in account', async () => {
  const r = await fetch(srv.base + '/tai-khoan/giay-to', { redirect: 'manual' });
  assert.equal(r.status, 403);
  assert.match(await r.text(), /name="username"/, 'the sign-in form, coming back here');
  const body = '--B\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--B--\r\n';
  const p = await rawRequest(srv.port, 'POST /tai-khoan/giay-to HTTP/1.1\r\nHost: x\r\n' +
    `Content-Type: multipart/form-data; boundary=B\r\nContent-Length: ${body.length}\r\n` +
    `Connection: close\r\n\r\n${body}`);
  assert.match(p, /^HTTP\/1\.1 403/);
  assert.deepEqual(await temporaryAfter(), []);
});

test('a 50 MB upload (over the cap) is refused before its body is read, with the limit', async () => {
  const j = await signIn('congdan');
  const { token } = await documentsPage(j);
  const head = (lang) => 'POST /tai-khoan/giay-to HTTP/1.1\r\nHost: x\r\n' +
    `Cookie: ${j.header()}${lang ? '; lang=' + lang : ''}\r\nX-CSRF-Token: ${token}\r\n` +
    'Content-Type: multipart/form-data; boundary=B\r\n' +
    `Content-Length: ${50 * MB}\r\nConnection: close\r\n\r\n`;
  // Only the headers are sent: the answer comes without waiting for 50 MB.
  const vi = await rawRequest(srv.port, head(''));
  assert.match(vi, /^HTTP\/1\.1 413/);
  assert.match(Buffer.from(vi, 'latin1').toString('utf8'), /Tệp quá lớn: tối đa 10 MB/);
  const en = await rawRequest(srv.port, head('en'));
  assert.match(en, /^HTTP\/1\.1 413/);
  assert.match(en, /File too large: 10 MB at most/);
  assert.deepEqual(await temporaryAfter(), []);
  assert.equal((await fetch(srv.base + '/healthz')).status, 200);
});

test('a chunked upload growing over the cap gets the message beside the field and keeps nothing', async () => {
  const j = await signIn('congdan');
  const before = stored().length;
  const { token } = await documentsPage(j);
  const big = pdf(11 * MB, 5);
  const r = await go(j, '/tai-khoan/giay-to', {
    method: 'POST', duplex: 'half',
    headers: { 'Content-Type': 'multipart/form-data; boundary=XX' },
    body: new ReadableStream({
      start(c) {	// a stream: sent chunked, no Content-Length
        c.enqueue(Buffer.from(`--XX\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n` +
          '--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\nSổ hộ khẩu\r\n' +
          '--XX\r\nContent-Disposition: form-data; name="file"; filename="so-ho-khau.pdf"\r\n' +
          'Content-Type: application/pdf\r\n\r\n'));
        for (let off = 0; off < big.length; off += 256 * 1024) c.enqueue(big.subarray(off, off + 256 * 1024));
        c.enqueue(Buffer.from('\r\n--XX--\r\n'));
        c.close();
      },
    }),
  });
  assert.equal(r.status, 413);
  const html = await r.text();
  assert.match(html, /id="doc-file-error">Tệp quá lớn: tối đa 10 MB/);
  assert.match(html, /value="Sổ hộ khẩu"/, 'what was typed is kept');
  assert.equal(stored().length, before);
  assert.deepEqual(await temporaryAfter(), []);
});

test('a 9 MB PDF is stored under its BLAKE2b hash while the server memory stays flat', async () => {
  const j = await signIn('congdan');
  assert.equal((await upload(j, 'Khởi động', pdf(64 * 1024, 9), 'warm.pdf')).status, 303);
  const body = pdf(9 * MB, 7);
  // Reset the peak (VmHWM) to the current RSS: sign-in's Argon2id already peaked far higher.
  writeFileSync(`/proc/${srv.proc.pid}/clear_refs`, '5');
  const m0 = memory(srv.proc.pid);
  const r = await upload(j, 'Giấy chứng nhận quyền sử dụng đất', body, 'so-do.pdf');
  assert.equal(r.status, 303);
  const m1 = memory(srv.proc.pid);
  const growth = m1.hwm - m0.rss;
  assert.ok(growth < 8 * MB, `peak RSS grew by ${(growth / MB).toFixed(1)} MB for a 9 MB upload`);
  const local = join(data.dir, 'nine.pdf');
  writeFileSync(local, body);
  const hash = blake2b256(local);
  const path = join(files, hash.slice(0, 2), hash);
  assert.ok(existsSync(path), `stored at ${path}`);
  assert.ok(stored().includes(path));
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.ok(readFileSync(path).equals(body));
  assert.deepEqual(await temporaryAfter(), []);
});

test('an HTML file named .pdf is refused beside the field and nothing is kept', async () => {
  const j = await signIn('congdan');
  const before = stored().length;
  const r = await upload(j, 'Giả mạo', Buffer.from('<!doctype html><script>alert(1)</script>'),
    'giay-to.pdf', 'application/pdf');
  assert.equal(r.status, 415);
  const html = await r.text();
  assert.match(html, /id="doc-file-error">Tệp không đúng định dạng: chỉ nhận PDF, JPEG hoặc PNG/);
  assert.match(html, /aria-invalid="true"/);
  assert.equal(stored().length, before);
  assert.deepEqual(await temporaryAfter(), []);
});

test('an upload cut off mid-file leaves no temporary file behind', async () => {
  // A server of its own with a short idle timeout: MHD reports the request ended when it sees
  // the connection close, or at the latest when the connection times out.
  const s2 = await startServer(data.db, { extraArgs: ['--timeout', '2'] });
  try {
    const j = jar();
    const signin = await fetch(s2.base + '/dang-nhap');
    j.take(signin);
    const si = await fetch(s2.base + '/dang-nhap', { method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ csrf: tokenOf(await signin.text()), username: 'congdan', password: PASSWORD }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: j.header() } });
    j.take(si);
    const page = await fetch(s2.base + '/tai-khoan/giay-to', { headers: { Cookie: j.header() } });
    const token = tokenOf(await page.text());
    const head = `--bound-ary\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n` +
      '--bound-ary\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n';
    const sock = net.connect(s2.port, '127.0.0.1');
    await new Promise((r) => sock.on('connect', r));
    sock.write('POST /tai-khoan/giay-to HTTP/1.1\r\nHost: x\r\n' +
      `Cookie: ${j.header()}\r\nContent-Type: multipart/form-data; boundary=bound-ary\r\n` +
      `Content-Length: ${head.length + 2 * MB}\r\n\r\n${head}`);
    sock.write(pdf(512 * 1024, 31));
    // The part is being written: its temporary file exists until the request ends.
    for (let i = 0; i < 400 && temporary().length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(temporary().length, 1, 'the part streams into one temporary file');
    sock.destroy();
    for (let i = 0; i < 400 && temporary().length > 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(temporary(), [], 'removed when MHD reports the request ended');
  } finally {
    assertCleanExit(await s2.stop());
  }
});

test('an upload without the CSRF token is refused and stores nothing', async () => {
  const j = await signIn('congdan');
  const before = stored().length;
  const fd = new FormData();
  fd.set('title', 'x');
  fd.set('file', new Blob([pdf(2000, 11)]), 'x.pdf');
  const r = await go(j, '/tai-khoan/giay-to', { method: 'POST', body: fd });
  assert.equal(r.status, 403);
  assert.equal(stored().length, before);
  assert.deepEqual(await temporaryAfter(), []);
});

test('a missing title keeps the file off the disk and says so beside the field', async () => {
  const j = await signIn('congdan');
  const before = stored().length;
  const r = await upload(j, '', pdf(3000, 12), 'a.pdf');
  assert.equal(r.status, 400);
  assert.match(await r.text(), /id="doc-title-error">Vui lòng nhập tên giấy tờ/);
  assert.equal(stored().length, before);
  assert.deepEqual(await temporaryAfter(), []);
});

test('journey: upload, list, download own, another account gets 404, remove', async () => {
  const an = await signIn('congdan');
  const other = await signIn('lanhdao.binhchanh');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pdf(5000, 21).subarray(9)]);
  const r = await upload(an, 'Ảnh chân dung', png, '../../ảnh:thẻ|1.png', 'application/octet-stream');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/tai-khoan/giay-to?saved=1');
  const page = await documentsPage(an, '?saved=1');
  assert.match(page.html, /Đã lưu giấy tờ/);
  const row = page.html.match(/<tr>\s*<td>Ảnh chân dung<\/td>\s*<td><a href="(\/tai-khoan\/giay-to\/(\d+))" download>([^<]+)<\/a><\/td>\s*<td>PNG<\/td>\s*<td class="num">([^<]+)<\/td>\s*<td>([^<]+)<\/td>/);
  assert.ok(row, 'the new document is listed');
  const [, href, id, name, size, date] = row;
  assert.equal(name, 'ảnh_thẻ_1.png', 'the name is cleaned (no path, no reserved characters)');
  assert.equal(size, '4,9 KB');
  assert.match(date, /^\d{2}\/\d{2}\/\d{4}$/);

  const d = await go(an, href);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'image/png', 'the type comes from the content');
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  assert.match(d.headers.get('content-disposition'), /^attachment; filename="_nh_th__1.png"; filename\*=UTF-8''%E1%BA%A3nh_th%E1%BA%BB_1.png$/);
  assert.ok(Buffer.from(await d.arrayBuffer()).equals(png));

  assert.equal((await go(other, href)).status, 404, "someone else's document is not found");
  const otherPage = await documentsPage(other);
  assert.doesNotMatch(otherPage.html, /Ảnh chân dung/);
  const steal = await go(other, `/tai-khoan/giay-to/${id}/xoa`, { method: 'POST',
    body: new URLSearchParams({ csrf: otherPage.token }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(steal.status, 404);
  assert.equal((await go(an, '/tai-khoan/giay-to/999999')).status, 404);
  assert.equal((await go(an, '/tai-khoan/giay-to/abc')).status, 404);

  // The same bytes uploaded by the other account are stored once.
  const count = stored().length;
  assert.equal((await upload(other, 'Ảnh', png, 'anh.png', 'image/png')).status, 303);
  assert.equal(stored().length, count);

  const rm = await go(an, `/tai-khoan/giay-to/${id}/xoa`, { method: 'POST',
    body: new URLSearchParams({ csrf: (await documentsPage(an)).token }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(rm.status, 303);
  assert.equal(rm.headers.get('location'), '/tai-khoan/giay-to?removed=1');
  const after = await documentsPage(an, '?removed=1');
  assert.match(after.html, /Đã xóa giấy tờ khỏi danh sách/);
  assert.doesNotMatch(after.html, /Ảnh chân dung/);
  assert.equal((await go(an, href)).status, 404);
  assert.equal(stored().length, count, 'the file stays: the other account still has it');

  // The other account removes its copy: the last reference goes, and the file with it.
  const mine = (await documentsPage(other)).html.match(/href="\/tai-khoan\/giay-to\/(\d+)" download>anh\.png/)[1];
  const rm2 = await go(other, `/tai-khoan/giay-to/${mine}/xoa`, { method: 'POST',
    body: new URLSearchParams({ csrf: (await documentsPage(other)).token }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(rm2.status, 303);
  assert.equal(stored().length, count - 1);
  assert.deepEqual(await temporaryAfter(), []);
});

test('the caps are settings: --upload-max and --uploads-max', async () => {
  const s2 = await startServer(data.db, { extraArgs: ['--upload-max', String(100 * 1024), '--uploads-max', '1'] });
  try {
    const j = jar();
    const page = await fetch(s2.base + '/dang-nhap');
    j.take(page);
    const body = new URLSearchParams({ csrf: tokenOf(await page.text()), username: 'congdan', password: PASSWORD });
    const si = await fetch(s2.base + '/dang-nhap', { method: 'POST', redirect: 'manual', body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: j.header() } });
    j.take(si);
    const resp = await rawRequest(s2.port, 'POST /tai-khoan/giay-to HTTP/1.1\r\nHost: x\r\n' +
      `Cookie: ${j.header()}\r\nContent-Type: multipart/form-data; boundary=B\r\n` +
      `Content-Length: ${MB}\r\nConnection: close\r\n\r\n`);
    assert.match(resp, /^HTTP\/1\.1 413/);
    assert.match(Buffer.from(resp, 'latin1').toString('utf8'), /Tệp quá lớn: tối đa 100 KB/);
  } finally {
    assertCleanExit(await s2.stop());
  }
});
