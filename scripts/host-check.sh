#!/bin/sh
# Makes sure the Debian packages the build needs are installed.
# Usage: host-check.sh LISTFILE
set -eu
list=$1
want=$(grep -v '^#' "$list" | grep -v '^[[:space:]]*$')
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' \
		|| missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
	echo "  APT     install$missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086 # one word per package
	if ! apt-get install -y -q --no-install-recommends $missing >/tmp/b2p-apt.log 2>&1; then
		apt-get update -q >/tmp/b2p-apt.log 2>&1 || true
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $missing >/tmp/b2p-apt.log 2>&1 || {
			tail -n 20 /tmp/b2p-apt.log >&2
			echo "host-check: apt-get install failed for:$missing" >&2
			exit 1
		}
	fi
	exit 0
fi
echo "host-check: these Debian packages are needed but not installed:" >&2
echo "  apt-get install$missing" >&2
echo "(run that as root, or run make as root on Debian to have it done)" >&2
exit 1
