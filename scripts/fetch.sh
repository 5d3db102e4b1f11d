#!/bin/sh
# Puts one locked input into $DL_DIR and proves it is the one in the lock.
# Usage: fetch.sh FILE   (FILE as named in the 4th column of the lock)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
LOCK=${LOCK:-$here/../configs/sources.lock}
DL_DIR=${DL_DIR:-$HOME/.cache/boot2podman/dl}
file=$1

line=$(awk -v f="$file" '$1 !~ /^#/ && $4 == f { print; exit }' "$LOCK")
if [ -z "$line" ]; then
	echo "fetch: '$file' is not in $LOCK; run 'make update-lock' after adding it to a recipe" >&2
	exit 1
fi
# shellcheck disable=SC2086 # split the lock line into its fields
set -- $line
kind=$1 name=$2 version=$3 want=$5

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

check() {
	got=$(sha_of "$1")
	if [ "$got" != "$want" ]; then
		cat >&2 <<MSG
fetch: sha256 mismatch for $file
  expected $want (configs/sources.lock)
  actual   $got ($1)
If the lock is right, delete the file and run make again; if the new file is
intended, run 'make update-lock' and review the diff.
MSG
		return 1
	fi
}

if [ -f "$DL_DIR/$file" ]; then
	check "$DL_DIR/$file"
	exit 0
fi

mkdir -p "$DL_DIR"
tmp=$(mktemp -d "$DL_DIR/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "  FETCH   $file" >&2
get() {
	case "$kind" in
	deb) (cd "$tmp" && "$here/apt.sh" get -qq download "$name=$version") ;;
	src) (cd "$tmp" && "$here/apt.sh" get -qq source --download-only "$name=$version") ;;
	*)
		echo "fetch: unknown kind '$kind' in lock line for $file" >&2
		return 1
		;;
	esac
}
# A stale package index is the usual reason a pinned version is not found.
if ! get >/dev/null 2>"$tmp/err"; then
	"$here/apt.sh" update
	if ! get >/dev/null 2>"$tmp/err"; then
		cat "$tmp/err" >&2
		echo "fetch: could not download $kind $name=$version from the Debian archive; if it is gone, run 'make update-lock'" >&2
		exit 1
	fi
fi
if [ "$kind" = deb ] && [ ! -f "$tmp/$file" ]; then
	# apt names the file with the URL-encoded epoch; the lock drops it.
	for f in "$tmp"/*.deb; do mv "$f" "$tmp/$file"; done
fi
if [ ! -f "$tmp/$file" ]; then
	echo "fetch: apt did not produce $file for $kind $name=$version (got: $(ls "$tmp"))" >&2
	exit 1
fi
check "$tmp/$file"
mv "$tmp/$file" "$DL_DIR/$file"
