// notify.test.mjs - delivering the notification outbox (docs/notifications.md):
// `motcua outbox deliver` through a real SMTP server on loopback (Debian's python3-aiosmtpd,
// tests/lib/smtp_server.py): accepted, refused for good (5xx), refused for now (4xx), server
// down (retried with backoff, then sent); and the delivery thread of `motcua serve` writing
// the maildir and the SMS log, stopped cleanly by SIGTERM.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import net from 'node:net';
import { bin, makeDatabase, startServer, assertCleanExit, removeDir } from '../lib/server.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const dbs = [];
after(() => { for (const d of dbs) removeDir(d.dir); });

function sql(db, text) {
  const r = spawnSync('sqlite3', [db, text], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
    s.on('error', rej);
  });
}

// Start tests/lib/smtp_server.py on a free port; resolves to {port, dir, stop()}.
async function startSmtp(dir) {
  const port = await freePort();
  const proc = spawn(python, [join(root, 'tests/lib/smtp_server.py'), String(port), dir],
    { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`smtp server did not start: ${err}`)), 10000);
    proc.stdout.on('data', (d) => { if (/ready/.test(String(d))) { clearTimeout(timer); res(); } });
    proc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`smtp server exited ${code}: ${err}`)); });
  });
  return {
    port,
    stop: () => new Promise((res) => { proc.removeAllListeners('exit'); proc.on('close', res); proc.kill('SIGTERM'); }),
  };
}

// Queue a message on the first dossier's first event, as the engine would.
function queue(db, channel, recipient, subject, body) {
  sql(db, `INSERT INTO outbox (dossier_id, event_id, channel, recipient, lang, subject, body, next_at, created_at)
    SELECT d.id, e.id, '${channel}', '${recipient}', 'vi', '${subject}', '${body}', 0, strftime('%s','now')
    FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id ORDER BY d.id, e.seq LIMIT 1`);
  return Number(sql(db, 'SELECT max(id) FROM outbox'));
}

function row(db, id) {
  const [state, attempts, nextAt, sentAt, lastError] =
    sql(db, `SELECT state, attempts, next_at, coalesce(sent_at, 0), last_error FROM outbox WHERE id = ${id}`).split('|');
  return { state, attempts: Number(attempts), nextAt: Number(nextAt), sentAt: Number(sentAt), lastError };
}

