#!/bin/sh
# run.sh - the whole suite: C unit tests, HTTP tests against a real server, browser tests.
# Adds every suite's counts into the closing line "tests: N passed, N failed".
#   BUILD=build      folder with motcua and the unit test binaries
#   SUITES="sealed unit http e2e"   which parts to run (sealed: tests/check_sealed.sh, one test)
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SUITES=${SUITES:-sealed unit http e2e}
export MOTCUA_BIN="$PWD/$BUILD/motcua"
export MOTCUA_SHARE="$PWD"
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for suite in $SUITES; do
	case $suite in
	sealed)
		# SQLite only in src/store/: counts as one test.
		if sh tests/check_sealed.sh; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
		;;
	unit)
		for t in "$BUILD"/tests/test_*; do
			[ -x "$t" ] || continue
			"$t" >"$log" 2>&1
			rc=$?
			cat "$log"
			line=$(grep -E '^suite [^ ]+: [0-9]+ ok, [0-9]+ failing$' "$log" | tail -n 1)
			if [ -z "$line" ]; then
				echo "suite $(basename "$t"): crashed (exit $rc) before its summary"
				failed=$((failed + 1))
				continue
			fi
			ok=$(echo "$line" | sed -E 's/.*: ([0-9]+) ok.*/\1/')
			bad=$(echo "$line" | sed -E 's/.* ([0-9]+) failing$/\1/')
			[ "$rc" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
			passed=$((passed + ok))
			failed=$((failed + bad))
		done
		;;
	http | e2e)
		files=$(ls tests/"$suite"/*.test.mjs 2>/dev/null)
		[ -n "$files" ] || continue
		# shellcheck disable=SC2086
		node --test --test-concurrency=1 --test-reporter=tap $files >"$log" 2>&1
		rc=$?
		grep -E '^(not ok|# (pass|fail|tests|duration_ms))|^ +(not ok|error|expected|actual|at )' "$log" | head -n 200
		ok=$(grep -E '^# pass [0-9]+' "$log" | tail -n 1 | sed -E 's/# pass //')
		bad=$(grep -E '^# fail [0-9]+' "$log" | tail -n 1 | sed -E 's/# fail //')
		if [ -z "$ok" ]; then
			tail -n 30 "$log"
			echo "suite $suite: node test runner failed (exit $rc) before its summary"
			failed=$((failed + 1))
			continue
		fi
		echo "suite $suite: $ok ok, $bad failing"
		passed=$((passed + ok))
		failed=$((failed + bad))
		;;
	*)
		echo "unknown suite $suite"
		failed=$((failed + 1))
		;;
	esac
done

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
