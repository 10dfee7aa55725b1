#!/usr/bin/env bash
# Debian packages the test suite needs: chromium (drives code-server for the end-to-end tests),
# libkrb5-dev (headers code-server's kerberos addon builds against), neovim (a second real LSP
# client), time (GNU time: the peak memory of a lint run in the hostile-workspace tests),
# python3-aiohttp (the aiohttp server the server-mode tests load). Installs the missing ones
# (apt-install.sh: apt-get as root; otherwise says what to install).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
[ -x /usr/bin/time ] || missing+=(time)
/usr/bin/python3 -c "import aiohttp" >/dev/null 2>&1 || missing+=(python3-aiohttp)
exec bash "$(dirname "$0")/apt-install.sh" system-deps "${missing[@]}"
