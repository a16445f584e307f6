// event.test.mjs - `motcua event`: staff actions applied through the engine from the command
// line (receive, request_supplement, supplement, assign, resolve with a result file, return),
// refusals with a clear message and a non-zero exit, unknown account or code, notifications
// queued as for any live event, and the audit chain and counters still verify.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bin, makeDatabase, removeDir } from '../lib/server.mjs';

const CODE = 'H29.23-990101-0001';	// submitted online by makeDatabase, phone 0909000111
const CLERK = 'motcua.binhchanh';
const LEADER = 'lanhdao.binhchanh';
const SPECIALIST = 'chuyenvien.tuphap';
const root = resolve(new URL('../..', import.meta.url).pathname);
let data;

before(() => { data = makeDatabase({ dossiers: 20, seed: 11 }); });
after(() => removeDir(data.dir));

function motcua(args) {
  const r = spawnSync(bin, args, { env: { ...process.env, MOTCUA_SHARE: root }, encoding: 'utf8', timeout: 20000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const event = (...args) => motcua(['event', '--db', data.db, ...args]);
const sql = (text) => execFileSync('sqlite3', [data.db, text], { encoding: 'utf8' }).trim();
const status = () => sql(`SELECT status FROM dossiers WHERE code = '${CODE}'`);

test('a dossier goes from submitted to returned through motcua event', () => {
  let r = event('--code', CODE, '--kind', 'receive', '--user', CLERK);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^H29\.23-990101-0001: receive submitted -> received, due \d\d:\d\d \d\d\/\d\d\/\d{4}\n$/);
  assert.equal(status(), 'received');
  assert.equal(sql(`SELECT u.username || ' ' || e.actor_role FROM dossier_events e JOIN users u ON u.id = e.actor_id JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '${CODE}' AND e.kind = 'receive'`),
    `${CLERK} clerk`, 'the actor is the named account, with its role');

  // A supplement request without the list of items is refused, in Vietnamese, and changes nothing.
  r = event('--code', CODE, '--kind', 'request_supplement', '--user', CLERK, '--reason', 'Thiếu giấy tờ');
  assert.equal(r.code, 1);
  assert.match(r.err, /Cần ghi rõ các thành phần hồ sơ phải bổ sung\./);
  assert.match(r.err, /\[dossier\.refused\.items_required\]/);
  assert.equal(r.out, '');
  assert.equal(status(), 'received');
  r = event('--code', CODE, '--kind', 'request_supplement', '--user', CLERK, '--reason', 'Thiếu giấy tờ',
    '--items', 'Bản sao giấy chứng sinh');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /request_supplement received -> supplement, due /);
  r = event('--code', CODE, '--kind', 'supplement', '--user', CLERK, '--note', 'Đã nhận bản sao tại quầy');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /supplement supplement -> received/);
  r = event('--code', CODE, '--kind', 'assign', '--user', LEADER, '--department', 'H29.23.TP', '--step', '1');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /assign received -> processing/);

  // A result "PDF" that is really HTML is refused by its content: nothing stored or changed.
  const fake = join(data.dir, 'ket-qua.pdf');
  writeFileSync(fake, '<!doctype html><p>not a pdf</p>');
  r = event('--code', CODE, '--kind', 'resolve', '--user', SPECIALIST, '--result-file', fake);
  assert.equal(r.code, 1);
  assert.match(r.err, /is not a PDF, JPEG or PNG file/);
  assert.equal(status(), 'processing');
  assert.equal(sql(`SELECT count(*) FROM attachments WHERE owner_kind = 'dossier'`), '0');

  const pdf = Buffer.from('%PDF-1.4\n% Giấy khai sinh (bản điện tử)\n%%EOF\n');
  const real = join(data.dir, 'giay-khai-sinh.pdf');
  writeFileSync(real, pdf);
  r = event('--code', CODE, '--kind', 'resolve', '--user', SPECIALIST, '--result-file', real);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /resolve processing -> resolved/);
  const hash = execFileSync('b2sum', ['-l', '256', real], { encoding: 'utf8' }).slice(0, 64);
  assert.match(r.out, new RegExp(`result file ${hash} \\(pdf, ${pdf.length} bytes\\) attached`));
  const stored = join(data.dir, 'files', hash.slice(0, 2), hash);
  assert.ok(existsSync(stored), 'stored under its hash in the file store beside the database');
  assert.deepEqual(readFileSync(stored), pdf);
  assert.equal(sql(`SELECT kind || ' ' || size FROM stored_files WHERE hash = '${hash}'`), `pdf ${pdf.length}`);
  assert.equal(sql(`SELECT a.owner_kind || ' ' || a.file_name || ' ' || a.title || ' ' || u.username FROM attachments a JOIN dossiers d ON d.id = a.owner_id JOIN users u ON u.id = a.uploaded_by WHERE d.code = '${CODE}'`),
    `dossier giay-khai-sinh.pdf Kết quả giải quyết ${SPECIALIST}`);
  assert.equal(sql(`SELECT result_file FROM dossiers WHERE code = '${CODE}'`), hash);
  assert.match(sql(`SELECT e.data FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = '${CODE}' AND e.kind = 'resolve'`),
    new RegExp(`"result_file":"${hash}"`));

  r = event('--code', CODE, '--kind', 'return', '--user', CLERK, '--delivery', 'counter');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /return resolved -> returned/);
  assert.equal(status(), 'returned');

  // Every event that concerns the citizen queued an SMS (the applicant's phone), live.
  assert.equal(sql(`SELECT group_concat(kind, ',') FROM (SELECT e.kind FROM outbox o JOIN dossier_events e ON e.id = o.event_id JOIN dossiers d ON d.id = o.dossier_id WHERE d.code = '${CODE}' AND o.channel = 'sms' AND e.kind <> 'submit' ORDER BY o.id)`),
    'receive,request_supplement,supplement,resolve,return');
  // The log and the counters still agree.
  assert.equal(motcua(['audit', 'verify', '--db', data.db]).code, 0);
  const s = motcua(['stats', 'verify', '--db', data.db]);
  assert.equal(s.code, 0, s.out + s.err);
});

