# Release Desk: the commands a person (or CI) runs. Each installs what it needs first
# (.ci/install.sh: idempotent, never asks, never downloads from GitHub).
#
#   make run    build and serve on http://127.0.0.1:$(PORT) with reload (PORT=8080); an
#               empty book in the browser is filled with the demo book at once
#   make test   every check CI runs, ending with "N passed, M failed" (.ci/test.sh)
#   make dist   the release bundle in dist/, to publish on any static host
#   make bench  the domain benchmarks (cargo bench) and the browser benchmarks (storage,
#               release list, first paint)
#   make screenshots  regenerate docs/screenshots/*.png from the demo book

PORT ?= 8080
SHELL := /usr/bin/env bash

# wasm-opt from npm's binaryen comes first: Debian's older binaryen breaks the app.
export PATH := $(CURDIR)/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

.PHONY: run test dist bench screenshots install clean

install:
	@.ci/install.sh build
	@cargo fetch --locked

run: install
	RELEASE_DESK_DEMO=1 trunk serve --offline --address 127.0.0.1 --port $(PORT)

test:
	@.ci/test.sh

dist: install
	trunk build --release --offline

bench: dist
	cargo bench
	for b in tests/bench/*.bench.mjs; do node "$$b" || exit 1; done

screenshots: dist
	node tests/e2e/screenshots.mjs

clean:
	cargo clean
	rm -rf dist
