#!/bin/sh
# run.sh FILES... - build each libFuzzer target (tests/fuzz/fuzz_*.c) with the library and run
# it for FUZZ_SECONDS seconds (default 20) on a scratch copy of tests/fuzz/corpus/<target>/.
# The library is compiled with clang into build/fuzz/ (ASan + UBSan + fuzzer coverage, no
# -Werror). New inputs found stay in tests/fuzz/corpus-work/<target>/ (git-ignored); crash
# files go next to it. A dictionary tests/fuzz/<target>.dict is used when present. Exits
# non-zero when a target fails to build or crashes.
#   FUZZ_CC=clang  FUZZ_SECONDS=20  FUZZ_JOBS=2 (parallel compile jobs)
set -u
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || set -- tests/fuzz/fuzz_*.c
CC=${FUZZ_CC:-clang}
SECS=${FUZZ_SECONDS:-20}
OUT=build/fuzz
WORK=tests/fuzz/corpus-work
PKGS="libmicrohttpd jansson libsodium sqlite3 libqrencode"
PKG_CFLAGS=$(pkg-config --cflags $PKGS 2>/dev/null)
PKG_LIBS=$(pkg-config --libs $PKGS 2>/dev/null)
[ -n "$PKG_LIBS" ] || PKG_LIBS="-lmicrohttpd -ljansson -lsodium -lsqlite3 -lqrencode"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Iinclude $PKG_CFLAGS $SAN \
-DMOTCUA_SHARE_DIR=\"/usr/local/share/motcua\""

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: $CC not found" >&2
	exit 1
fi
mkdir -p "$OUT/obj" "$WORK"

# Library objects: every src/<area>/*.c except the subcommands; rebuilt when the source or
# any header is newer than the object. Targets pull what they need from the archive.
objs=""
newest_h=$(ls -t include/motcua/*.h src/*/*.h 2>/dev/null | head -n 1)
for src in src/*/*.c; do
	case $src in src/cmd/*) continue ;; esac
	obj="$OUT/obj/$(echo "$src" | sed 's|/|_|g; s|\.c$|.o|')"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || { [ -n "$newest_h" ] && [ "$newest_h" -nt "$obj" ]; }; then
		echo "fuzz: cc $src"
		# shellcheck disable=SC2086
		$CC $CFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$obj" || exit 1
	fi
	objs="$objs $obj"
done
rm -f "$OUT/libmotcua.a"
# shellcheck disable=SC2086
ar rcs "$OUT/libmotcua.a" $objs || exit 1

failed=0
for target in "$@"; do
	name=$(basename "$target" .c)
	bin="$OUT/$name"
	echo "fuzz: build $name"
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -fsanitize=fuzzer "$target" "$OUT/libmotcua.a" $PKG_LIBS -lpthread -lm \
		-o "$bin"; then
		echo "fuzz: $name did not build" >&2
		failed=1
		continue
	fi
	rm -rf "${WORK:?}/$name"
	mkdir -p "$WORK/$name"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp tests/fuzz/corpus/"$name"/* "$WORK/$name/" 2>/dev/null
	fi
	dict=""
	[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
	echo "fuzz: run $name for ${SECS}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		$dict -artifact_prefix="$WORK/$name-" "$WORK/$name" >"$WORK/$name.log" 2>&1; then
		tail -n 60 "$WORK/$name.log"
		echo "fuzz: $name FAILED (log $WORK/$name.log, crash files $WORK/$name-*)" >&2
		failed=1
		continue
	fi
	grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$WORK/$name.log" | tail -n 2
	echo "fuzz: $name ok"
done
exit $failed
