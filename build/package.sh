#!/usr/bin/env bash
# Builds the Debian packages (amd64; the hub also for arm64) with dpkg-deb
# into build/packages/:
#   shamil-hub    the hub, its systemd unit, /etc/shamil/hub.env, a nightly backup timer
#   shamil-kiosk  the entrance kiosk, full screen at boot (cage on tty7)
#   shamil-desk   the officers' desk app with its desktop entry
# Usage: build/package.sh [hub] [kiosk] [desk]   (default: all three)
# VERSION (default 0.1.0+git<date>.<commit>), OUT (default build/packages) and
# ARCH (amd64, the default, or arm64: the hub only, as the apps link GTK and
# WebKit through cgo and build on an arm64 machine) may be set in the
# environment. docs/operations.md describes the install.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
export PATH=$PATH:/usr/local/go/bin
arch=${ARCH:-amd64}
if [[ $arch != amd64 && $arch != arm64 ]]; then
	echo "ARCH=$arch: want amd64 or arm64" >&2
	exit 2
fi
version=${VERSION:-0.1.0+git$(date -u +%Y%m%d).$(git rev-parse --short HEAD 2>/dev/null || echo local)}
out=${OUT:-$root/build/packages}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# control writes DEBIAN/control of the package staged in $1.
control() {
	local dir=$1 name=$2 depends=$3 description=$4
	mkdir -p "$dir/DEBIAN"
	cat >"$dir/DEBIAN/control" <<CONTROL
Package: $name
Version: $version
Architecture: $arch
Maintainer: Shamil project <shamil@localhost>
Section: misc
Priority: optional
Depends: $depends
Installed-Size: $(du -sk --exclude=DEBIAN "$dir" | cut -f1)
Homepage: https://github.com/shamil-municipal/shamil
Description: $description
CONTROL
}

# build compiles one command for Linux on $arch into $2.
build() {
	local pkg=$1 dest=$2
	mkdir -p "$(dirname "$dest")"
	if [[ $pkg == hub ]]; then
		CGO_ENABLED=0 GOOS=linux GOARCH=$arch go build -trimpath -ldflags "-s -w" -o "$dest" ./hub
	elif [[ $arch != "$(go env GOHOSTARCH)" ]]; then
		echo "the $pkg app links GTK and WebKit through cgo: build its $arch package on an $arch machine" >&2
		exit 1
	else
		GOOS=linux GOARCH=$arch go build -trimpath -tags desktop,production -ldflags "-s -w" -o "$dest" "./$pkg"
	fi
}

# deb packs a staged folder, owned by root whoever builds it.
deb() {
	local dir=$1 name=$2
	find "$dir" -type d -exec chmod 0755 {} +
	dpkg-deb --root-owner-group --build "$dir" "$out/${name}_${version}_${arch}.deb" >/dev/null
	echo "$out/${name}_${version}_${arch}.deb"
}

hub() {
	local d=$work/shamil-hub
	build hub "$d/usr/bin/shamil-hub"
	install -D -m 0644 build/deb/shamil-hub.service "$d/lib/systemd/system/shamil-hub.service"
	install -D -m 0644 build/deb/shamil-backup.service "$d/lib/systemd/system/shamil-backup.service"
	install -D -m 0644 build/deb/shamil-backup.timer "$d/lib/systemd/system/shamil-backup.timer"
	install -D -m 0755 build/deb/shamil-backup "$d/usr/lib/shamil/shamil-backup"
	install -D -m 0640 build/deb/hub.env "$d/etc/shamil/hub.env"
	install -D -m 0640 hub/catalogues/qatif.yaml "$d/etc/shamil/catalogue.yaml"
	install -D -m 0644 docs/operations.md "$d/usr/share/doc/shamil-hub/operations.md"
	install -D -m 0644 docs/catalogue.md "$d/usr/share/doc/shamil-hub/catalogue.md"
	install -D -m 0644 build/haproxy/shamil.cfg "$d/usr/share/doc/shamil-hub/haproxy.cfg"
	control "$d" shamil-hub "redis-server (>= 5:7.0), adduser" \
		"Shamil hub: one-stop service desk and queue for municipalities
 The hub server: tickets, desks, cases and live events for every kiosk,
 desk, display and citizen, with its own Redis under /var/lib/shamil,
 run by systemd as the shamil user, and a nightly backup timer."
	printf '/etc/shamil/hub.env\n/etc/shamil/catalogue.yaml\n' >"$d/DEBIAN/conffiles"
	cat >"$d/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
	adduser --system --group --home /var/lib/shamil --no-create-home --quiet shamil
	install -d -o shamil -g shamil -m 0750 /var/lib/shamil /var/backups/shamil
	chgrp shamil /etc/shamil/hub.env /etc/shamil/catalogue.yaml
fi
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	systemctl enable shamil-hub.service shamil-backup.timer >/dev/null
	systemctl restart shamil-hub.service
	systemctl start shamil-backup.timer
fi
SCRIPT
	cat >"$d/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
	systemctl disable --now shamil-backup.timer shamil-hub.service >/dev/null || true
fi
SCRIPT
	cat >"$d/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
# The data and the backups stay: removing a package must not lose cases.
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload || true
fi
SCRIPT
	chmod 0755 "$d/DEBIAN/postinst" "$d/DEBIAN/prerm" "$d/DEBIAN/postrm"
	deb "$d" shamil-hub
}

kiosk() {
	local d=$work/shamil-kiosk
	build kiosk "$d/usr/bin/shamil-kiosk"
	install -D -m 0644 build/deb/shamil-kiosk.service "$d/lib/systemd/system/shamil-kiosk.service"
	install -D -m 0644 docs/kiosk.md "$d/usr/share/doc/shamil-kiosk/kiosk.md"
	control "$d" shamil-kiosk "cage, libgtk-3-0, libwebkit2gtk-4.0-37, adduser" \
		"Shamil entrance kiosk, full screen at boot
 Visitors choose a service and take a ticket; the receipt prints through
 CUPS. A systemd unit runs it alone in the cage compositor on tty7."
	cat >"$d/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
	adduser --system --group --home /var/lib/shamil-kiosk --quiet shamil-kiosk
	for g in video render input lpadmin; do
		if getent group "$g" >/dev/null; then adduser --quiet shamil-kiosk "$g"; fi
	done
fi
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	systemctl enable shamil-kiosk.service >/dev/null
fi
SCRIPT
	cat >"$d/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
	systemctl disable --now shamil-kiosk.service >/dev/null || true
fi
SCRIPT
	chmod 0755 "$d/DEBIAN/postinst" "$d/DEBIAN/prerm"
	deb "$d" shamil-kiosk
}

desk() {
	local d=$work/shamil-desk
	build desk "$d/usr/bin/shamil-desk"
	install -D -m 0644 build/deb/shamil-desk.desktop "$d/usr/share/applications/shamil-desk.desktop"
	install -D -m 0644 docs/desk.md "$d/usr/share/doc/shamil-desk/desk.md"
	control "$d" shamil-desk "libgtk-3-0, libwebkit2gtk-4.0-37" \
		"Shamil desk: the officers' app
 Sign in, hold a desk, call and serve visitors and record each visitor's
 case, all from the keyboard."
	deb "$d" shamil-desk
}

packages=("$@")
if ((${#packages[@]} == 0)); then
	packages=(hub kiosk desk)
fi
for p in "${packages[@]}"; do
	case $p in
	hub | kiosk | desk) "$p" ;;
	*)
		echo "usage: $0 [hub] [kiosk] [desk]" >&2
		exit 2
		;;
	esac
done
