#!/usr/bin/env bash
# Debian packages the real-program suite's Python workloads import (requests, aiohttp, httpx,
# NumPy), installed into the system Python's dist-packages. `npm run experiments` runs this when
# no python3 on PATH can import them; CI-style setups can call it directly (as root it installs with
# apt-get; otherwise it says what to install).
set -euo pipefail

packages=(python3 python3-requests python3-aiohttp python3-httpx python3-numpy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
exec bash "$(dirname "$0")/../../scripts/apt-install.sh" "real-programs setup" "${missing[@]}"
