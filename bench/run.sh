#!/bin/sh
# run.sh - `make bench`: the figures the issues ask for, in one run, on this machine.
#   BENCH_DOSSIERS (1000000)   dossiers in the server database
#   BENCH_REPORT_DOSSIERS (5000000)  dossiers in the report database (0 to skip)
#   BENCH_SECONDS (10)  wrk duration per run;  BENCH_CONNECTIONS (64)
#   BENCH_WRK_THREADS (2)  wrk threads, enough that wrk is not the limit on this machine
#   BENCH_CACHE (/tmp/motcua-bench-cache)  seeded databases kept for later runs
#   BENCH_ONLY (all)  comma-separated sections to run: http, signin, upload, engine, portal, desk,
#     dash, risk, units, api, catalog, index, users
#   BENCH_DESK_DOSSIERS (10000000)  dossiers in the desk section's database (also the database
#     of the dash section: the leader's dashboard for a year by unit and by field; and of the
#     risk section: the leader's at-risk page)
#   BENCH_UNITS_OPEN (100000)  section units: open dossiers a new day off moves (bench/units.sh)
#   index: the Decision 766 page, rankings and PAR page on the desk database (bench/index.sh)
#   section api (bench/api.sh): the reports API with a token, the transparency page under
#     load, a 100,000-row XLSX export (on the desk database)
#   catalog: the administrator's catalogue page with BENCH_CATALOG_PROCEDURES (2000) procedures
#   BENCH_USERS (100000)  accounts in the users section's database (bench/users.sh)
#     (e.g. BENCH_ONLY=portal BENCH_DOSSIERS=20000 sh bench/run.sh for the citizen portal alone)
# Prints requests/s, p50/p99 latency, the lookup / hello-world ratio, peak RSS, the cost of a
# sign-in and the lookup while 50 sign-ins run at once, upload speed against cp, the engine's
# event rate against a plain insert loop, import rate, report timings and database size, and
# the citizen portal (issue 7): peak RSS while 20 clients upload 9 MB at once, e-form
# submissions per second against the live event rate, the lookup while they run.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/bench}
BIN=$BUILD/motcua
N=${BENCH_DOSSIERS:-1000000}
NR=${BENCH_REPORT_DOSSIERS:-5000000}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
CACHE=${BENCH_CACHE:-/tmp/motcua-bench-cache}
# the generator version of the cached server database: bump when the seed changes
SEED_VERSION=v3
ONLY=${BENCH_ONLY:-}
PORTAL_PROCEDURE=${BENCH_PORTAL_PROCEDURE:-BENCH.001193}
PORTAL_CLIENTS=${BENCH_PORTAL_CLIENTS:-4}
UPLOAD_CLIENTS=${BENCH_UPLOAD_CLIENTS:-20}
UPLOAD_RATE=${BENCH_UPLOAD_RATE:-2M}
work=$(mktemp -d /tmp/motcua-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export MOTCUA_SHARE="$PWD"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; wrk -t$WRK_THREADS -c$CONNS -d${SECS}s"

want() { # want SECTION: true when BENCH_ONLY is empty or names SECTION
	[ -z "$ONLY" ] && return 0
	case ",$ONLY," in *",$1,"*) return 0 ;; *) return 1 ;; esac
}

free_port() { # print a free TCP port on loopback
	python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + $$ % 20000))
}
wrk_run() { # wrk_run NAME URL [wrk args...]: prints "NAME rps p50 p99"
	name=$1; url=$2; shift 2
	out=$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECS}s" --latency "$@" "$url")
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
	printf '%-22s %10s req/s   p50 %8s   p99 %8s%s\n' "$name" "$rps" "$p50" "$p99" "${bad:+   non-2xx $bad}"
	echo "$rps" >"$work/$name.rps"
}

