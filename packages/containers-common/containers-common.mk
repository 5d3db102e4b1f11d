# /etc/containers and /usr/share/containers: Debian's defaults plus our
# overrides in files/ (containers.conf for a cgroupfs, CNI, no-systemd host).
containers-common_DEBS := golang-github-containers-common golang-github-containers-image containers-storage
containers-common_KEEP := /etc/containers/* /usr/share/containers/*
