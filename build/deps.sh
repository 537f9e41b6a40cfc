#!/usr/bin/env bash
# Installs the Debian packages Shamil needs for one purpose, only those
# missing, and checks that Go is present. Quiet when nothing is missing.
#
# Usage: build/deps.sh run|test|bench
#   run    what `make run` needs: redis-server
#   test   what `make test` needs: Redis, PDF and QR tools, a headless browser,
#          what builds the desktop apps and runs them under Xvfb, and CUPS
#          with a PDF printer (the kiosk's printing test), and axe-core from
#          npm (the accessibility test)
#   bench  what `make bench` needs: Redis
set -euo pipefail

readonly go_min_minor=26 # Go 1.26 or newer

case "${1:-}" in
run) packages=(redis-server) ;;
test) packages=(redis-server redis-tools poppler-utils zbar-tools chromium xvfb
	build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev openbox x11-utils imagemagick xdotool
	cups printer-driver-cups-pdf) ;;
bench) packages=(redis-server redis-tools) ;;
*)
	echo "usage: $0 run|test|bench" >&2
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

# axe-core (Deque, MPL-2.0) for the accessibility test, from npm into the
# git-ignored build/axe/; the test reads build/axe/node_modules/axe-core/axe.min.js.
readonly axe_version=4.14.1
if [[ ${1:-} == test ]]; then
	root=$(cd "$(dirname "$0")/.." && pwd)
	if [[ $(cat "$root/build/axe/node_modules/axe-core/package.json" 2>/dev/null) != *"\"version\": \"$axe_version\""* ]]; then
		if ! command -v npm >/dev/null; then
			echo "deps: npm is needed to install axe-core (Node.js from https://nodejs.org or NodeSource)" >&2
			exit 1
		fi
		echo "deps: installing axe-core $axe_version into build/axe" >&2
		npm install --prefix "$root/build/axe" --no-save --no-audit --no-fund --silent "axe-core@$axe_version"
	fi
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