csrf_of() { # csrf_of URL JAR: fetch URL with cookie jar JAR, print the form's csrf token
	curl -s -b "$2" -c "$2" "$1" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'
}
cookie_of() { # cookie_of JAR NAME: print "NAME=value" from a curl cookie jar
	awk -v n="$2" '$6==n{print n "=" $7}' "$1" | tail -n 1
}
start_server() { # start_server: serve $db on a free port; sets sp, port, base
	port=$(free_port)
	"$BIN" serve --db "$db" --port "$port" --threads "$THREADS" --quiet --per-ip 1000 >/dev/null & sp=$!
	base=http://127.0.0.1:$port
	# wait until it answers (start-up work on a large database can take more than a second)
	tries=0
	until curl -s -o /dev/null "$base/healthz" || [ $tries -ge 600 ]; do
		sleep 0.2
		tries=$((tries + 1))
	done
}
stop_server() { # stop_server: stop the server started last
	kill $sp; wait $sp 2>/dev/null || true
}
sign_in() { # sign_in JAR: sign the demo citizen in (cookies in JAR); false when it never could
	# sign-ins still queued from an earlier storm may hold the Argon2id gate: retry until in
	tries=0
	while :; do
		CSRF=$(csrf_of "$base/dang-nhap" "$1")
		code=$(curl -s -o /dev/null -w '%{http_code}' -b "$1" -c "$1" --data-urlencode "csrf=$CSRF" \
			--data-urlencode username=congdan --data-urlencode password=motcua-demo-2026 "$base/dang-nhap")
		[ "$code" = 303 ] && return 0
		tries=$((tries + 1))
		[ $tries -lt 20 ] || { echo "sign-in answered $code"; return 1; }
		sleep 1
	done
}
mib() { # mib KB: print KB as MiB with one decimal
	echo "scale=1; $1 / 1024" | bc
}

# 1. seed the server database through the engine (kept in the cache: a later run copies it)
mkdir -p "$CACHE"
if want http || want signin || want upload || want portal; then
cached=$CACHE/server-$N-seed1-$SEED_VERSION.db
if [ ! -s "$cached" ]; then
	echo "== seed: $N dossiers (first run; cached in $cached)"
	rm -f "$cached.part" "$cached.part.key" "$cached.part-wal" "$cached.part-shm"
	# migrated first: a seed into a file that does not exist yet stopped with "database table
	# is locked" when its bulk mode ended (seen 2026-12-01); migrate + seed is what tests do
	"$BIN" migrate --db "$cached.part" >/dev/null
	start=$(date +%s.%N)
	"$BIN" seed --db "$cached.part" --dossiers "$N" --years 3 --seed 1 \
		--lookups-out "$cached.lookups" --lookups 20000 >/dev/null
	end=$(date +%s.%N)
	echo "seed                   $(echo "$end - $start" | bc) s for $N dossiers"
	rm -f "$cached.part-wal" "$cached.part-shm"
	mv "$cached.part.key" "$cached.key"
	mv "$cached.part" "$cached"
else
	echo "== server database: $cached (cached; delete it to time the seed again)"
fi
db=$work/bench.db
cp "$cached" "$db"
cp "$cached.key" "$db.key"
cp "$cached.lookups" "$work/lookups.txt"
"$BIN" migrate --db "$db" >/dev/null
size=$(stat -c %s "$db")
echo "database size          $((size / 1048576)) MiB  ($(echo "scale=1; $size * 1000000 / $N / 1048576" | bc) MiB per million dossiers)"
fi

# 2. hello world baseline
if want http; then
cc -O2 -o "$work/hello" bench/hello.c -lmicrohttpd
port=$(free_port)
"$work/hello" "$port" "$THREADS" & hp=$!
sleep 0.5
wrk_run hello-world "http://127.0.0.1:$port/"
kill $hp; wait $hp 2>/dev/null || true

# 3. the real server: lookup and catalogue search
start_server
export CSRF CSRF_COOKIE
CSRF=$(csrf_of "$base/tra-cuu" "$work/anon.jar")
CSRF_COOKIE=$(cookie_of "$work/anon.jar" csrf)
LOOKUPS="$work/lookups.txt" wrk_run lookup "$base/tra-cuu" -s bench/lookup.lua
wrk_run catalogue-search "$base/thu-tuc?q=dang+ky"
rss=$(awk '/VmHWM/{print $2}' /proc/$sp/status)
echo "server peak RSS        $((rss / 1024)) MiB"
echo "lookup / hello-world   $(echo "scale=2; $(cat "$work/lookup.rps") / $(cat "$work/hello-world.rps")" | bc)"
stop_server
fi
export CSRF CSRF_COOKIE

# 4. sign-in: one Argon2id check, one whole sign-in, then the lookup while 50 run at once
if want signin; then
start_server
if [ -x "$BUILD/bench_auth" ]; then
	"$BUILD/bench_auth" --runs 9
fi
CSRF=$(csrf_of "$base/dang-nhap" "$work/anon.jar")
CSRF_COOKIE=$(cookie_of "$work/anon.jar" csrf)
one=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -b "$CSRF_COOKIE" \
	--data-urlencode "csrf=$CSRF" --data-urlencode username=congdan \
	--data-urlencode password=motcua-demo-2026 "$base/dang-nhap")
