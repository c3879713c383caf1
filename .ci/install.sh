#!/usr/bin/env bash
# Installs whatever Release Desk's build (and, with `test`, its tests) needs and is missing.
# Idempotent: on a machine that has everything it only checks versions, in a few seconds.
# Never asks a question and never downloads from GitHub: Rust comes through rustup,
# trunk and wasm-bindgen-cli from crates.io, wasm-opt and Playwright from npm (package-lock.json),
# Chromium and its driver from Debian.
#
# Usage: .ci/install.sh [build|test]
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-build}
case $mode in build | test) ;; *) echo "usage: $0 [build|test]" >&2; exit 2 ;; esac

# trunk 0.22 needs a newer Rust than the pinned one; see ../shared/TOOLCHAIN.md.
TRUNK_VERSION=0.21.14

export DEBIAN_FRONTEND=noninteractive
CARGO_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$PWD/node_modules/.bin:$CARGO_BIN:$PATH"

say() { printf '  install: %s\n' "$*"; }
die() { printf 'install: %s\n' "$*" >&2; exit 1; }

sudo_if_needed() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

apt_updated=no
apt_install() {
    command -v apt-get >/dev/null || die "need $* but this is not a Debian-like system; install them by hand"
    if [ $apt_updated = no ]; then
        say "apt-get update"
        sudo_if_needed apt-get update -qq
        apt_updated=yes
    fi
    say "apt-get install $*"
    sudo_if_needed apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

# --- C compiler (some build dependencies of trunk compile C) -------------------------
command -v cc >/dev/null && command -v make >/dev/null || apt_install build-essential

# --- Rust: the toolchain rust-toolchain.toml pins, with wasm32, clippy and rustfmt ------
command -v rustup >/dev/null ||
    die "rustup is missing: install it first (it then installs the toolchain rust-toolchain.toml pins)"
channel=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
[ -n "$channel" ] || die "no channel in rust-toolchain.toml"
if ! rustup toolchain list | grep -q "^$channel"; then
    say "Rust $channel"
    rustup toolchain install "$channel" --profile minimal \
        --target wasm32-unknown-unknown --component clippy,rustfmt
fi
rustup target list --installed --toolchain "$channel" | grep -qx wasm32-unknown-unknown ||
    rustup target add --toolchain "$channel" wasm32-unknown-unknown
for component in clippy rustfmt; do
    rustup component list --installed --toolchain "$channel" | grep -q "^$component" ||
        rustup component add --toolchain "$channel" "$component"
done

# --- trunk --------------------------------------------------------------------------
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "trunk $TRUNK_VERSION (cargo install, about 10 minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- wasm-bindgen-cli: exactly the wasm-bindgen version in Cargo.lock ------------------
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$bindgen" ] || die "no wasm-bindgen in Cargo.lock"
grep -q "^wasm_bindgen = \"$bindgen\"" Trunk.toml ||
    die "Trunk.toml [tools] wasm_bindgen must be \"$bindgen\", the version in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ] ||
    [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" != "wasm-bindgen-test-runner $bindgen" ]; then
    say "wasm-bindgen-cli $bindgen (cargo install, about 3 minutes)"
    # One of its locked dependencies may be missing from the registry mirror; then the
    # unlocked resolution is the documented fallback.
    cargo install wasm-bindgen-cli --version "$bindgen" --locked --force ||
        cargo install wasm-bindgen-cli --version "$bindgen" --force
fi

# --- Node, npm and the packages in package-lock.json (binaryen's wasm-opt, playwright-core)
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.release-desk-lock.sha256
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
    say "npm ci (node_modules missing or older than package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_sum" >"$stamp"
fi
wasm-opt --version 2>/dev/null | grep -q "version 132" ||
    die "wasm-opt 132 not found in node_modules/.bin (binaryen in package.json); Debian's binaryen 108 breaks the app"

# --- Chromium and chromedriver for browser and end-to-end tests -----------------------
if [ "$mode" = test ]; then
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || apt_install chromium chromium-driver
fi

# --- Apache (mod_dav) and nginx (DAV module) for the sync tests -----------------------
# The tests start their own instances on free ports (tests/e2e/dav.mjs); the packages must
# not start system services: a policy-rc.d that says "no" for the install (unless the
# machine has one already), and any instance that started anyway is stopped.
if [ "$mode" = test ]; then
    if [ ! -x /usr/sbin/apache2 ] || [ ! -x /usr/bin/htpasswd ] || [ ! -x /usr/sbin/nginx ]; then
        policy=/usr/sbin/policy-rc.d
        own_policy=no
        if [ ! -e $policy ]; then
            printf '#!/bin/sh\nexit 101\n' | sudo_if_needed tee $policy >/dev/null
            sudo_if_needed chmod 755 $policy
            own_policy=yes
        fi
        apt_install apache2 apache2-utils nginx || { [ $own_policy = no ] || sudo_if_needed rm -f $policy; die "apache2 or nginx"; }
        [ $own_policy = no ] || sudo_if_needed rm -f $policy
        for pidfile in /run/apache2/apache2.pid /run/nginx.pid; do
            [ -s $pidfile ] && sudo_if_needed kill "$(cat $pidfile)" 2>/dev/null || true
        done
    fi
fi

# --- Python's icalendar, the independent parser the calendar export is tested against --
# In a virtual environment of the project's own (.tools/py), pinned in .ci/requirements.txt.
if [ "$mode" = test ]; then
    py=.tools/py/bin/python
    if ! "$py" -c 'import icalendar' 2>/dev/null || ! cmp -s .ci/requirements.txt .tools/py/requirements.txt; then
        command -v python3 >/dev/null || apt_install python3 python3-venv
        say "python venv .tools/py with $(tr '\n' ' ' <.ci/requirements.txt)"
        python3 -m venv .tools/py || { apt_install python3-venv && python3 -m venv .tools/py; }
        .tools/py/bin/pip install --quiet --disable-pip-version-check -r .ci/requirements.txt
        cp .ci/requirements.txt .tools/py/requirements.txt
    fi
fi

say "ready: Rust $channel, $(trunk --version), wasm-bindgen $bindgen, $(wasm-opt --version | cut -d' ' -f1-3), node $(node --version)"
