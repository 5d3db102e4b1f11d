#!/bin/sh
# Prints the path of a docker CLI taken from Debian's docker.io package as
# pinned in tests/tools/tools.lock (unpacked, never installed, so no daemon
# starts).
set -eu
exec "$(dirname "$0")/deb-file.sh" docker.io /usr/bin/docker docker
