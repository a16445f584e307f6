# desk.sh - sourced by bench/run.sh (section `desk`, issue 8; docs/worklists.md): the staff
# work lists and search on a BENCH_DESK_DOSSIERS database (default 10,000,000).
# The database is seeded through the engine like the server database, then (once, kept in
# the cache) given a unit BENCH.DESK under H29 with 5,000 open dossiers (processing/received,
# due from 5 days ago to 15 days ahead), 500 waiting for reception and 300 waiting for a
# supplement, inserted by the SQL below (not the engine: the lists read only these columns),
# a clerk `bench.desk` of that unit, and every search key folded (`motcua search-keys`).
# The cached file is served directly (a copy of 10M dossiers is ~15 GB): the run only adds
# session rows to it. Each measurement is wrk -t1 -c1 (one request at a time: p99 is the
# server's own time plus loopback), beside the plain SQL scan that answers the same question
# (sqlite3 NOT INDEXED, timed with .timer).
ND=${BENCH_DESK_DOSSIERS:-10000000}
DESK_SECS=${BENCH_DESK_SECONDS:-$SECS}
dcached=$CACHE/desk-$ND-seed1-$SEED_VERSION.db
if [ ! -s "$dcached" ]; then
	need=$((ND / 1000000 * 1700 + 500))	# MiB: ~1.5 GB per million dossiers and indexes
	avail=$(df -m "$CACHE" | awk 'NR==2{print $4}')
	if [ "$avail" -lt "$need" ]; then
		echo "desk: $need MiB needed for $ND dossiers, $avail MiB free in $CACHE: skipped"
		return 0 2>/dev/null || exit 0
	fi
	echo "== desk: seeding $ND dossiers (first run; cached in $dcached)"
	rm -f "$dcached.part" "$dcached.part.key" "$dcached.part-wal" "$dcached.part-shm"
	"$BIN" migrate --db "$dcached.part" >/dev/null
	start=$(date +%s.%N)
	"$BIN" seed --db "$dcached.part" --dossiers "$ND" --years 3 --seed 1 >/dev/null
	end=$(date +%s.%N)
	echo "desk seed              $(echo "$end - $start" | bc) s for $ND dossiers"
	now=$(date +%s)
	sqlite3 "$dcached.part" <<SQL
INSERT INTO units (code, name, level, parent_id, path)
	SELECT 'BENCH.DESK', 'Bộ phận một cửa (bench)', 'district', id, '' FROM units
	WHERE code = 'H29';
UPDATE units SET path = (SELECT path FROM units WHERE code = 'H29') || id || '/'
	WHERE code = 'BENCH.DESK';
CREATE TEMP TABLE fam(i, s); CREATE TEMP TABLE mid(i, s); CREATE TEMP TABLE giv(i, s);
INSERT INTO fam VALUES (0,'Nguyễn'),(1,'Trần'),(2,'Lê'),(3,'Phạm'),(4,'Hoàng'),(5,'Võ'),(6,'Đặng');
INSERT INTO mid VALUES (0,'Văn'),(1,'Thị'),(2,'Minh'),(3,'Đức'),(4,'Ngọc');
INSERT INTO giv VALUES (0,'An'),(1,'Bình'),(2,'Cường'),(3,'Dũng'),(4,'Hà'),(5,'Lan'),(6,'Phúc'),
	(7,'Quân'),(8,'Sơn'),(9,'Thảo'),(10,'Uyên');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5800)
INSERT INTO dossiers (code, procedure_id, unit_id, channel, applicant, applicant_name, status,
	submitted_at, received_at, due_at, supplement_deadline, version, updated_at)
SELECT printf('BENCH.DESK-261201-%05d', i), (SELECT min(id) FROM procedures),
	(SELECT id FROM units WHERE code = 'BENCH.DESK'), 'counter',
	json_object('name', nm, 'phone', printf('09%08d', i)), nm,
	CASE WHEN i <= 500 THEN 'submitted' WHEN i <= 800 THEN 'supplement'
	     WHEN i % 3 = 0 THEN 'received' ELSE 'processing' END,
	$now - i * 300, CASE WHEN i > 500 THEN $now - i * 300 END,
	CASE WHEN i > 800 THEN $now + (i % 20 - 5) * 86400 + (i % 9) * 3600 END,
	CASE WHEN i > 500 AND i <= 800 THEN $now + (i % 15) * 86400 END, 2, $now
