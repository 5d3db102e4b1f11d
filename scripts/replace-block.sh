#!/bin/sh
# Replaces the lines between "<!-- NAME:begin -->" and "<!-- NAME:end -->"
# in FILE with the content of NEW.  Usage: replace-block.sh FILE NAME NEW
set -eu
file=$1 name=$2 new=$3
grep -q "^<!-- $name:begin -->\$" "$file" || { echo "replace-block: no '<!-- $name:begin -->' in $file" >&2; exit 1; }
awk -v b="<!-- $name:begin -->" -v e="<!-- $name:end -->" -v new="$new" '
	$0 == b { print; while ((getline l < new) > 0) print l; skip = 1; next }
	$0 == e { skip = 0 }
	!skip { print }
' "$file" >"$file.tmp"
mv "$file.tmp" "$file"
