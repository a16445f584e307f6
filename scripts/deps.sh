#!/bin/sh
# deps.sh - install what motcua needs on Debian 12, and nothing it already has.
#   sh scripts/deps.sh run    build and serve: compiler, pkg-config, the seven libraries (libqrencode:
#                             lookup QR codes; libcurl: the SMTP sender of notifications;
#                             libxlsxwriter: the XLSX exports)
#   sh scripts/deps.sh test   also what the tests need: node + npm (HTTP and browser tests),
#                             chromium, clang's libFuzzer runtime, wrk (benchmarks), nginx-light
#                             and openssl (the reverse-proxy test), python3-aiosmtpd (a real
#                             SMTP server for the notification tests), poppler-utils
#                             (pdftotext: the printed slips' text), and the
#                             npm packages of tests/ (playwright-core and axe-core, pinned in package-lock.json)
# As root it runs apt-get itself; with sudo it uses sudo; otherwise it prints the exact
# apt-get line and stops with status 1.
set -eu
mode=${1:-run}
cd "$(dirname "$0")/.."

need=""
want_pkg() { # want_pkg PACKAGE: queue PACKAGE unless dpkg says it is installed
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || need="$need $1"
}
want_cmd() { # want_cmd COMMAND PACKAGE: queue PACKAGE unless COMMAND is on PATH
	command -v "$1" >/dev/null 2>&1 || need="$need $2"
}

want_cmd cc gcc
want_cmd make make
want_cmd pkg-config pkg-config
for p in libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libqrencode-dev \
	libcurl4-openssl-dev libxlsxwriter-dev; do
	want_pkg "$p"
done
if [ "$mode" = test ]; then
	want_cmd node nodejs
	want_cmd npm npm
	want_cmd chromium chromium
	want_cmd clang clang
	want_pkg libclang-rt-14-dev
	want_cmd wrk wrk
	want_cmd sqlite3 sqlite3
	want_cmd curl curl
	want_cmd bc bc
	[ -x /usr/sbin/nginx ] || need="$need nginx-light"
	want_cmd openssl openssl
	want_pkg python3-aiosmtpd
	want_cmd pdftotext poppler-utils
fi

if [ -n "$need" ]; then
	line="apt-get install -y --no-install-recommends$need"
	if [ "$(id -u)" = 0 ]; then
		echo "deps: installing$need"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q >/dev/null
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $need >/dev/null
	elif command -v sudo >/dev/null 2>&1; then
		echo "deps: installing$need (sudo)"
		sudo apt-get update -q >/dev/null
		# shellcheck disable=SC2086
		sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need >/dev/null
	else
		echo "deps: missing packages. As root, run:"
		echo "  apt-get update && $line"
		exit 1
	fi
fi

if [ "$mode" = test ] && { [ ! -d tests/node_modules/playwright-core ] || [ ! -d tests/node_modules/axe-core ]; }; then
	echo "deps: installing npm packages for the tests"
	(cd tests && npm ci --no-audit --no-fund --silent)
fi
exit 0