test('refusals exit 1 with a clear message; unknown account, code or kind', () => {
  // Resolved and returned already: not allowed any more (Vietnamese by default, English on request).
  let r = event('--code', CODE, '--kind', 'resolve', '--user', SPECIALIST);
  assert.equal(r.code, 1);
  assert.match(r.err, /Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ\./);
  r = event('--code', CODE, '--kind', 'resolve', '--user', SPECIALIST, '--lang', 'en');
  assert.equal(r.code, 1);
  assert.match(r.err, /This action is not possible in the dossier's current state\. \('resolve' is not allowed for a dossier in state 'returned'\)/);
  // A citizen account cannot receive a dossier.
  r = event('--code', 'H29.23-990101-0002', '--kind', 'assign', '--user', 'congdan');
  assert.equal(r.code, 1);
  assert.match(r.err, /Tài khoản này không có quyền thực hiện thao tác đó với hồ sơ\./);
  r = event('--code', CODE, '--kind', 'resolve', '--user', 'nobody');
  assert.equal(r.code, 1);
  assert.match(r.err, /no active account 'nobody'/);
  r = event('--code', 'H29.23-000000-9999', '--kind', 'receive', '--user', CLERK);
  assert.equal(r.code, 1);
  assert.match(r.err, /Không tìm thấy hồ sơ\./);
  r = event('--code', CODE, '--kind', 'frobnicate', '--user', CLERK);
  assert.equal(r.code, 2);
  assert.match(r.err, /a known --kind/);
  r = event('--code', CODE, '--kind', 'apologise', '--user', LEADER, '--reason', 'x', '--promised', 'tomorrow');
  assert.equal(r.code, 2);
  assert.match(r.err, /--promised must be ISO 8601/);
  // Nothing changed by any of these.
  assert.equal(status(), 'returned');
});
