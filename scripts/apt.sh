#!/bin/sh
# Runs apt-get/apt-cache against a private configuration under the cache
# directory, so the build never edits the host's /etc/apt.  Every suite the
# project pins from is listed (an exact name=version is found in whichever
# has it); B2P_SUITE (pinned with its -updates and -security) is the one
# a bare name resolves to.  Usage: apt.sh get|cache ARGS...
set -eu

CACHE_DIR=${CACHE_DIR:-$HOME/.cache/boot2podman}
# The suites are the flavors (configs/flavors/<suite>/), one list for both.
SUITES=$(cd "$(dirname "$0")/../configs/flavors" && for d in */; do printf '%s ' "${d%/}"; done)
SUITES=${SUITES% }
SUITE=${B2P_SUITE:-bookworm}
case " $SUITES " in
*" $SUITE "*) ;;
*)
	echo "apt.sh: B2P_SUITE=$SUITE is not one of: $SUITES" >&2
	exit 2
	;;
esac
MIRROR=${B2P_MIRROR:-http://deb.debian.org/debian}
SECURITY=${B2P_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
root="$CACHE_DIR/apt"

mkdir -p "$root/lists/partial" "$root/cache/archives/partial" "$root/etc/none.d"
src="$root/etc/sources.list"
want=$(for s in $SUITES; do
	printf '%s\n' \
		"deb $MIRROR $s main" "deb-src $MIRROR $s main" \
		"deb $MIRROR $s-updates main" "deb-src $MIRROR $s-updates main" \
		"deb $SECURITY $s-security main" "deb-src $SECURITY $s-security main"
done)
if [ ! -f "$src" ] || [ "$(cat "$src")" != "$want" ]; then
	printf '%s\n' "$want" >"$src"
	rm -f "$root/updated"
fi

# The default release is the suite with its -updates and -security: one
# priority for all three, so the newest of them wins (APT::Default-Release
# would pin the suite alone above its own security fixes).
prefs="$root/etc/preferences.$SUITE"
want_prefs=$(for s in "$SUITE" "$SUITE-updates" "$SUITE-security"; do
	printf 'Package: *\nPin: release n=%s\nPin-Priority: 990\n\n' "$s"
done)
if [ ! -f "$prefs" ] || [ "$(cat "$prefs")" != "$want_prefs" ]; then
	printf '%s\n' "$want_prefs" >"$prefs.$$" && mv "$prefs.$$" "$prefs"
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
		"-o" "Dir::Etc::Preferences=$prefs" \
		"-o" "Dir::Etc::PreferencesParts=$root/etc/none.d" \
		"-o" "APT::Sandbox::User=root"
}

run() {
	tool=$1
	shift
	# shellcheck disable=SC2046 # one option per line, none contain spaces
	"$tool" $(apt_opts) "$@"
}

update() {
	echo "  APT     update ($SUITES)" >&2
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
