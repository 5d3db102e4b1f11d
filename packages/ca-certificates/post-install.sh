#!/bin/sh
# What update-ca-certificates does on a Debian system, done once at build
# time: every certificate the package ships, concatenated in sorted order.
set -eu
mkdir -p etc/ssl/certs
find usr/share/ca-certificates -name '*.crt' | LC_ALL=C sort | while IFS= read -r f; do
	cat "$f"
	# each PEM ends with a newline in Debian's files; be safe anyway
	[ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] || echo
done >etc/ssl/certs/ca-certificates.crt
[ -s etc/ssl/certs/ca-certificates.crt ] || { echo "no certificates" >&2; exit 1; }
# Only the bundle is read (Go, OpenSSL, GnuTLS all take this file).
rm -rf usr/share/ca-certificates