function deliver(db, port, extra = []) {
  const r = spawnSync(bin, ['outbox', 'deliver', '--db', db, '--once', '--mail', `smtp://127.0.0.1:${port}`,
    '--mail-from', 'no-reply@motcua.test', '--retry-base', '60', ...extra],
  { encoding: 'utf8', env: { ...process.env, MOTCUA_SHARE: root }, timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// Decode an RFC 2047 "=?UTF-8?B?...?=" header value (folded).
function decode2047(v) {
  return [...v.matchAll(/=\?UTF-8\?B\?([^?]*)\?=/g)].map((m) => Buffer.from(m[1], 'base64')).reduce(
    (a, b) => Buffer.concat([a, b]), Buffer.alloc(0)).toString('utf8');
}

test('SMTP: accepted, refused for good (5xx), refused for now (4xx), and server down then back', async () => {
  const d = makeDatabase({ dossiers: 3 });
  dbs.push(d);
  const inbox = join(d.dir, 'inbox');
  spawnSync('mkdir', ['-p', inbox]);
  const smtp = await startSmtp(inbox);
  const subject = 'Hồ sơ H29.23-260105-0007 đã được tiếp nhận';
  const ok = queue(d.db, 'email', 'hoa@example.vn', subject, 'Kính gửi bà Hoa,\nHẹn trả: 08/01/2026.');
  const refused = queue(d.db, 'email', 'refuse5@example.vn', 'x', 'y');
  const later = queue(d.db, 'email', 'refuse4@example.vn', 'x', 'y');
  const sms = queue(d.db, 'sms', '0901234567', '', 'Hồ sơ H29\nđã tiếp nhận');
  const out = deliver(d.db, smtp.port);
  assert.match(out, /outbox: 2 sent, 1 to retry, 1 failed/);

  // Accepted: sent with its time, and the server got one RFC 5322 message.
  assert.equal(row(d.db, ok).state, 'sent');
  assert.ok(row(d.db, ok).sentAt > 0);
  const files = readdirSync(inbox).filter((f) => f.endsWith('.eml'));
  assert.equal(files.length, 1);
  const msg = readFileSync(join(inbox, files[0]), 'utf8');
  const [head, body] = msg.split('\r\n\r\n');
  assert.match(head, /^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0700\r\n/);
  assert.match(head, /\r\nFrom: no-reply@motcua\.test\r\n/);
  assert.match(head, /\r\nTo: hoa@example\.vn\r\n/);
  assert.match(head, /\r\nMessage-ID: <motcua\.\d+\.\d+@motcua\.test>\r\n/);
  assert.match(head, /\r\nMIME-Version: 1\.0\r\n/);
  assert.match(head, /\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
  assert.match(head, /\r\nContent-Transfer-Encoding: quoted-printable/);
  const subj = head.match(/\r\nSubject: ((?:.|\r\n )*)/)[1];
  assert.equal(decode2047(subj), subject);
  assert.match(body, /K=C3=ADnh g=E1=BB=ADi b=C3=A0 Hoa,\r\n/);
  assert.equal(readFileSync(join(inbox, files[0].replace('.eml', '.env')), 'utf8'),
    'no-reply@motcua.test\nhoa@example.vn\n');

  // 5xx: failed for good after one attempt, with the server's reply kept for operators.
  assert.deepEqual({ ...row(d.db, refused), nextAt: 0, sentAt: 0, lastError: '' },
    { state: 'failed', attempts: 1, nextAt: 0, sentAt: 0, lastError: '' });
  assert.match(row(d.db, refused).lastError, /550/);
  // 4xx: queued again, one attempt, the next one after the first backoff step.
  const l = row(d.db, later);
  assert.equal(l.state, 'queued');
  assert.equal(l.attempts, 1);
  assert.match(l.lastError, /451/);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(l.nextAt > now + 30 && l.nextAt <= now + 60, `next attempt in about 60 s (${l.nextAt - now})`);
  // The SMS went to the log beside the database, on one line.
  assert.equal(row(d.db, sms).state, 'sent');
  const log = readFileSync(join(d.dir, 'sms.log'), 'utf8');
  assert.match(log, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00\t0901234567\tHồ sơ H29\\nđã tiếp nhận\n$/);
  // Nothing is due now: a second pass sends nothing again.
  assert.match(deliver(d.db, smtp.port), /outbox: 0 sent, 0 to retry, 0 failed/);

  // Server down: the message is retried with backoff (second failure: 2 x 60 s).
  await smtp.stop();
  const down = queue(d.db, 'email', 'ban@example.vn', 'Hồ sơ', 'nội dung');
  sql(d.db, `UPDATE outbox SET next_at = 0 WHERE id = ${later}`);
  assert.match(deliver(d.db, smtp.port), /outbox: 0 sent, 2 to retry, 0 failed/);
  const dn = row(d.db, down);
  assert.equal(dn.state, 'queued');
  assert.equal(dn.attempts, 1);
  assert.match(dn.lastError, /connect/i);
  const lt = row(d.db, later);
  assert.equal(lt.attempts, 2);
  const now2 = Math.floor(Date.now() / 1000);
  assert.ok(lt.nextAt > now2 + 90 && lt.nextAt <= now2 + 120, `second backoff about 120 s (${lt.nextAt - now2})`);

  // Back up: once due, it is sent.
  const smtp2 = await startSmtp(inbox);
  sql(d.db, `UPDATE outbox SET next_at = 0 WHERE id = ${down}`);
  assert.match(deliver(d.db, smtp2.port), /outbox: 1 sent, 0 to retry, 0 failed/);
  assert.equal(row(d.db, down).state, 'sent');
  assert.equal(readdirSync(inbox).filter((f) => f.endsWith('.eml')).length, 2);

  // The operator's list of a dossier's messages.
  const code = sql(d.db, 'SELECT code FROM dossiers ORDER BY id LIMIT 1');
  const list = spawnSync(bin, ['outbox', 'list', '--db', d.db, code], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /\temail\thoa@example\.vn\tsent\tattempts=0\t/);
  assert.match(list.stdout, /\temail\trefuse5@example\.vn\tfailed\tattempts=1\t/);
  await smtp2.stop();
});

test('STARTTLS required: a server without it is never sent plain text', async () => {
  const d = makeDatabase({ dossiers: 3 });
  dbs.push(d);
  const inbox = join(d.dir, 'inbox');
  spawnSync('mkdir', ['-p', inbox]);
  const smtp = await startSmtp(inbox);
  const id = queue(d.db, 'email', 'hoa@example.vn', 'Hồ sơ', 'nội dung');
  assert.match(deliver(d.db, smtp.port, ['--mail-starttls']), /outbox: 0 sent, 1 to retry/);
  assert.equal(row(d.db, id).state, 'queued');
  assert.equal(readdirSync(inbox).length, 0);
  await smtp.stop();
});

test('serve: the delivery thread writes the maildir and the SMS log, and stops at SIGTERM', async () => {
  const d = makeDatabase({ dossiers: 3 });
  dbs.push(d);
  const email = queue(d.db, 'email', 'hoa@example.vn', 'Hồ sơ đã được tiếp nhận', 'Kính gửi bà Hoa');
  const sms = queue(d.db, 'sms', '+84901234567', '', 'Hồ sơ đã được tiếp nhận');
  const srv = await startServer(d.db, { extraArgs: ['--outbox-poll', '1'] });
  const newDir = join(d.dir, 'mail', 'new');
  for (let i = 0; i < 100 && row(d.db, sms).state !== 'sent'; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(row(d.db, email).state, 'sent');
  assert.equal(row(d.db, sms).state, 'sent');
  const files = readdirSync(newDir);
  assert.equal(files.length, 1);
  assert.deepEqual(readdirSync(join(d.dir, 'mail', 'tmp')), []);
  const text = readFileSync(join(newDir, files[0]), 'utf8');
  assert.match(text, /^Date: .*\nFrom: no-reply@motcua\.local\nTo: hoa@example\.vn\nSubject: =\?UTF-8\?B\?/);
  assert.match(readFileSync(join(d.dir, 'sms.log'), 'utf8'), /\t\+84901234567\tHồ sơ đã được tiếp nhận\n$/);
  assertCleanExit(await srv.stop());
});

test('outbox deliver: bad settings exit 2 and say which', () => {
  const d = makeDatabase({ dossiers: 3 });
  dbs.push(d);
  const r = spawnSync(bin, ['outbox', 'deliver', '--db', d.db, '--once', '--mail', 'pigeon://x'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--mail must be 'maildir' or smtp:\/\/host:port/);
  const s = spawnSync(bin, ['outbox', 'frobnicate', '--db', d.db], { encoding: 'utf8' });
  assert.equal(s.status, 2);
  const h = spawnSync(bin, ['outbox', '--help'], { encoding: 'utf8' });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /usage: motcua outbox/);
  assert.match(h.stdout, /--mail-starttls/);
});