FROM (SELECT i, (SELECT s FROM fam WHERE fam.i = n.i % 7) || ' ' ||
		(SELECT s FROM mid WHERE mid.i = n.i / 7 % 5) || ' ' ||
		(SELECT s FROM giv WHERE giv.i = n.i / 35 % 11) AS nm FROM n);
SQL
	echo "motcua-bench-desk" | "$BIN" user add --db "$dcached.part" --role clerk \
		--unit BENCH.DESK --name "Cán bộ bench" --username bench.desk >/dev/null
	start=$(date +%s.%N)
	"$BIN" search-keys --db "$dcached.part"
	end=$(date +%s.%N)
	echo "desk search keys       $(echo "$end - $start" | bc) s (motcua search-keys over $ND dossiers)"
	rm -f "$dcached.part-wal" "$dcached.part-shm"
	mv "$dcached.part.key" "$dcached.key" 2>/dev/null || true
	mv "$dcached.part" "$dcached"
else
	echo "== desk database: $dcached (cached; delete it to seed again)"
fi
"$BIN" migrate --db "$dcached" >/dev/null
size=$(stat -c %s "$dcached")
echo "desk database size     $((size / 1048576)) MiB"
# bench/risk.sh sources this file with DESK_BUILD_ONLY=1 for the database alone.
if [ -n "${DESK_BUILD_ONLY:-}" ]; then
	return 0
fi

desk_run() { # desk_run NAME PATH: one connection; prints "NAME p50 p99"
	out=$(wrk -t1 -c1 -d"${DESK_SECS}s" --latency -H "Cookie: $dsid" "$base$2")
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
	printf '%-22s p50 %8s   p99 %8s   (%s req/s, one at a time)%s\n' "$1" "$p50" "$p99" "$rps" \
		"${bad:+   non-2xx $bad}"
}
scan_time() { # scan_time SQL: print the wall time of the query in ms (sqlite3 .timer)
	printf '.timer on\n%s\n' "$1" | sqlite3 "$dcached" 2>&1 |
		awk '/Run Time/{printf "%.1f ms", $4 * 1000}'
}

db_saved=${db:-}
db=$dcached
start_server
djar=$work/desk.jar
DCSRF=$(csrf_of "$base/dang-nhap" "$djar")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$djar" -c "$djar" --data-urlencode "csrf=$DCSRF" \
	--data-urlencode username=bench.desk --data-urlencode password=motcua-bench-desk "$base/dang-nhap")
[ "$code" = 303 ] || echo "desk: sign-in answered $code"
dsid=$(cookie_of "$djar" sid)
rows=$(curl -s -b "$djar" "$base/can-bo/viec?list=days3" | grep -o 'BENCH.DESK-261201' | wc -l)
echo "desk due-soon page     $rows rows on the first page"
unit=$(sqlite3 "$dcached" "SELECT id FROM units WHERE code = 'BENCH.DESK'")
t3=$(sqlite3 "$dcached" "SELECT strftime('%s', 'now', '+4 days')")
desk_run desk-intake-queue "/can-bo/viec?list=intake"
echo "  scan                 $(scan_time "SELECT d.id, d.code, d.applicant_name FROM dossiers d NOT INDEXED WHERE d.unit_id = $unit AND d.status = 'submitted' ORDER BY d.submitted_at LIMIT 51;")  (sqlite3: the same rows NOT INDEXED)"
desk_run desk-due-soon "/can-bo/viec?list=days3"
echo "  scan                 $(scan_time "SELECT d.id, d.code FROM dossiers d NOT INDEXED WHERE d.unit_id = $unit AND (d.status = 'received' OR d.status = 'processing') AND d.due_at >= strftime('%s','now') AND d.due_at < $t3 ORDER BY d.due_at LIMIT 51;")"
desk_run desk-search-name "/can-bo/tim-kiem?ten=nguyen+van+an"
echo "  scan                 $(scan_time "SELECT d.id, d.code FROM dossiers d NOT INDEXED WHERE d.unit_id = $unit AND d.code IS NOT NULL AND lower(d.applicant_name) LIKE 'nguyễn văn an%' ORDER BY d.applicant_name LIMIT 51;")  (diacritics typed: a scan cannot fold them)"
desk_run desk-home-badges "/can-bo"
stop_server
db=$db_saved
