// slips.mjs - dossiers in the states the statutory slips need (tests/http/slips.test.mjs,
// tests/e2e/slips.test.mjs), through the real importer (each event through the engine) at
// fixed instants, owned by the demo citizen; a second citizen and a clerk of another unit.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from './payments.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const bin = process.env.MOTCUA_BIN || join(root, 'build/motcua');
export const CITIZEN = 'congdan';
export const OTHER_CITIZEN = { username: 'congdan.slip', password: 'mat-khau-thu-nghiem-3' };
// A clerk of a commune: the dossiers (unit H29.23, the district) are outside its subtree.
export const OTHER_CLERK = { username: 'motcua.vinhloca', password: 'mat-khau-thu-nghiem-4' };
export const APPLICANT = {
  name: 'Phạm Thị Phiếu', id_number: '079301000123', phone: '0909123456',
  address: '12 đường Tân Túc, thị trấn Tân Túc, huyện Bình Chánh',
};
export const UNIT_NAME = 'UBND huyện Bình Chánh';
export const PROCEDURE = '1.001193';

// Codes and the slips that apply to each.
export const D = {
  full: 'H29.23-991123-0001',	// received, assigned, supplement round trip, transferred, apology
  refused: 'H29.23-991123-0002',	// refused at reception
  withdrawn: 'H29.23-991123-0003',	// received, then withdrawn
  received: 'H29.23-991123-0004',	// received only
};
export const ITEMS = ['Bản sao Căn cước', 'Giấy xác nhận thông tin cư trú'];
export const SUPPLEMENT_REASON = 'Thiếu giấy tờ chứng minh nơi cư trú';
export const REFUSE_REASON = 'Thủ tục không thuộc thẩm quyền giải quyết của đơn vị';
export const APOLOGY_REASON = 'Chờ kết quả xác minh của cơ quan phối hợp';
export const WITHDRAW_REASON = 'Người nộp không còn nhu cầu giải quyết';
// Local (UTC+7) times the slips must print.
export const RECEIVED_LOCAL = '09:00 23/11/2026';
export const REFUSED_LOCAL = '11:20 23/11/2026';
export const PROMISED_LOCAL = '10:00 10/12/2026';

// "hh:mm dd/mm/yyyy" of epoch seconds in Asia/Ho_Chi_Minh.
export function hmDmy(t) {
  const d = new Date((Number(t) + 7 * 3600) * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

// Import the dossiers of D into data.db (makeDatabase's result), owned by CITIZEN, and add
// OTHER_CITIZEN and OTHER_CLERK.
export function addSlipDossiers(data) {
  const env = { ...process.env, MOTCUA_SHARE: root };
  const base = { lookup_secret: 'PAYTEST2', procedure: PROCEDURE, unit: 'H29.23', channel: 'online', applicant: APPLICANT };
  const rows = [
    { ...base, code: D.full, events: [
      { at: '2026-11-23T01:30:00Z', kind: 'submit' },
      { at: '2026-11-23T02:00:00Z', kind: 'receive' },
      { at: '2026-11-23T02:30:00Z', kind: 'assign', department: 'H29.23.TP' },
      { at: '2026-11-23T03:00:00Z', kind: 'request_supplement', items: ITEMS.join('\n'), reason: SUPPLEMENT_REASON },
      { at: '2026-11-24T02:00:00Z', kind: 'supplement' },
      { at: '2026-11-24T03:00:00Z', kind: 'transfer', department: 'H29.23.TP' },
      { at: '2026-11-25T02:00:00Z', kind: 'apologise', reason: APOLOGY_REASON, promised: '2026-12-10T03:00:00Z' },
    ] },
    { ...base, code: D.refused, events: [
      { at: '2026-11-23T04:00:00Z', kind: 'submit' },
      { at: '2026-11-23T04:20:00Z', kind: 'refuse', reason: REFUSE_REASON },
    ] },
    { ...base, code: D.withdrawn, events: [
      { at: '2026-11-23T01:40:00Z', kind: 'submit' },
      { at: '2026-11-23T02:00:00Z', kind: 'receive' },
      { at: '2026-11-24T08:00:00Z', kind: 'withdraw', reason: WITHDRAW_REASON },
    ] },
    { ...base, code: D.received, events: [
      { at: '2026-11-23T01:50:00Z', kind: 'submit' },
      { at: '2026-11-23T02:00:00Z', kind: 'receive' },
    ] },
  ];
  const file = join(data.dir, 'slips.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  execFileSync(bin, ['import', 'dossiers', '--db', data.db, file], { env, stdio: 'pipe' });
  const add = (role, unit, name, u) => execFileSync(bin, ['user', 'add', '--db', data.db, '--role', role,
    ...(unit ? ['--unit', unit] : []), '--name', name, '--username', u.username],
  { env, input: u.password + '\n', stdio: ['pipe', 'pipe', 'pipe'] });
  add('citizen', null, 'Lê Văn Khác', OTHER_CITIZEN);
  add('clerk', 'H29.23.01', 'Võ Thị Xã', OTHER_CLERK);
  const list = Object.values(D).map((c) => `'${c}'`).join(',');
  sql(data.db, `UPDATE dossiers SET owner_id = (SELECT id FROM users WHERE username = '${CITIZEN}') WHERE code IN (${list})`);
}

// The due time of code as the slips print it.
export function dueLocal(db, code) {
  return hmDmy(sql(db, `SELECT due_at FROM dossiers WHERE code = '${code}'`));
}
// The id of the field (lĩnh vực) of PROCEDURE.
export function fieldId(db) {
  return Number(sql(db, `SELECT field_id FROM procedures WHERE code = '${PROCEDURE}'`));
}
