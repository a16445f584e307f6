#!/bin/sh
# run.sh - what `make run` does after building: create, migrate and seed var/motcua.db on the
# first start, then serve. Settings come from the environment:
#   MOTCUA_DB (var/motcua.db)  MOTCUA_PORT (8080)  MOTCUA_SEED_DOSSIERS (20000)  MOTCUA_BIND
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-build/motcua}
DB=${MOTCUA_DB:-var/motcua.db}
PORT=${MOTCUA_PORT:-8080}
mkdir -p "$(dirname "$DB")"
if [ ! -s "$DB" ]; then
	# Build the demo database under another name and rename it only when complete, so an
	# interrupted first start (Ctrl-C, kill, power) never leaves a half-made database behind.
	echo "run: first start: creating $DB with demo data"
	part="$DB.part"
	rm -f "$part" "$part-wal" "$part-shm" "$part.key"
	if ! "$BIN" migrate --db "$part" || ! "$BIN" seed --db "$part" --dossiers "${MOTCUA_SEED_DOSSIERS:-20000}"; then
		echo "run: seeding failed; nothing was kept" >&2
		rm -f "$part" "$part-wal" "$part-shm" "$part.key"
		exit 1
	fi
	rm -f "$part-wal" "$part-shm"	# the seed ends with a checkpoint (TRUNCATE)
	mv "$part.key" "$DB.key"
	mv "$part" "$DB"
else
	"$BIN" migrate --db "$DB" >/dev/null
fi
exec "$BIN" serve --db "$DB" --port "$PORT"
