#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml [[hooks]]): turns the staged build into an offline app.
#
# 1. Moves the service worker and the web app manifest from public/ up beside index.html:
#    a worker only controls pages at or below its own folder, and the manifest's
#    start_url and scope ("./") are relative to where it sits.
# 2. Stamps a version, a hash of every built file's name and content, into the worker and
#    into index.html (<meta name="release-desk-version">), and writes the list of built
#    files into the worker as its precache list. Any change to the app changes the worker
#    byte-wise, so browsers install the new worker; the page compares the stamped version
#    with the one it last ran to tell the person the app was updated.
# 3. Before that, moves the inline <script type="module"> that trunk writes to load the wasm
#    into a file of its own, start-<hash>.js, so that index.html holds no inline script: its
#    Content-Security-Policy allows none (docs/hosting.md). The name carries a hash of the
#    content, as trunk's own files do, so hosts may cache it for good. The build then fails if
#    any inline script is left in index.html.
set -euo pipefail

staging=${TRUNK_STAGING_DIR:?"run by trunk as a post_build hook (TRUNK_STAGING_DIR unset)"}
cd "$staging"

mv public/sw.js sw.js
mv public/manifest.webmanifest manifest.webmanifest

# Trunk's loader: the lines from `<script type="module">` to the next `</script>`.
loader=$(sed -n '/^<script type="module">$/,/^<\/script>$/{/^<\/\?script/!p}' index.html)
[ -n "$loader" ] || {
    echo "precache.sh: index.html has no inline '<script type=\"module\">' from trunk to move" >&2
    exit 1
}
start="start-$(printf '%s\n' "$loader" | sha256sum | cut -c1-16).js"
printf '%s\n' "$loader" > "$start"
sed -i "/^<script type=\"module\">\$/,/^<\/script>\$/c\\<script type=\"module\" src=\"./$start\"></script>" index.html
if grep -Eq '<script( type="module")?>' index.html; then
    echo "precache.sh: index.html still has an inline script, which its CSP forbids" >&2
    exit 1
fi

# Every file the app is made of, relative to index.html, in a stable order.
mapfile -t files < <(find . -type f ! -name sw.js -printf '%P\n' | LC_ALL=C sort)
version=$({ sha256sum -- "${files[@]}" sw.js; } | sha256sum | cut -c1-16)

list=$(printf '"%s",' "${files[@]}")
list="[${list%,}]"

stamp() {
    local file=$1 pattern=$2 replacement=$3
    grep -q "$pattern" "$file" || {
        echo "precache.sh: $file has no line matching '$pattern' to stamp" >&2
        exit 1
    }
    sed -i "s|$pattern|$replacement|" "$file"
}

stamp sw.js "^const VERSION = 'dev';\$" "const VERSION = '$version';"
stamp sw.js '^const PRECACHE = \[\];$' "const PRECACHE = $list;"
stamp index.html '<meta name="release-desk-version" content="dev"' \
    "<meta name=\"release-desk-version\" content=\"$version\""

echo "precache.sh: version $version, ${#files[@]} files cached for offline use"
