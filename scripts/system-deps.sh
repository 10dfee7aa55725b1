#!/usr/bin/env bash
# Debian packages the test suite needs: chromium (drives code-server for the end-to-end tests),
# libkrb5-dev (headers code-server's kerberos addon builds against), neovim (a second real LSP
# client), time (GNU time: the peak memory of a lint run in the hostile-workspace tests). Installs the missing ones with apt-get when run as root; otherwise says what to install.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
[ -x /usr/bin/time ] || missing+=(time)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: the tests need the Debian packages ${missing[*]}; install them (apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
