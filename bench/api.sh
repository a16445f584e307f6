# api.sh - sourced by bench/run.sh (section `api`, issue 9 §7-9; docs/api.md): on the desk
# section's BENCH_DESK_DOSSIERS database (seeded by bench/desk.sh when not cached yet):
#  - the reports API with a Bearer token, one request at a time (wrk -t1 -c1): p99 of the
#    on-time report of the year by unit and of the Decision 766 index, province-wide;
#  - the public transparency page under load (wrk -cBENCH_CONNECTIONS) as a ratio to the
#    lookup of section http when it ran in this run (else to the lookup form page, GET
#    /tra-cuu, measured here the same way);
#  - a search export of up to 100,000 rows as XLSX (the administrator of H29 searching every
#    returned dossier; SEARCH_CSV_MAX caps it): wall time, rows, size, and the server's peak
#    RSS (VmHWM) before and after, on a freshly started server (targets: < 10 s, < 100 MB).
ND=${BENCH_DESK_DOSSIERS:-10000000}
dcached=$CACHE/desk-$ND-seed1-$SEED_VERSION.db
if [ ! -s "$dcached" ]; then
	echo "== api: the desk database is not cached yet: running section desk first"
	. bench/desk.sh
fi
[ -s "$dcached" ] || { echo "api: no database: skipped"; return 0 2>/dev/null || exit 0; }
"$BIN" migrate --db "$dcached" >/dev/null
API_SECS=${BENCH_API_SECONDS:-$SECS}
year=$(date +%Y)
atok=$("$BIN" token add --db "$dcached" --name "bench $(date +%s)" --unit H29 | tail -n 1)

db_saved=${db:-}
db=$dcached
start_server
api_run() { # api_run NAME PATH: one connection with the token; prints "NAME p50 p99"
	out=$(wrk -t1 -c1 -d"${API_SECS}s" --latency -H "Authorization: Bearer $atok" "$base$2")
	p50=$(echo "$out" | awk '$1=="50%"{print $2}')
	p99=$(echo "$out" | awk '$1=="99%"{print $2}')
	rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
	bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
	printf '%-22s p50 %8s   p99 %8s   (%s req/s, one at a time)%s\n' "$1" "$p50" "$p99" "$rps" \
		"${bad:+   non-2xx $bad}"
}
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $atok" \
	"$base/api/v1/reports/ontime?from=$year-01-01&to=$year-12-31")
[ "$code" = 200 ] || echo "api: the report answered $code"
api_run api-ontime-year "/api/v1/reports/ontime?from=$year-01-01&to=$year-12-31&group=unit"
api_run api-ontime-field "/api/v1/reports/ontime?from=$year-01-01&to=$year-12-31&group=field"
api_run api-index766-year "/api/v1/reports/index766?from=$year-01-01&to=$year-12-31"

wrk_run transparency "$base/minh-bach"
if [ -s "$work/lookup.rps" ]; then
	echo "transparency / lookup  $(echo "scale=2; $(cat "$work/transparency.rps") / $(cat "$work/lookup.rps")" | bc)  (lookup of section http)"
else
	wrk_run lookup-form "$base/tra-cuu"
	echo "transparency / lookup  $(echo "scale=2; $(cat "$work/transparency.rps") / $(cat "$work/lookup-form.rps")" | bc)  (the lookup form page on this server)"
fi
stop_server

# the export, on a fresh server so that its peak RSS is the export's
start_server
ajar=$work/api.jar
ACSRF=$(csrf_of "$base/dang-nhap" "$ajar")
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$ajar" -c "$ajar" --data-urlencode "csrf=$ACSRF" \
	--data-urlencode username=admin --data-urlencode password=motcua-demo-2026 "$base/dang-nhap")
[ "$code" = 303 ] || echo "api: the administrator's sign-in answered $code"
xlsx_export() { # xlsx_export NAME PATH: time one XLSX export, count its rows, peak RSS around it
	before=$(awk '/VmHWM/{print $2}' /proc/$sp/status)
	out=$(curl -s -b "$ajar" -o "$work/export.xlsx" -w '%{http_code} %{time_total} %{size_download}' \
		"$base$2")
	after=$(awk '/VmHWM/{print $2}' /proc/$sp/status)
	label=$1
	set -- $out
	xrows=$(unzip -p "$work/export.xlsx" xl/worksheets/sheet1.xml 2>/dev/null | grep -o '<row ' | wc -l)
	echo "$label $2 s, $((xrows - 1)) rows, $(($3 / 1048576)) MiB (HTTP $1; target < 10 s)"
	echo "  server peak RSS      $((before / 1024)) MiB before, $((after / 1024)) MiB after (target < 100 MB)"
}
# the dossiers received province-wide in June (the dashboard's drill-down list: on 10M
# dossiers over 3 years about 140,000 rows), then the staff search of every returned dossier
# (no unit: the province-wide status filter sorts all of them before the first row)
xlsx_export "xlsx drill-down list  " "/bao-cao/danh-sach/xuat?period=month&year=$year&month=6&figure=received&format=xlsx"
xlsx_export "xlsx search export    " "/can-bo/tim-kiem.xlsx?trang_thai=returned"
stop_server
db=$db_saved
