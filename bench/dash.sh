# dash.sh - sourced by bench/run.sh (section `dash`, issue 9 §1; docs/dashboard.md): the
# leader's dashboard page for a whole year, by unit and by field, on the BENCH_DESK_DOSSIERS
# database (default 10,000,000), as the province's administrator (every unit: the largest
# scope) and as the district leader lanhdao.binhchanh (H29.23's subtree). Target: p99 under
# 50 ms. The database is the desk section's cached file (seeded by bench/desk.sh when it is
# missing, which also runs the desk measurements once). Each measurement is wrk -t1 -c1: one
# request at a time, so p99 is the server's own time plus loopback. Each page computes three
# on-time reports (the year, the previous year, the same period last year: the same as the
# previous year for a calendar year) and the index document, all from the counters.
ND=${BENCH_DESK_DOSSIERS:-10000000}
DASH_SECS=${BENCH_DASH_SECONDS:-$SECS}
dcached=$CACHE/desk-$ND-seed1-$SEED_VERSION.db
if [ ! -s "$dcached" ]; then
	echo "== dash: the desk database is missing: seeding it through bench/desk.sh"
	. bench/desk.sh
fi
if [ -s "$dcached" ]; then
	"$BIN" migrate --db "$dcached" >/dev/null
	db_saved=${db:-}
	db=$dcached
	start_server
	dash_sign_in() { # dash_sign_in USER JAR: sign a demo account in; prints the sid cookie
		c=$(csrf_of "$base/dang-nhap" "$2")
		code=$(curl -s -o /dev/null -w '%{http_code}' -b "$2" -c "$2" --data-urlencode "csrf=$c" \
			--data-urlencode "username=$1" --data-urlencode password=motcua-demo-2026 \
			"$base/dang-nhap")
		[ "$code" = 303 ] || echo "dash: sign-in of $1 answered $code" >&2
		cookie_of "$2" sid
	}
	dash_run() { # dash_run NAME COOKIE PATH: one connection; prints "NAME p50 p99"
		out=$(wrk -t1 -c1 -d"${DASH_SECS}s" --latency -H "Cookie: $2" "$base$3")
		p50=$(echo "$out" | awk '$1=="50%"{print $2}')
		p99=$(echo "$out" | awk '$1=="99%"{print $2}')
		rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
		bad=$(echo "$out" | awk '/Non-2xx/{print $5}')
		printf '%-22s p50 %8s   p99 %8s   (%s req/s, one at a time; target p99 < 50 ms)%s\n' \
			"$1" "$p50" "$p99" "$rps" "${bad:+   non-2xx $bad}"
	}
	year=$(date +%Y)
	asid=$(dash_sign_in admin "$work/dash-admin.jar")
	lsid=$(dash_sign_in lanhdao.binhchanh "$work/dash-leader.jar")
	rows=$(curl -s -b "$asid" "$base/bao-cao?period=year&year=$year&group=unit" | grep -c '<tr data-key=')
	echo "dash year by unit      $rows table rows (province, as admin)"
	dash_run dash-year-unit "$asid" "/bao-cao?period=year&year=$year&group=unit"
	dash_run dash-year-field "$asid" "/bao-cao?period=year&year=$year&group=field"
	dash_run dash-district-unit "$lsid" "/bao-cao?period=year&year=$year&group=unit"
	dash_run dash-district-field "$lsid" "/bao-cao?period=year&year=$year&group=field"
	stop_server
	db=$db_saved
fi
