# index.sh - sourced by bench/run.sh (section `index`, issue 9 §3, §5, §6; docs/index766.md):
# the Decision 766 page, the rankings by 766 score and the PAR page on the desk section's
# BENCH_DESK_DOSSIERS database (seeded and cached by bench/desk.sh, which runs first when the
# cached file is missing). One entered indicator and the PAR sample criteria are added (the
# run only adds rows to small tables and sessions). Each measurement is wrk -t1 -c1 (one
# request at a time: p99 is the server's own time plus loopback) as the demo administrator
# (scope H29, the whole tree), beside `motcua report index766` for the same year.
ND=${BENCH_DESK_DOSSIERS:-10000000}
INDEX_SECS=${BENCH_INDEX_SECONDS:-$SECS}
icached=$CACHE/desk-$ND-seed1-$SEED_VERSION.db
if [ ! -s "$icached" ]; then
	echo "== index: the desk database is missing; running the desk section to seed it"
	. bench/desk.sh
fi
if [ -s "$icached" ]; then
"$BIN" migrate --db "$icached" >/dev/null
"$BIN" import par --db "$icached" config/par-sample.json >/dev/null
year=$(date +%Y)
month=$(date +%Y-%m)
start=$(date +%s.%N)
"$BIN" report index766 --db "$icached" --unit H29 --from "$year-01-01" --to "$year-12-31" >/dev/null
end=$(date +%s.%N)
echo "index report index766  $(echo "($end - $start) * 1000" | bc | cut -d. -f1) ms (motcua report index766 --unit H29, year $year, $ND dossiers)"

index_run() { # index_run NAME PATH: one connection; prints "NAME p50 p99"
	out=$(wrk -t1 -c1 -d"${INDEX_SECS}s" --latency -H "Cookie: $isid" "$base$2")
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
	printf '%-22s p50 %8s   p99 %8s   (%s req/s, one at a time)%s\n' "$1" "$p50" "$p99" "$rps" \
		"${bad:+   non-2xx $bad}"
}

db_saved=${db:-}
db=$icached
start_server
ijar=$work/index.jar
ICSRF=$(csrf_of "$base/dang-nhap" "$ijar")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$ijar" -c "$ijar" --data-urlencode "csrf=$ICSRF" \
	--data-urlencode username=admin --data-urlencode password=motcua-demo-2026 "$base/dang-nhap")
[ "$code" = 303 ] || echo "index: sign-in answered $code"
isid=$(cookie_of "$ijar" sid)
ICSRF=$(csrf_of "$base/bao-cao/766" "$ijar")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$ijar" -c "$ijar" --data-urlencode "csrf=$ICSRF" \
	--data-urlencode don_vi=H29 --data-urlencode "ky=$year" --data-urlencode chi_so=1.1 \
	--data-urlencode gia_tri=80 --data-urlencode ghi_chu=bench "$base/bao-cao/766/nhap")
[ "$code" = 303 ] || echo "index: entering 1.1 answered $code"
index_run index-766-year "/bao-cao/766?don_vi=H29&ky=$year"
index_run index-766-month "/bao-cao/766?don_vi=H29&ky=$month"
index_run index-rank-766 "/bao-cao/xep-hang?don_vi=H29&theo=766&ky=$month"
index_run index-par-year "/bao-cao/par?don_vi=H29&nam=$year"
stop_server
db=$db_saved
fi
