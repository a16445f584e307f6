# users.sh - sourced by bench/run.sh (section `users`, issue 10 item 1; docs/admin-users.md):
# the administration's accounts list with BENCH_USERS accounts (default 100,000). Its own small
# database (the demo units and accounts, no dossiers: the list does not read them), cached,
# with BENCH_USERS accounts inserted by SQL (staff spread over every unit, a tenth citizens).
# Measured one request at a time (wrk -t1 -c1) as the province administrator: the first page,
# a search (every account of the scope is folded per request), a role filter.
NU=${BENCH_USERS:-100000}
USERS_SECS=${BENCH_USERS_SECONDS:-$SECS}
ucached=$CACHE/users-$NU-$SEED_VERSION.db
if [ ! -s "$ucached" ]; then
	echo "== users: $NU accounts (first run; cached in $ucached)"
	rm -f "$ucached.part" "$ucached.part.key"
	"$BIN" migrate --db "$ucached.part" >/dev/null
	"$BIN" seed --db "$ucached.part" --dossiers 0 --seed 1 >/dev/null
	now=$(date +%s)
	sqlite3 "$ucached.part" <<SQL
CREATE TEMP TABLE fam(i, s); CREATE TEMP TABLE giv(i, s);
INSERT INTO fam VALUES (0,'Nguyễn'),(1,'Trần'),(2,'Lê'),(3,'Phạm'),(4,'Hoàng'),(5,'Võ'),(6,'Đặng');
INSERT INTO giv VALUES (0,'Văn An'),(1,'Thị Bình'),(2,'Minh Cường'),(3,'Đức Dũng'),(4,'Ngọc Hà'),
	(5,'Thị Lan'),(6,'Văn Phúc'),(7,'Minh Quân'),(8,'Thị Thảo'),(9,'Ngọc Uyên');
CREATE TEMP TABLE u AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM units;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NU)
INSERT INTO users (username, name, role, unit_id, password_hash, active, created_at, email, phone)
SELECT printf('bench.u%06d', i),
	(SELECT s FROM fam WHERE fam.i = i % 7) || ' ' || (SELECT s FROM giv WHERE giv.i = i / 7 % 10),
	CASE WHEN i % 10 = 0 THEN 'citizen' WHEN i % 3 = 0 THEN 'specialist' ELSE 'clerk' END,
	CASE WHEN i % 10 = 0 THEN NULL ELSE (SELECT id FROM u WHERE k = i % (SELECT count(*) FROM u)) END,
	'!unset', 1, $now, printf('u%06d@example.vn', i), printf('09%08d', i)
FROM n;
SQL
	mv "$ucached.part.key" "$ucached.key" 2>/dev/null || true
	mv "$ucached.part" "$ucached"
fi
"$BIN" migrate --db "$ucached" >/dev/null
users_run() { # users_run NAME PATH: one connection; prints "NAME p50 p99"
	out=$(wrk -t1 -c1 -d"${USERS_SECS}s" --latency -H "Cookie: $usid" "$base$2")
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
	printf '%-22s p50 %8s   p99 %8s   (%s req/s, one at a time)%s\n' "$1" "$p50" "$p99" "$rps" \
		"${bad:+   non-2xx $bad}"
}
db_saved=${db:-}
db=$ucached
start_server
ujar=$work/users.jar
UCSRF=$(csrf_of "$base/dang-nhap" "$ujar")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$ujar" -c "$ujar" --data-urlencode "csrf=$UCSRF" \
	--data-urlencode username=admin --data-urlencode password=motcua-demo-2026 "$base/dang-nhap")
[ "$code" = 303 ] || echo "users: sign-in answered $code"
usid=$(cookie_of "$ujar" sid)
echo "users accounts         $(sqlite3 "$ucached" 'SELECT count(*) FROM users')"
users_run users-list "/quan-tri/nguoi-dung"
users_run users-search "/quan-tri/nguoi-dung?q=nguyen+van+an"
users_run users-role "/quan-tri/nguoi-dung?vai_tro=specialist&trang=20"
stop_server
db=$db_saved
