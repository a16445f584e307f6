# risk.sh - sourced by bench/run.sh (section `risk`, issue 9 §4; docs/at-risk.md): the
# leader's at-risk page on the desk section's database (BENCH_DESK_DOSSIERS, built by
# bench/desk.sh with DESK_BUILD_ONLY=1 when not cached): the unit BENCH.DESK with 5,000 open
# dossiers due from 5 days ago to 15 days ahead. A leader `bench.risk` of that unit is added
# once. Each measurement is wrk -t1 -c1 (one request at a time), beside the plain SQL scan
# that answers the same question (sqlite3 NOT INDEXED).
ND=${BENCH_DESK_DOSSIERS:-10000000}
RISK_SECS=${BENCH_RISK_SECONDS:-$SECS}
dcached=$CACHE/desk-$ND-seed1-$SEED_VERSION.db
DESK_BUILD_ONLY=1 . bench/desk.sh
if [ ! -s "$dcached" ]; then
	echo "risk: no desk database: skipped"
	return 0 2>/dev/null || exit 0
fi
if [ "$(sqlite3 "$dcached" "SELECT count(*) FROM users WHERE username = 'bench.risk'")" = 0 ]; then
	echo "motcua-bench-risk" | "$BIN" user add --db "$dcached" --role leader \
		--unit BENCH.DESK --name "Lãnh đạo bench" --username bench.risk >/dev/null
fi

risk_run() { # risk_run NAME PATH: one connection; prints "NAME p50 p99"
	out=$(wrk -t1 -c1 -d"${RISK_SECS}s" --latency -H "Cookie: $rsid" "$base$2")
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
	printf '%-22s p50 %8s   p99 %8s   (%s req/s, one at a time)%s\n' "$1" "$p50" "$p99" "$rps" \
		"${bad:+   non-2xx $bad}"
}
risk_scan() { # risk_scan SQL: the wall time of the query in ms (sqlite3 .timer)
	printf '.timer on\n%s\n' "$1" | sqlite3 "$dcached" 2>&1 |
		awk '/Run Time/{printf "%.1f ms", $4 * 1000}'
}

db_saved=${db:-}
db=$dcached
start_server
rjar=$work/risk.jar
RCSRF=$(csrf_of "$base/dang-nhap" "$rjar")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$rjar" -c "$rjar" --data-urlencode "csrf=$RCSRF" \
	--data-urlencode username=bench.risk --data-urlencode password=motcua-bench-risk "$base/dang-nhap")
[ "$code" = 303 ] || echo "risk: sign-in answered $code"
rsid=$(cookie_of "$rjar" sid)
total=$(curl -s -b "$rjar" "$base/bao-cao/nguy-co?ngay=3" | grep -o 'data-total="[0-9]*"' | head -1)
echo "risk at-risk page      $total (3 working days), 50 rows a page"
unit=$(sqlite3 "$dcached" "SELECT id FROM units WHERE code = 'BENCH.DESK'")
t4=$(sqlite3 "$dcached" "SELECT strftime('%s', 'now', '+4 days')")
risk_run risk-atrisk-3 "/bao-cao/nguy-co?ngay=3"
echo "  scan                 $(risk_scan "SELECT d.id, d.code FROM dossiers d NOT INDEXED WHERE d.unit_id = $unit AND (d.status = 'received' OR d.status = 'processing') AND d.due_at < $t4 ORDER BY d.due_at LIMIT 51;")  (sqlite3: the same rows NOT INDEXED)"
risk_run risk-atrisk-10-page3 "/bao-cao/nguy-co?ngay=10&trang=3"
start=$(date +%s.%N)
rows=$(curl -s -b "$rjar" "$base/bao-cao/nguy-co.csv?ngay=10" | wc -l)
end=$(date +%s.%N)
echo "risk CSV export        $((rows - 1)) rows in $(echo "($end - $start) * 1000 / 1" | bc) ms"
risk_run risk-charts "/bao-cao/bieu-do"
stop_server
db=$db_saved
