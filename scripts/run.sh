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
	echo "run: first start: creating $DB with demo data"
	"$BIN" migrate --db "$DB"
	if ! "$BIN" seed --db "$DB" --dossiers "${MOTCUA_SEED_DOSSIERS:-20000}"; then
		echo "run: seeding failed; removing the half-made $DB" >&2
		rm -f "$DB" "$DB-wal" "$DB-shm"
		exit 1
	fi
else
	"$BIN" migrate --db "$DB" >/dev/null
fi
exec "$BIN" serve --db "$DB" --port "$PORT"
