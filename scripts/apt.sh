#!/bin/sh
# Runs apt-get/apt-cache against a private configuration under the cache
# directory, so the build never edits the host's /etc/apt and always reads
# the same suite.  Usage: apt.sh get|cache ARGS...
set -eu

CACHE_DIR=${CACHE_DIR:-$HOME/.cache/boot2podman}
SUITE=${B2P_SUITE:-bookworm}
MIRROR=${B2P_MIRROR:-http://deb.debian.org/debian}
SECURITY=${B2P_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
root="$CACHE_DIR/apt"

mkdir -p "$root/lists/partial" "$root/cache/archives/partial" "$root/etc"
src="$root/etc/sources.list"
want=$(printf '%s\n' \
	"deb $MIRROR $SUITE main" "deb-src $MIRROR $SUITE main" \
	"deb $MIRROR $SUITE-updates main" "deb-src $MIRROR $SUITE-updates main" \
	"deb $SECURITY $SUITE-security main" "deb-src $SECURITY $SUITE-security main")
if [ ! -f "$src" ] || [ "$(cat "$src")" != "$want" ]; then
	printf '%s\n' "$want" >"$src"
	rm -f "$root/updated"
fi

apt_opts() {
	printf '%s\n' \
		"-o" "Dir::Etc::SourceList=$src" \
		"-o" "Dir::Etc::SourceParts=$root/etc/none.d" \
		"-o" "Dir::State::Lists=$root/lists" \
		"-o" "Dir::Cache=$root/cache" \
		"-o" "Dir::State::status=/dev/null" \
		"-o" "APT::Get::List-Cleanup=0" \
		"-o" "APT::Architecture=amd64" \
		"-o" "APT::Sandbox::User=root"
}

run() {
	tool=$1
	shift
	# shellcheck disable=SC2046 # one option per line, none contain spaces
	"$tool" $(apt_opts) "$@"
}

update() {
	echo "  APT     update ($SUITE)" >&2
	run apt-get -qq update >&2
	touch "$root/updated"
}

cmd=$1
shift
case "$cmd" in
update) update ;;
get | cache)
	[ -f "$root/updated" ] || update
	run "apt-$cmd" "$@"
	;;
*)
	echo "apt.sh: unknown command '$cmd' (use update, get or cache)" >&2
	exit 2
	;;
esac
