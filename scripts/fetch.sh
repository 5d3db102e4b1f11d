#!/bin/sh
# Puts one locked input into $DL_DIR and proves it is the one in the lock.
# Usage: fetch.sh FILE        FILE as named in the 4th column of the lock
#        fetch.sh --verify    check every cached input of the lock (run by
#                             make before any build; see scripts/lock.mk)
#        fetch.sh --prefetch  every missing .deb of the lock in one apt call
# The cache is shared and outlives builds, so a file in it proves nothing by
# being there: --verify hashes each cached input again unless its size,
# mtime, inode and ctime are those recorded in $DL_DIR/.verified the last
# time it matched the lock (a rewrite, a replacement or a touch changes one
# of them; ctime cannot be set back by hand).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
LOCK=${LOCK:-$here/../configs/sources.lock}
DL_DIR=${DL_DIR:-$HOME/.cache/boot2podman/dl}
case $LOCK in /*) ;; *) LOCK=$PWD/$LOCK ;; esac
VERIFIED=$DL_DIR/.verified

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# mismatch FILE WANT GOT PATH: the message for a file that is not the locked one.
mismatch() {
	cat >&2 <<MSG
fetch: sha256 mismatch for $1
  expected $2 ($LOCK)
  actual   $3 ($4)
If the lock is right, the cached file is damaged or was replaced: delete it
(rm '$4') and run make again, which downloads it afresh.  If the new file
is intended, run 'make update-lock' and review the diff.
MSG
}

# stat_key FILE...: "file size mtime inode ctime" (nanoseconds) for each.
stat_key() { stat -c '%n %s %.9Y %i %.9Z' -- "$@"; }

# remember LINE...: records verified "file sha size mtime inode ctime" lines
# (appends of one short line each: atomic, so concurrent builds may share it).
remember() { printf '%s\n' "$@" >>"$VERIFIED" 2>/dev/null || true; }
# remember_file FILE SHA: records a cached FILE just found to be SHA, so
# the next build need not hash it again.
remember_file() {
	key=$(cd "$DL_DIR" && stat_key "$1" | awk -v s="$2" '{ print $1, s, $2, $3, $4, $5 }')
	grep -qxF "$key" "$VERIFIED" 2>/dev/null || remember "$key"
}

verify_cache() {
	[ -d "$DL_DIR" ] || return 0
	cd "$DL_DIR"
	set -- # the cached files of the lock
	while read -r f; do
		if [ -f "$f" ]; then set -- "$@" "$f"; fi
	done <<LIST
$(awk '$1 !~ /^#/ && NF >= 5 { print $4 }' "$LOCK")
LIST
	[ $# -gt 0 ] || return 0
	w=$(mktemp -d "${TMPDIR:-/tmp}/b2p-verify.XXXXXX")
	trap 'rm -rf "$w"' EXIT INT TERM
	# "file sha size mtime inode ctime", the sha from the lock
	stat_key "$@" | awk 'NR == FNR { if ($1 !~ /^#/) sha[$4] = $5; next }
		{ print $1, sha[$1], $2, $3, $4, $5 }' "$LOCK" - >"$w/now"
	if [ -f "$VERIFIED" ]; then cp "$VERIFIED" "$w/old"; else : >"$w/old"; fi
	todo=$(grep -vxF -f "$w/old" "$w/now" || true)
	[ -n "$todo" ] || return 0
	printf '  %-7s %s\n' VERIFY "$(printf '%s\n' "$todo" | wc -l) cached input(s) against the lock" >&2
	bad=0
	# shellcheck disable=SC2046 # file names from the lock have no blanks
	sha256sum -- $(printf '%s\n' "$todo" | cut -d' ' -f1) >"$w/sum"
	: >"$w/ok"
	while read -r f want _; do
		got=$(awk -v f="$f" '$2 == f { print $1; exit }' "$w/sum")
		if [ "$got" = "$want" ]; then
			echo "$f" >>"$w/ok"
		else
			mismatch "$f" "$want" "$got" "$DL_DIR/$f"
			bad=1
		fi
	done <<TODO
$todo
TODO
	# Keep the lines still true: those of other locks' files (the cache is
	# shared) and this lock's files as they are now, if they matched.
	awk 'FILENAME == ARGV[1] { ok[$1] = 1; next }
		FILENAME == ARGV[2] { now[$1] = 1; cur[$0] = $1; next }
		{ old[$0] = 1; if (!($1 in now)) print }
		END { for (l in cur) if ((l in old) || (cur[l] in ok)) print l }' \
		"$w/ok" "$w/now" "$w/old" | LC_ALL=C sort >"$w/new"
	# A read-only cache is still checked, only not remembered.
	{ cp "$w/new" "$VERIFIED.$$" && mv "$VERIFIED.$$" "$VERIFIED"; } 2>/dev/null || rm -f "$VERIFIED.$$"
	return "$bad"
}

# prefetch: every .deb of the lock missing from the cache, in one apt-get
# call (each call parses every suite's package index first: ~1.5 s, paid
# ~90 times on a fresh machine when each file came alone).  Each file is
# checked against the lock before it goes in.  Best effort: what it cannot
# get is left to the per-file fetch, which says why.
prefetch() {
	mkdir -p "$DL_DIR"
	want=$(awk '$1 == "deb" && NF >= 5 { print $2, $3, $4, $5 }' "$LOCK" | while read -r n v f s; do
		[ -f "$DL_DIR/$f" ] || echo "$n $v $f $s"
	done)
	[ -n "$want" ] || return 0
	tmp=$(mktemp -d "$DL_DIR/.prefetch.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	printf '  %-7s %s\n' FETCH "$(printf '%s\n' "$want" | wc -l) .deb files in one go" >&2
	# shellcheck disable=SC2046 # "name=version" words have no blanks
	set -- $(printf '%s\n' "$want" | awk '{ print $1 "=" $2 }')
	if ! (cd "$tmp" && "$here/apt.sh" get -qq download "$@") >/dev/null 2>"$tmp/.err"; then
		"$here/apt.sh" update >/dev/null 2>&1 || true
		(cd "$tmp" && "$here/apt.sh" get -qq download "$@") >/dev/null 2>"$tmp/.err" || return 0
	fi
	printf '%s\n' "$want" | while read -r n _ f s; do
		# apt names the file with the URL-encoded epoch; the lock drops it.
		for got in "$tmp/${n}"_*.deb; do
			if [ -f "$got" ] && [ "$(sha_of "$got")" = "$s" ]; then
				mv "$got" "$DL_DIR/$f"
				remember_file "$f" "$s"
			fi
		done
	done
}

if [ "${1:-}" = --verify ]; then
	verify_cache
	exit
fi
if [ "${1:-}" = --prefetch ]; then
	prefetch
	exit 0
fi

file=$1
line=$(awk -v f="$file" '$1 !~ /^#/ && $4 == f { print; exit }' "$LOCK")
if [ -z "$line" ]; then
	echo "fetch: '$file' is not in $LOCK; run 'make update-lock' after adding it to a recipe" >&2
	exit 1
fi
# shellcheck disable=SC2086 # split the lock line into its fields
set -- $line
kind=$1 name=$2 version=$3 want=$5

check() {
	got=$(sha_of "$1")
	if [ "$got" != "$want" ]; then
		mismatch "$file" "$want" "$got" "$1"
		return 1
	fi
}


if [ -f "$DL_DIR/$file" ]; then
	check "$DL_DIR/$file"
	remember_file "$file" "$want"
	exit 0
fi

mkdir -p "$DL_DIR"
tmp=$(mktemp -d "$DL_DIR/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "  FETCH   $file" >&2
get() {
	case "$kind" in
	deb) (cd "$tmp" && "$here/apt.sh" get -qq download "$name=$version") ;;
	# Both files of a source package come with its .dsc.
	src | srcdebian) (cd "$tmp" && "$here/apt.sh" get -qq source --download-only "$name=$version") ;;
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
remember_file "$file" "$want"
