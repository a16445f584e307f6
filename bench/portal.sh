# portal.sh - section 7 of bench/run.sh (sourced by it, not run alone): the citizen portal of
# issue 7. Uses run.sh's helpers and variables (db, work, pdf, bytes, BIN, BUILD, SECS, ...).
#   (a) peak RSS of the server while UPLOAD_CLIENTS (20) signed-in clients each upload a
#       different 9 MB PDF at the same time, each sending at most UPLOAD_RATE (2M) bytes/s
#       like a phone would (so they really overlap); against the RSS before they start.
#   (b) complete e-form submissions per second (bench/portal_submit.mjs: GET the blank form,
#       POST it with action=submit; the server commits with synchronous=FULL, src/store/db.c)
#       as a ratio to the engine's live event rate of this run (bench_engine), and the lookup
#       (wrk, bench/lookup.lua) while the submissions run. "not available" while
#       GET /thu-tuc/CODE/nop answers 404.
# shellcheck shell=sh disable=SC2154,SC2034
echo "== citizen portal (issue 7)"

# (a) peak RSS while UPLOAD_CLIENTS clients upload at once
start_server
pjar=$work/portal.jar
if sign_in "$pjar"; then
	i=0
	while [ $i -lt "$UPLOAD_CLIENTS" ]; do
		cp "$pdf" "$work/par-$i.pdf"
		printf 'p%02d' $i | dd of="$work/par-$i.pdf" bs=1 seek=$((bytes - 3)) conv=notrunc status=none
		i=$((i + 1))
	done
	PCSRF=$(csrf_of "$base/tai-khoan/giay-to" "$pjar")
	# the baseline: signed in (its Argon2id hash has come and gone), one page served
	before_rss=$(awk '/VmRSS/{print $2}' /proc/"$sp"/status)
	before_hwm=$(awk '/VmHWM/{print $2}' /proc/"$sp"/status)
	# reset the high-water mark (Linux >= 4.0: "5" clears VmHWM to the current RSS), so the
	# figure is the uploads' peak and not the sign-in's Argon2id buffer
	if echo 5 >/proc/"$sp"/clear_refs 2>/dev/null; then reset="reset before the uploads"; else
		reset="NOT reset: includes the sign-in"; fi
	# a sampler as a cross-check of VmHWM
	( while kill -0 "$sp" 2>/dev/null; do awk '/VmRSS/{print $2}' /proc/"$sp"/status 2>/dev/null; sleep 0.05; done ) \
		>"$work/rss-samples" & sampler=$!
	rate_opt=""
	cap=uncapped
	[ "$UPLOAD_RATE" = 0 ] || { rate_opt="--limit-rate $UPLOAD_RATE"; cap="capped at $UPLOAD_RATE/s"; }
	start=$(date +%s.%N)
	pids=""
	i=0
	while [ $i -lt "$UPLOAD_CLIENTS" ]; do
		# shellcheck disable=SC2086
		curl -s -o /dev/null -w '%{http_code}\n' $rate_opt -b "$pjar" -F "csrf=$PCSRF" \
			-F "title=Song song $i" -F "file=@$work/par-$i.pdf;type=application/pdf" \
			"$base/tai-khoan/giay-to" >"$work/par-$i.code" & pids="$pids $!"
		i=$((i + 1))
	done
	for p in $pids; do wait "$p" || true; done
	end=$(date +%s.%N)
	peak=$(awk '/VmHWM/{print $2}' /proc/"$sp"/status)
	kill $sampler 2>/dev/null || true
	wait $sampler 2>/dev/null || true
	sampled=$(sort -n "$work/rss-samples" | tail -n 1)
	okn=$(cat "$work"/par-*.code | grep -c '^303$' || true)
	echo "portal upload RSS      before $(mib "$before_rss") MiB (peak so far $(mib "$before_hwm") MiB, sign-in included)"
	echo "portal upload RSS      peak $(mib "$peak") MiB while $UPLOAD_CLIENTS clients uploaded 9 MB PDFs at once (VmHWM $reset; sampled max $(mib "${sampled:-0}") MiB; target < 150 MB)"
	echo "portal upload          $okn of $UPLOAD_CLIENTS answered 303 in $(echo "scale=1; ($end - $start) / 1" | bc) s (each sender $cap)"
	rm -f "$work"/par-*.pdf
