#!/usr/bin/env bash
# Installs the Debian packages Shamil needs for one purpose, only those
# missing, and checks that Go is present. Quiet when nothing is missing.
#
# Usage: build/deps.sh run|test|bench|ha
#   run    what `make run` needs: redis-server
#   test   what `make test` needs: Redis, PDF and QR tools, a headless browser,
#          what builds the desktop apps and runs them under Xvfb, systemd
#          (systemd-analyze) and cage to check the packages' units (make package),
#          CUPS with a PDF printer (the kiosk's printing test), and Node.js with
#          the npm packages of build/npm (a third-party Open311 client, axe-core)
#   bench  what `make bench` needs: Redis
#   ha     what `make test-ha` needs: Redis with Sentinel, HAProxy
set -euo pipefail

readonly go_min_minor=26 # Go 1.26 or newer

case "${1:-}" in
run) packages=(redis-server) ;;
test) packages=(redis-server redis-tools poppler-utils zbar-tools chromium xvfb
	build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev openbox x11-utils imagemagick xdotool
	nodejs systemd cage cups printer-driver-cups-pdf) ;;
bench) packages=(redis-server redis-tools) ;;
ha) packages=(redis-server redis-tools redis-sentinel haproxy) ;;
*)
	echo "usage: $0 run|test|bench|ha" >&2
	exit 2
	;;
esac

missing=()
for p in "${packages[@]}"; do
	if [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) != "install ok installed" ]]; then
		missing+=("$p")
	fi
done

if ((${#missing[@]} > 0)); then
	echo "deps: installing ${missing[*]}" >&2
	sudo=()
	if ((EUID != 0)); then
		if ! command -v sudo >/dev/null; then
			echo "deps: need root or sudo to install ${missing[*]}" >&2
			exit 1
		fi
		sudo=(sudo)
	fi
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Go: on PATH, or the official tarball's /usr/local/go.
go=$(command -v go || true)
if [[ -z $go && -x /usr/local/go/bin/go ]]; then
	go=/usr/local/go/bin/go
fi
if [[ -z $go ]]; then
	echo "deps: Go 1.$go_min_minor or newer is needed: install it from https://go.dev/dl/ into /usr/local/go" >&2
	exit 1
fi
version=$("$go" env GOVERSION) # e.g. go1.26.8
minor=${version#go1.}
minor=${minor%%.*}
if [[ ! $minor =~ ^[0-9]+$ ]] || ((minor < go_min_minor)); then
	echo "deps: $go is $version; Go 1.$go_min_minor or newer is needed (https://go.dev/dl/)" >&2
	exit 1
fi

# The npm packages the tests use (build/npm/package.json: a third-party Open311
# client, axe-core for the accessibility test), installed again when the list
# changes. NodeSource's nodejs carries npm; Debian's needs the npm package.
npm_dir="$(cd "$(dirname "$0")" && pwd)/npm"
if [[ ${1:-} == test && ! $npm_dir/node_modules/.package-lock.json -nt $npm_dir/package.json ]]; then
	if ! command -v npm >/dev/null; then
		echo "deps: npm is needed for the test clients (apt-get install npm, or Node.js from NodeSource)" >&2
		exit 1
	fi
	npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error >/dev/null
fi
