#!/usr/bin/env bash
# Fetches the real-world corpus listed in packages.tsv (beside this script), each package at its
# pinned version, into a cache folder outside the repository:
#
#   ${BOUNDWISE_CORPUS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/boundwise-realworld}
#     deb/NAME@VERSION/   the package's usr/lib/python3/dist-packages (python3-aiohttp@.../aiohttp/...)
#     npm/NAME@VERSION/   the package tarball's package/ folder (a scoped @scope/name is @scope+name)
#     NAME@VERSION/.complete   written last, so an interrupted fetch is redone
#
# Outside git on purpose: `boundwise lint` lists a folder inside a git work tree with git, which
# leaves out ignored folders, so a gitignored corpus in the repo would lint as empty.
# Debian packages come through apt-get download (run `apt-get update` once first), npm packages
# through npm pack; both check what they download against their registry's signed or hashed index.
# Idempotent: a package already complete is not fetched again, so the corpus works offline after
# the first run. Prints the corpus folder on its last line.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
LIST="$HERE/packages.tsv"
CORPUS="${BOUNDWISE_CORPUS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/boundwise-realworld}"
mkdir -p "$CORPUS/deb" "$CORPUS/npm"

folder_of() { # source name version -> the package's folder
  printf '%s/%s/%s@%s' "$CORPUS" "$1" "${2//\//+}" "$3"
}

fetch_deb() { # name version dest
  local tmp
  tmp="$(mktemp -d)"
  if ! (cd "$tmp" && apt-get download -q "$1=$2" >/dev/null 2>"$tmp/err"); then
    echo "fetch.sh: apt-get could not download $1=$2 ($(tail -1 "$tmp/err")). Run apt-get update first; if this version has left the archive, pin the current one in packages.tsv and review its findings again." >&2
    rm -rf "$tmp"
    return 1
  fi
  dpkg-deb -x "$tmp"/*.deb "$tmp/x"
  if [ ! -d "$tmp/x/usr/lib/python3/dist-packages" ]; then
    echo "fetch.sh: $1=$2 has no usr/lib/python3/dist-packages; not a Python library package." >&2
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$3"
  mv "$tmp/x/usr/lib/python3/dist-packages" "$3"
  rm -rf "$tmp"
}

fetch_npm() { # name version dest
  local tmp tarball
  tmp="$(mktemp -d)"
  if ! tarball="$(cd "$tmp" && npm pack --silent "$1@$2" 2>"$tmp/err" | tail -1)" || [ ! -f "$tmp/$tarball" ]; then
    echo "fetch.sh: npm pack $1@$2 failed ($(tail -1 "$tmp/err"))." >&2
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$tmp/x"
  tar -xzf "$tmp/$tarball" -C "$tmp/x"
  rm -rf "$3"
  # Nearly every tarball has a package/ folder; a few older ones name it after the package.
  mv "$tmp/x/$(ls "$tmp/x" | head -1)" "$3"
  rm -rf "$tmp"
}

fetched=0
reused=0
failed=0
while IFS=$'\t' read -r source name version _rest; do
  case "$source" in '' | '#'*) continue ;; esac
  dest="$(folder_of "$source" "$name" "$version")"
  if [ -f "$dest/.complete" ]; then
    reused=$((reused + 1))
    continue
  fi
  echo "fetch.sh: $source $name@$version" >&2
  if "fetch_$source" "$name" "$version" "$dest"; then
    touch "$dest/.complete"
    fetched=$((fetched + 1))
  else
    failed=$((failed + 1))
  fi
done <"$LIST"

echo "fetch.sh: $fetched fetched, $reused already there, $failed failed" >&2
[ "$failed" -eq 0 ] || exit 1
echo "$CORPUS"
