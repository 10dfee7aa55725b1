#!/usr/bin/env bash
# Debian packages the test suite needs: chromium (drives code-server for the end-to-end tests),
# libkrb5-dev (headers code-server's kerberos addon builds against), neovim (a second real LSP
# client). Installs the missing ones (apt-install.sh: apt-get as root; otherwise says what to install).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
exec bash "$(dirname "$0")/apt-install.sh" system-deps "${missing[@]}"
