#!/bin/sh
# Prints the path of docker compose v2 for the tests: the Go binary of
# Debian trixie's docker-compose as pinned in tests/tools/tools.lock.  It
# needs only libc6 (>= 2.34), so it runs on the Debian 12 host as it is;
# Debian 12 itself has only compose v1 (python).
set -eu
exec "$(dirname "$0")/deb-file.sh" docker-compose /usr/libexec/docker/cli-plugins/docker-compose docker-compose
