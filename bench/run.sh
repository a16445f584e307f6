#!/bin/sh
# run.sh - `make bench`: the figures the issues ask for, in one run, on this machine.
#   BENCH_DOSSIERS (1000000)   dossiers in the server database
#   BENCH_REPORT_DOSSIERS (10000000)  dossiers in the report database (0 to skip)
#   BENCH_SECONDS (10)  wrk duration per run;  BENCH_CONNECTIONS (64)
# Prints requests/s, p50/p99 latency, the lookup / hello-world ratio, peak RSS, the engine's
# event rate against a plain insert loop, import rate, report timings and database size.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/bench}
BIN=$BUILD/motcua
N=${BENCH_DOSSIERS:-1000000}
NR=${BENCH_REPORT_DOSSIERS:-10000000}
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
work=$(mktemp -d /tmp/motcua-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export MOTCUA_SHARE="$PWD"

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; wrk -t1 -c$CONNS -d${SECS}s"

free_port() { # print a free TCP port on loopback
	python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + $$ % 20000))
}
wrk_run() { # wrk_run NAME URL [wrk args...]: prints "NAME rps p50 p99"
	name=$1; url=$2; shift 2
	out=$(wrk -t1 -c"$CONNS" -d"${SECS}s" --latency "$@" "$url")
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
	printf '%-22s %10s req/s   p50 %8s   p99 %8s%s\n' "$name" "$rps" "$p50" "$p99" "${bad:+   non-2xx $bad}"
	echo "$rps" >"$work/$name.rps"
}

# 1. seed the server database through the engine
db=$work/bench.db
echo "== seed: $N dossiers"
start=$(date +%s.%N)
"$BIN" seed --db "$db" --dossiers "$N" --years 3 --seed 1 --lookups-out "$work/lookups.txt" --lookups 20000 >/dev/null
end=$(date +%s.%N)
echo "seed                   $(echo "$end - $start" | bc) s for $N dossiers"
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
LOOKUPS="$work/lookups.txt" wrk_run lookup "http://127.0.0.1:$port/tra-cuu" -s bench/lookup.lua
wrk_run catalogue-search "http://127.0.0.1:$port/thu-tuc?q=dang+ky"
rss=$(awk '/VmHWM/{print $2}' /proc/$sp/status)
kill $sp; wait $sp 2>/dev/null || true
echo "server peak RSS        $((rss / 1024)) MiB"
echo "lookup / hello-world   $(echo "scale=2; $(cat "$work/lookup.rps") / $(cat "$work/hello-world.rps")" | bc)"

# 4. the engine: events per second, imports, reports
if [ -x "$BUILD/bench_engine" ]; then
	"$BUILD/bench_engine" --dir "$work" --report-dossiers "$NR"
fi
