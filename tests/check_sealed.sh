#!/bin/sh
# check_sealed.sh - the store is sealed (docs/architecture.md): no SQLite outside src/store/.
# Fails when an sqlite3_* call or type, a "sqlite3 *" handle or <sqlite3.h>
# appears in src/ or include/ outside src/store/, or when code there includes the store's own
# header src/store/db_sql.h (SQLite types, the statement cache, db_exec); no header in include/
# names a SQLite type. Also fails on a string literal there that begins with an SQL statement in
# the project's upper-case spelling (SELECT, INSERT INTO, UPDATE x SET, DELETE FROM, PRAGMA,
# BEGIN, COMMIT, ROLLBACK, CREATE/DROP TABLE/INDEX). White-box tests, benchmarks
# and fuzz targets (tests/, bench/) may include db_sql.h. Prints each offending line and
# "sealed: ok" or "sealed: N offending lines"; exits 1 on any.
set -u
cd "$(dirname "$0")/.."

# Files still allowed to use SQLite outside the store, one line each, with the reason.
allowed() {
	case $1 in
	esac
	return 1
}

bad=0
sql='"(SELECT|INSERT INTO|DELETE FROM|PRAGMA|BEGIN|COMMIT|ROLLBACK|CREATE (TABLE|INDEX)|DROP (TABLE|INDEX)|UPDATE [A-Za-z_]+ SET)\b'
hits=$( (grep -rnE --include='*.c' --include='*.h' -e 'sqlite3(_|\.h| *\*)' -e 'include.*db_sql\.h' src include
	grep -rnE --include='*.c' --include='*.h' "$sql" src include) | grep -v '^src/store/' | sort -u)
IFS='
'
for line in $hits; do
	allowed "${line%%:*}" && continue
	echo "$line"
	bad=$((bad + 1))
done
unset IFS
if [ "$bad" -ne 0 ]; then
	echo "sealed: $bad offending lines (SQLite belongs in src/store/ only)"
	exit 1
fi
echo "sealed: ok"
