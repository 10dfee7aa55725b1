#!/usr/bin/env bash
# apt-install.sh WHO PACKAGE...: installs the Debian packages among PACKAGE... that are missing, with
# apt-get when run as root; otherwise says what to install and fails. WHO names the caller in messages.
set -euo pipefail

who=$1
shift
[ $# -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "$who: install the Debian packages $* (apt-get install $*) and run again." >&2
  exit 1
fi
echo "$who: installing $* with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$@" >/dev/null
