# Shamil: `make run` starts the hub, `make test` runs every test, `make bench`
# runs the load test. Each first installs what it needs (build/deps.sh).

# The official Go tarball's place, for shells that lack it on PATH.
export PATH := $(PATH):/usr/local/go/bin

HUB := build/bin/hub

.PHONY: run test test-ha bench build clean

run:
	build/deps.sh run
	$(MAKE) --no-print-directory build
	$(HUB) serve --data-dir data --catalogue hub/catalogues/qatif.yaml

# SHAMIL_REQUIRE_REDIS makes a missing redis-server fail the tests instead of
# skipping them.
test:
	build/deps.sh test
	go vet ./...
	SHAMIL_REQUIRE_REDIS=1 go test -race -count=1 ./...

# Several hubs behind the shipped HAProxy configuration, with real servers
# on free ports (hub/hatest, README "Running several hubs"). Not part of
# `make test`: it kills processes and takes its time.
test-ha:
	build/deps.sh ha
	SHAMIL_REQUIRE_REDIS=1 go test -tags ha -race -count=1 -timeout 10m -v ./hub/hatest/

bench:
	build/deps.sh bench
	build/bench.sh

build:
	go build -o $(HUB) ./hub

clean:
	rm -rf build/bin bench-out build/npm/node_modules build/npm/package-lock.json

# The desk officers' app (Wails; needs libgtk-3-dev and libwebkit2gtk-4.0-dev,
# which build/deps.sh test installs). See docs/desk.md.
.PHONY: desk
desk:
	build/deps.sh test
	go build -tags desktop,production -ldflags "-w -s" -o build/bin/desk ./desk

# The entrance kiosk app (Wails, same packages as desk). See docs/kiosk.md.
.PHONY: kiosk
kiosk:
	build/deps.sh test
	go build -tags desktop,production -ldflags "-w -s" -o build/bin/kiosk ./kiosk

# Debian packages for amd64 (shamil-hub, shamil-kiosk, shamil-desk) in
# build/packages/; see docs/operations.md, "Install from packages".
.PHONY: package
package:
	build/deps.sh test
	build/package.sh

# The desk app for Windows (needs the WebView2 runtime there; docs/desk.md).
# Wails on Windows needs no cgo, so it cross-builds from here.
.PHONY: desk-windows
desk-windows:
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -tags desktop,production -ldflags "-w -s -H windowsgui" -o build/bin/desk.exe ./desk