else
	echo "portal upload RSS      not measured: the demo citizen could not sign in"
fi
stop_server

# (b) e-form submissions against the engine's live event rate, and the lookup meanwhile
live=""
[ -s "$work/engine.out" ] && live=$(awk '/^live events/{print $3}' "$work/engine.out")
if [ -z "$live" ] && [ -x "$BUILD/bench_engine" ]; then
	# the engine section did not run in this invocation (BENCH_ONLY): measure the live rate now
	mkdir -p "$work/portal-engine"
	"$BUILD/bench_engine" --dir "$work/portal-engine" --report-dossiers 0 --import-dossiers 0 \
		--live-dossiers "${BENCH_LIVE_DOSSIERS:-2000}" >"$work/portal-engine.out"
	grep '^live events' "$work/portal-engine.out"
	live=$(awk '/^live events/{print $3}' "$work/portal-engine.out")
fi
# "Without attachments": the benchmark's own copy of 1.001193 (the same 14-field e-form) whose
# components are all optional, so a submission is complete with the e-form alone.
"$BIN" import catalog --db "$db" bench/portal-catalog.json >/dev/null
start_server
# First alone (the rate), then again beside the lookup load (the lookup's p99 meanwhile): two
# processes on 2 cores would otherwise halve each other's figures.
node bench/portal_submit.mjs --base "$base" --procedure "$PORTAL_PROCEDURE" \
	--catalog bench/portal-catalog.json \
	--clients "$PORTAL_CLIENTS" --seconds "$SECS" >"$work/submit.out" 2>&1 || true
if grep -q '^portal-submit ok=' "$work/submit.out"; then
	node bench/portal_submit.mjs --base "$base" --procedure "$PORTAL_PROCEDURE" \
		--catalog bench/portal-catalog.json \
		--clients "$PORTAL_CLIENTS" --seconds "$((SECS + 2))" >"$work/submit2.out" 2>&1 & np=$!
	tries=0
	while [ $tries -lt 100 ] && kill -0 $np 2>/dev/null && ! grep -q '^portal-submit' "$work/submit2.out"; do
		sleep 0.1
		tries=$((tries + 1))
	done
	CSRF=$(csrf_of "$base/tra-cuu" "$work/anon.jar")
	CSRF_COOKIE=$(cookie_of "$work/anon.jar" csrf)
	LOOKUPS="$work/lookups.txt" wrk_run lookup-during-submits "$base/tra-cuu" -s bench/lookup.lua
	wait $np || true
	echo "submissions meanwhile  $(grep '^portal-submit ok=' "$work/submit2.out" | sed 's/^portal-submit //')"
fi
if grep -q 'not-available' "$work/submit.out"; then
	echo "e-form submissions     not available (GET /thu-tuc/$PORTAL_PROCEDURE/nop answered 404)"
	echo "lookup-during-submits  not available"
elif rate=$(awk '/^portal-submit ok=/{for(i=1;i<=NF;i++) if ($i ~ /^rate=/) print substr($i,6)}' "$work/submit.out") &&
	[ -n "$rate" ]; then
	line=$(grep '^portal-submit ok=' "$work/submit.out")
	echo "e-form submissions     $rate /s  ($(echo "$line" | sed 's/^portal-submit //'))"
	if [ -n "$live" ]; then
		echo "submissions / live     $(echo "scale=3; $rate / $live" | bc)   (live events $live /s, synchronous=FULL both)"
	fi
	grep '^portal-submit first-failure' "$work/submit.out" || true
else
	echo "e-form submissions     failed: $(head -n 3 "$work/submit.out")"
fi
stop_server
