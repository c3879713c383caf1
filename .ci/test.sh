#!/usr/bin/env bash
# Every check of Release Desk, in order, stopping at the first failing step with its name.
# Called by `make test` (and so by .ci/run in CI). Ends with one line "N passed, M failed"
# counting every test run: cargo test (host), wasm-bindgen-test (browser), node --test (e2e).
set -uo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
passed=0
failed=0
started=$SECONDS

totals() { echo "$passed passed, $failed failed"; }

banner() {
    step=$1
    step_started=$SECONDS
    printf '\n==== %s ====\n' "$step"
}

done_step() { printf -- '---- %s: ok (%ss)\n' "$step" $((SECONDS - step_started)); }

fail() {
    printf '\nFAILED at step: %s%s\n' "$step" "${1:+ ($1)}"
    totals
    exit 1
}

# Adds up the "test result: ... N passed; M failed" lines of cargo test and wasm-bindgen-test.
count_cargo() {
    local p f
    read -r p f < <(awk '/^test result: / {
        for (i = 1; i < NF; i++) {
            if ($(i + 1) ~ /^passed;/) p += $i
            if ($(i + 1) ~ /^failed;/) f += $i
        }
    } END { print p + 0, f + 0 }' "$1")
    passed=$((passed + p))
    failed=$((failed + f))
}

# Runs a command, echoing its output and keeping a copy in $logs/$1.log.
run_logged() {
    local name=$1
    shift
    "$@" 2>&1 | tee "$logs/$name.log"
}

banner "install (toolchain, trunk, wasm-bindgen-cli, npm packages, Chromium)"
.ci/install.sh test || fail
cargo fetch --locked || fail "cargo fetch"
done_step

banner "cargo fmt --check"
cargo fmt --all -- --check || fail "run cargo fmt"
done_step

banner "cargo clippy (host, all targets)"
cargo clippy --locked --all-targets -- -D warnings || fail
done_step

# The wasm32 pass lints every target that runs in the browser: the library, the binary and
# the in-browser tests. Host-only targets (domain and tidy tests, criterion benches) need
# native crates such as proptest and are linted by the host pass.
banner "cargo clippy (wasm32: lib, bin, browser tests)"
cargo clippy --locked --target wasm32-unknown-unknown --lib --bins --test 'web_*' -- -D warnings || fail
done_step

banner "host tests (cargo test)"
run_logged host cargo test --locked
status=$?
count_cargo "$logs/host.log"
[ $status = 0 ] || fail
done_step

banner "browser tests (wasm-bindgen-test in headless Chromium)"
run_logged browser cargo test --locked --target wasm32-unknown-unknown --test 'web_*'
status=$?
count_cargo "$logs/browser.log"
[ $status = 0 ] || fail
done_step

banner "trunk build --release --offline"
rm -rf dist
trunk build --release --offline || fail
done_step

banner "size budget (gzip of dist/*.wasm + dist/*.js)"
budget_kb=$(grep -v '^#' .ci/size-budget | tr -dc '0-9')
shopt -s nullglob
# The built files themselves: these patterns end in .wasm and .js, so the pre-compressed
# .br/.gz siblings (.ci/compress.mjs) are never counted.
wasm_files=(dist/*.wasm)
js_files=(dist/*.js)
[ ${#wasm_files[@]} -gt 0 ] && [ ${#js_files[@]} -gt 0 ] || fail "no .wasm or .js in dist/"
gz() { local total=0 f; for f in "$@"; do total=$((total + $(gzip -9 -c "$f" | wc -c))); done; echo $total; }
wasm_bytes=$(gz "${wasm_files[@]}")
js_bytes=$(gz "${js_files[@]}")
total_bytes=$((wasm_bytes + js_bytes))
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
echo "measured: $(kb $total_bytes) gzip (wasm $(kb $wasm_bytes) + js $(kb $js_bytes)); budget: $budget_kb KB (.ci/size-budget)"
# For comparison only (the budget is on gzip): brotli at quality 11, as the .br siblings.
br_wasm=$(node .ci/compress.mjs --measure "${wasm_files[@]}") || fail "brotli size"
br_js=$(node .ci/compress.mjs --measure "${js_files[@]}") || fail "brotli size"
echo "brotli: $(kb $((br_wasm + br_js))) (wasm $(kb $br_wasm) + js $(kb $br_js))"
[ $total_bytes -le $((budget_kb * 1024)) ] || fail "over budget by $(kb $((total_bytes - budget_kb * 1024)))"
done_step

banner "end-to-end tests (playwright-core + Chromium against dist/)"
node --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$logs/e2e.tap" \
    tests/e2e/*.test.mjs
status=$?
p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/e2e.tap")
f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/e2e.tap")
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
[ $status = 0 ] || fail
done_step

printf '\nall steps passed in %ss\n' $((SECONDS - started))
totals
