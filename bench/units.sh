# units.sh - sourced by bench/run.sh (section `units`, issue 10 §4; docs/calendar-changes.md):
# the time to save a day off that moves the due dates of BENCH_UNITS_OPEN (100,000) open
# dossiers, each a reschedule event with its counters, in one transaction, on a database of
# BENCH_DOSSIERS seeded dossiers (a fresh copy: the run adds dossiers and a calendar row);
# then `stats verify` must be clean. bench_units receives the open dossiers through the engine
# (batch mode) first; see bench/bench_units.c.
UOPEN=${BENCH_UNITS_OPEN:-100000}
ucached=$CACHE/units-$N-seed1-$SEED_VERSION.db
if [ ! -s "$ucached" ]; then
	echo "== units: seeding $N dossiers (first run; cached in $ucached)"
	rm -f "$ucached.part" "$ucached.part.key" "$ucached.part-wal" "$ucached.part-shm"
	"$BIN" migrate --db "$ucached.part" >/dev/null
	"$BIN" seed --db "$ucached.part" --dossiers "$N" --years 3 --seed 1 >/dev/null
	mv "$ucached.part.key" "$ucached.key" 2>/dev/null || true
	mv "$ucached.part" "$ucached"
fi
cp "$ucached" "$work/units.db"
if [ -f "$ucached.key" ]; then cp "$ucached.key" "$work/units.db.key"; fi
echo "== units: a day off that moves $UOPEN due dates (database of $N dossiers + $UOPEN open)"
"$BUILD/bench_units" --db "$work/units.db" --open "$UOPEN" || echo "units: FAILED"
rm -f "$work/units.db" "$work/units.db.key" "$work/units.db-wal" "$work/units.db-shm"
