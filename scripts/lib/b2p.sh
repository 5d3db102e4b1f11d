# Shell helpers shared by the user tools (scripts/b2p-machine), the tests
# (tests/lib.sh) and the benchmark (tests/bench.sh).  POSIX sh; sourced,
# not run: it sets no options and defines functions only.

# free_port: prints a random TCP port on this host that nothing listens on.
# Random rather than counted up from a base: cases run in parallel and
# machines start side by side, and each must get its own.
free_port() {
	while :; do
		p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000))
		command -v ss >/dev/null 2>&1 || break
		ss -Htln "sport = :$p" 2>/dev/null | grep -q . || break
	done
	echo "$p"
}

# busybox_image BUSYBOX TAR: a container image of one static busybox (the
# applets the tests and the benchmark run, and a page for httpd) as a
# tarball for `podman import`: nothing needs a registry.  Works in TAR.d.
busybox_image() {
	d="$2.d"
	rm -rf "$d" && mkdir -p "$d/bin" "$d/www" || return 1
	cp "$1" "$d/bin/busybox" || return 1
	for a in sh echo cat httpd true ls; do ln -s busybox "$d/bin/$a" || return 1; done
	echo b2p-http-ok >"$d/www/index.html"
	tar -C "$d" -cf "$2" .
}

# podman_client_env DIR: the host's podman client (and ssh) get a HOME, XDG
# dirs and a containers.conf of their own under DIR, so nothing of the
# user's is read or written (as root, podman would otherwise keep its
# connections in /etc/containers, unless CONTAINERS_CONF names a file that
# exists).
podman_client_env() {
	export HOME="$1/home" XDG_CONFIG_HOME="$1/home/.config" \
		XDG_DATA_HOME="$1/home/.local/share" XDG_RUNTIME_DIR="$1/run" \
		CONTAINERS_CONF="$1/containers.conf"
	mkdir -p "$HOME/.ssh" "$XDG_RUNTIME_DIR" && chmod 700 "$HOME/.ssh" "$XDG_RUNTIME_DIR" \
		&& : >"$CONTAINERS_CONF"
}
