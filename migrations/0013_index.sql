-- 0013: the Decision 766 configuration with groups and kinds, entered indicators, and the PAR
-- index (criteria from a file, scores entered per unit and year). Issue 9 §5-6, issue 10 §6;
-- docs/index766.md, docs/par.md. New tables and ADD COLUMN only.

-- The groups of the index (their maxima sum to 100); an indicator's points count towards its
-- group and a group never gives more than its maximum (payment: 6 + 2 + 2.5 capped at 10).
CREATE TABLE index_groups (
	id TEXT PRIMARY KEY,			-- 'transparency', 'progress', ...
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	max_points REAL NOT NULL,
	sort INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO index_groups (id, name, name_en, max_points, sort) VALUES
	('transparency', 'Công khai, minh bạch', 'Transparency', 18, 1),
	('progress', 'Tiến độ giải quyết', 'Progress of resolution', 20, 2),
	('online', 'Dịch vụ công trực tuyến', 'Online services', 12, 3),
	('payment', 'Thanh toán trực tuyến', 'Online payment', 10, 4),
	('digitisation', 'Số hóa hồ sơ', 'Digitisation', 22, 5),
	('satisfaction', 'Mức độ hài lòng', 'Satisfaction', 18, 6);

-- kind: 'computed' (motcua computes it: the ids index766.c knows), 'entered' (a leader or an
-- administrator enters the ratio per unit and period), 'unavailable' (needs a national
-- system; available = 0). available stays 1 for computed and entered rows.
ALTER TABLE index_config ADD COLUMN grp TEXT NOT NULL DEFAULT '';
ALTER TABLE index_config ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE index_config ADD COLUMN kind TEXT NOT NULL DEFAULT 'computed';
ALTER TABLE index_config ADD COLUMN sort INTEGER NOT NULL DEFAULT 0;
-- The same values as config/index766.json (test_index766 loads the file into a fresh
-- database and finds nothing changed).
DELETE FROM index_config;
INSERT INTO index_config (id, name, name_en, grp, max_points, threshold, available, kind, sort)
VALUES
	('1.1', 'Công khai thủ tục trên Cơ sở dữ liệu quốc gia', 'Procedures published in the national database', 'transparency', 6, 1, 1, 'entered', 1),
	('1.2', 'Công khai tiến độ trên Cổng DVC quốc gia', 'Progress published on the national portal', 'transparency', 4, 1, 1, 'entered', 2),
	('1.3', 'Phản ánh, kiến nghị được xử lý', 'Feedback handled', 'transparency', 4, 1, 1, 'entered', 3),
	('1.4', 'Đồng bộ hồ sơ lên Cổng DVC quốc gia', 'Dossiers synchronised to the national portal', 'transparency', 4, 1, 0, 'unavailable', 4),
	('2.1', 'Tiến độ giải quyết hồ sơ', 'Dossiers resolved on time', 'progress', 20, 1, 1, 'computed', 5),
	('3.1', 'Thủ tục cung cấp DVC trực tuyến một phần/toàn trình', 'Procedures offered online (partial or full)', 'online', 2, 0.8, 1, 'computed', 6),
	('3.2', 'DVC trực tuyến phát sinh hồ sơ', 'Online services that received dossiers', 'online', 4, 1, 1, 'computed', 7),
	('3.3', 'Tỷ lệ hồ sơ trực tuyến', 'Share of dossiers received online', 'online', 6, 0.5, 1, 'computed', 8),
	('payment.A', 'Hồ sơ thanh toán trực tuyến / hồ sơ có phí (ước tính)', 'Dossiers paid online / dossiers with fees (estimate)', 'payment', 6, 1, 1, 'computed', 9),
	('payment.B', 'Thủ tục có phí phát sinh thanh toán trực tuyến (ước tính)', 'Fee-bearing procedures paid online (estimate)', 'payment', 2, 0.8, 1, 'computed', 10),
	('payment.C', 'Thủ tục có phí phát sinh hồ sơ (ước tính)', 'Fee-bearing procedures that received dossiers (estimate)', 'payment', 2.5, 1, 1, 'computed', 11),
	('4.1', 'Cấp kết quả điện tử', 'Electronic results issued', 'digitisation', 6, 1, 1, 'computed', 12),
	('4.2', 'Số hóa hồ sơ', 'Dossiers digitised', 'digitisation', 4, 0.8, 1, 'computed', 13),
	('4.3', 'Tái sử dụng dữ liệu đã số hóa', 'Digitised data reused', 'digitisation', 6, 1, 1, 'entered', 14),
	('4.4', 'Kết nối, khai thác cơ sở dữ liệu quốc gia', 'National databases used', 'digitisation', 6, 1, 1, 'entered', 15),
	('5.2', 'Đánh giá trên Cổng DVC quốc gia', 'Ratings on the national portal', 'satisfaction', 6, 1, 1, 'entered', 16),
	('5.3', 'Khảo sát mức độ hài lòng', 'Satisfaction survey', 'satisfaction', 6, 1, 1, 'entered', 17),
	('5.4', 'Mức độ hài lòng', 'Satisfaction from dossiers', 'satisfaction', 6, 0.9, 1, 'computed', 18);

-- Entered indicators: one ratio (0..1) per unit, period and indicator. period: 'YYYY-MM',
-- 'YYYY-Qn' or 'YYYY' (docs/index766.md). Changes are recorded with admin_audit_record.
CREATE TABLE index766_entries (
	unit_id INTEGER NOT NULL REFERENCES units(id),
	period TEXT NOT NULL,
	indicator TEXT NOT NULL,
	value REAL NOT NULL,			-- ratio 0..1
	note TEXT NOT NULL DEFAULT '',		-- evidence link or note
	by_user INTEGER REFERENCES users(id),
	at INTEGER NOT NULL,
	PRIMARY KEY (unit_id, period, indicator)
) WITHOUT ROWID;

-- PAR index (Decision 876 areas): areas and criteria loaded from a file (config/par-sample.json).
CREATE TABLE par_areas (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	max_points REAL NOT NULL,
	sort INTEGER NOT NULL
) WITHOUT ROWID;
-- source: 'entered', or the data rule that pre-fills it: 'ontime', 'apologies', 'online',
-- 'payment', 'digitised', 'satisfaction' (points = min(max, max * ratio / threshold)).
CREATE TABLE par_criteria (
	id TEXT PRIMARY KEY,
	area TEXT NOT NULL REFERENCES par_areas(id),
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	max_points REAL NOT NULL,
	threshold REAL NOT NULL DEFAULT 1,
	source TEXT NOT NULL DEFAULT 'entered',
	sort INTEGER NOT NULL
) WITHOUT ROWID;
-- Points entered per unit and year (an entry overrides a pre-filled value).
CREATE TABLE par_scores (
	unit_id INTEGER NOT NULL REFERENCES units(id),
	year INTEGER NOT NULL,
	criterion TEXT NOT NULL,
	points REAL NOT NULL,
	evidence TEXT NOT NULL DEFAULT '',	-- http(s) URL
	note TEXT NOT NULL DEFAULT '',
	by_user INTEGER REFERENCES users(id),
	at INTEGER NOT NULL,
	PRIMARY KEY (unit_id, year, criterion)
) WITHOUT ROWID;
