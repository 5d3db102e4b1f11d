#!/bin/sh
# The ISO's copy of the legal tree: the licence and copyright texts
# gzip-compressed (NAME.gz, read with zless), README.txt and sources.txt
# as they are.  1.2 MB of text is 0.45 MB so, a megabyte the ISO needs for
# the packages read at boot; out/legal-info keeps the plain texts.
# Usage: legal-pack.sh SRC DST
set -eu
src=$1 dst=$2
rm -rf "$dst" && cp -R "$src" "$dst"
for d in copyright common-licenses linux busybox; do
	find "$dst/$d" -type f | while IFS= read -r f; do
		gzip -9n "$f"
	done
	# The dedupe links (legal-info.sh) follow their targets' new names.
	find "$dst/$d" -type l | while IFS= read -r l; do
		t=$(readlink "$l")
		ln -s "$t.gz" "$l.gz" && rm "$l"
	done
done
cat >>"$dst/README.txt" <<'TXT'

On the ISO each text under copyright/, common-licenses/, linux/ and
busybox/ is gzip-compressed: read NAME.gz with zless or zcat.  The build's
out/legal-info holds them uncompressed.
TXT
