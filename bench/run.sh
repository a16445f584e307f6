#!/bin/sh
# run.sh - `make bench`: the figures the issues ask for, in one run, on this machine.
#   BENCH_DOSSIERS (1000000)   dossiers in the server database
#   BENCH_REPORT_DOSSIERS (5000000)  dossiers in the report database (0 to skip)
#   BENCH_SECONDS (10)  wrk duration per run;  BENCH_CONNECTIONS (64)
#   BENCH_WRK_THREADS (2)  wrk threads, enough that wrk is not the limit on this machine
#   BENCH_CACHE (/tmp/motcua-bench-cache)  seeded databases kept for later runs
# Prints requests/s, p50/p99 latency, the lookup / hello-world ratio, peak RSS, the cost of a
# sign-in and the lookup while 50 sign-ins run at once, upload speed against cp, the engine's
# event rate against a plain insert loop, import rate, report timings and database size.
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
work=$(mktemp -d /tmp/motcua-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export MOTCUA_SHARE="$PWD"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; wrk -t$WRK_THREADS -c$CONNS -d${SECS}s"

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

# 1. seed the server database through the engine (kept in the cache: a later run copies it)
mkdir -p "$CACHE"
cached=$CACHE/server-$N-seed1-$SEED_VERSION.db
if [ ! -s "$cached" ]; then
	echo "== seed: $N dossiers (first run; cached in $cached)"
	rm -f "$cached.part" "$cached.part.key" "$cached.part-wal" "$cached.part-shm"
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
echo "database size          $((size / 1048576)) MiB  ($(echo "scale=1; $size / 1048576 / ($N / 1000000)" | bc) MiB per million dossiers)"

# 2. hello world baseline
cc -O2 -o "$work/hello" bench/hello.c -lmicrohttpd
port=$(free_port)
"$work/hello" "$port" "$THREADS" & hp=$!
sleep 0.5
wrk_run hello-world "http://127.0.0.1:$port/"
kill $hp; wait $hp 2>/dev/null || true

# 3. the real server: lookup and catalogue search
port=$(free_port)
"$BIN" serve --db "$db" --port "$port" --threads "$THREADS" --quiet --per-ip 1000 >/dev/null & sp=$!
sleep 1
base=http://127.0.0.1:$port
export CSRF CSRF_COOKIE
CSRF=$(csrf_of "$base/tra-cuu" "$work/anon.jar")
CSRF_COOKIE=$(cookie_of "$work/anon.jar" csrf)
LOOKUPS="$work/lookups.txt" wrk_run lookup "$base/tra-cuu" -s bench/lookup.lua
wrk_run catalogue-search "$base/thu-tuc?q=dang+ky"
rss=$(awk '/VmHWM/{print $2}' /proc/$sp/status)
echo "server peak RSS        $((rss / 1024)) MiB"
echo "lookup / hello-world   $(echo "scale=2; $(cat "$work/lookup.rps") / $(cat "$work/hello-world.rps")" | bc)"

# 4. sign-in: one Argon2id check, one whole sign-in, then the lookup while 50 run at once
if [ -x "$BUILD/bench_auth" ]; then
	"$BUILD/bench_auth" --runs 9
fi
CSRF=$(csrf_of "$base/dang-nhap" "$work/anon.jar")
CSRF_COOKIE=$(cookie_of "$work/anon.jar" csrf)
one=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -b "$CSRF_COOKIE" \
	--data-urlencode "csrf=$CSRF" --data-urlencode username=congdan \
	--data-urlencode password=motcua-demo-2026 "$base/dang-nhap")
echo "one sign-in (HTTP)     $(echo "$one" | awk '{printf "%.1f ms (status %s)", $2 * 1000, $1}')"
kill $sp; wait $sp 2>/dev/null || true
"$BIN" serve --db "$db" --port "$port" --threads "$THREADS" --quiet --per-ip 1000 >/dev/null & sp=$!
sleep 1
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

# 5. upload: a 9 MB PDF through the citizen's document store against cp on the same disk
pdf=$work/upload.pdf
{ printf '%%PDF-1.7\n'; head -c $((9 * 1048576)) /dev/urandom; printf '\n%%%%EOF\n'; } >"$pdf"
jar=$work/citizen.jar
# sign-ins still queued from the storm above may hold the Argon2id gate: retry until in
tries=0
while :; do
	CSRF=$(csrf_of "$base/dang-nhap" "$jar")
	code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "csrf=$CSRF" \
		--data-urlencode username=congdan --data-urlencode password=motcua-demo-2026 "$base/dang-nhap")
	[ "$code" = 303 ] && break
	tries=$((tries + 1))
	[ $tries -lt 20 ] || { echo "upload: sign-in answered $code"; break; }
	sleep 1
done
UPLOADS=5
bytes=$(stat -c %s "$pdf")
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
rss=$(awk '/VmHWM/{print $2}' /proc/$sp/status)
kill $sp; wait $sp 2>/dev/null || true

# 4. the engine: events per second, imports, reports
if [ -x "$BUILD/bench_engine" ]; then
	"$BUILD/bench_engine" --dir "$work" --report-dossiers "$NR" --cache "$CACHE"
fi