echo "one sign-in (HTTP)     $(echo "$one" | awk '{printf "%.1f ms (status %s)", $2 * 1000, $1}')"
stop_server
start_server
CSRF=$(csrf_of "$base/dang-nhap" "$work/anon.jar")
CSRF_COOKIE=$(cookie_of "$work/anon.jar" csrf)
wrk -t1 -c50 -d"$((SECS + 2))s" --latency -s bench/signin.lua "$base/dang-nhap" >"$work/signin.out" 2>&1 &
wp=$!
sleep 1
LOOKUPS="$work/lookups.txt" wrk_run lookup-during-signins "$base/tra-cuu" -s bench/lookup.lua
wait $wp || true
echo "sign-ins meanwhile     $(awk '/Requests\/sec/{print $2}' "$work/signin.out") /s, p99 $(awk '$1=="99%"{print $2}' "$work/signin.out"); $(grep 'answered >= 400' "$work/signin.out")"
rss=$(awk '/VmHWM/{print $2}' /proc/$sp/status)
echo "server peak RSS        $((rss / 1024)) MiB during 50 concurrent sign-ins"
fi

# a 9 MB PDF for the upload sections
pdf=$work/upload.pdf
{ printf '%%PDF-1.7\n'; head -c $((9 * 1048576)) /dev/urandom; printf '\n%%%%EOF\n'; } >"$pdf"
bytes=$(stat -c %s "$pdf")

# 5. upload: a 9 MB PDF through the citizen's document store against cp on the same disk
if want upload; then
# the server of the sign-in storm when it ran (its queued sign-ins are waited for), else a new one
want signin || start_server
jar=$work/citizen.jar
sign_in "$jar" || echo "upload: not signed in"
UPLOADS=5
# five different files made beforehand (no dedupe shortcut), one form token (bound to the
# session): only the uploads themselves are timed
i=0
while [ $i -lt $UPLOADS ]; do
	cp "$pdf" "$work/up-$i.pdf"
	printf '%d' $i | dd of="$work/up-$i.pdf" bs=1 seek=$((bytes - 1)) conv=notrunc status=none
	i=$((i + 1))
done
CSRF=$(csrf_of "$base/tai-khoan/giay-to" "$jar")
start=$(date +%s.%N)
i=0
while [ $i -lt $UPLOADS ]; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -F "csrf=$CSRF" -F "title=Bench $i" \
		-F "file=@$work/up-$i.pdf;type=application/pdf" "$base/tai-khoan/giay-to")
	[ "$code" = 303 ] || echo "upload $i answered $code"
	i=$((i + 1))
done
end=$(date +%s.%N)
up=$(echo "scale=1; $UPLOADS * $bytes / 1048576 / ($end - $start)" | bc)
start=$(date +%s.%N)
i=0
while [ $i -lt $UPLOADS ]; do cp "$work/up-$i.pdf" "$work/copy-$i.pdf"; sync "$work/copy-$i.pdf"; i=$((i + 1)); done
end=$(date +%s.%N)
cpr=$(echo "scale=1; $UPLOADS * $bytes / 1048576 / ($end - $start)" | bc)
echo "upload 9 MB PDF        $up MB/s (HTTP, hashed, fsynced); cp + sync $cpr MB/s; ratio $(echo "scale=2; $up / $cpr" | bc)"
stop_server
elif want signin; then
	stop_server
fi

# 6. the engine: events per second, imports, reports (kept in engine.out for section 7)
if want engine && [ -x "$BUILD/bench_engine" ]; then
	"$BUILD/bench_engine" --dir "$work" --report-dossiers "$NR" --cache "$CACHE" | tee "$work/engine.out"
fi

# 7. the citizen portal (issue 7)
if want portal; then
	. bench/portal.sh
fi

# 8. the one-stop-shop workspace (issue 8): work lists and search on a big database
if want desk; then
	. bench/desk.sh
fi

# 9. the leader's dashboard (issue 9 §1): a year by unit and by field on the desk database
if want dash; then
	. bench/dash.sh
fi

# 10. the leader's at-risk page (issue 9 §4) on the desk database
if want risk; then
	. bench/risk.sh
fi

# 11. administration (issue 10 §4, helper "units"): saving a day off that moves 100,000 due dates
if want units; then
	. bench/units.sh
fi

# 12. leader reports (issue 9): the reports API, the transparency page, the XLSX export
if want api; then
	. bench/api.sh
fi

# 13. the catalogue editor (issue 10 §3): the administrator's catalogue page, 2,000 procedures
if want catalog; then
	. bench/catalog.sh
fi

# 14. leader indexes (issue 9 §3, §5, §6): the 766 page, rankings and PAR on the desk database
if want index; then
	. bench/index.sh
fi

# 15. administration of users (issue 10 §1): the users list and search with many accounts
if want users; then
	. bench/users.sh
fi
