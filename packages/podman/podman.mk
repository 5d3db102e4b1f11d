# podman 4.3 (CNI backend).
podman_DEBS := podman
podman_DEPS := glibc gpgme seccomp devmapper uidmap conmon runc catatonit cni-plugins dnsname iptables containers-common ca-certificates
podman_DROP := /usr/share/user-tmpfiles.d/* /etc/cni/* /etc/containers/libpod.conf
# trixie: podman 5 with netavark + aardvark-dns, pasta, crun (runc too).
# Dropped: podman-testing (the test suite's helper), quadlet and podmansh
# (systemd generators and a login shell; no systemd here).  rootlessport
# stays: rootless containers on a user network publish ports through it.
# slirp4netns stays too (80 KiB packed): the rootless containers a podman
# 4.3 disk holds were made on it, and podman 5.4 converts none of them.
podman_DEPS.trixie := glibc gpgme seccomp sqlite uidmap conmon crun catatonit netavark aardvark-dns passt slirp4netns containers-common ca-certificates
podman_DROP.trixie := /usr/share/user-tmpfiles.d/* /etc/cni/* /etc/containers/systemd/* /usr/libexec/podman/podman-testing /usr/libexec/podman/quadlet /usr/bin/podmansh
# zstd, not xz: its 45 MB binary starts at every boot, and xz's
# decompression under emulation was most of the service's start.
podman_COMP := $(PKG_COMP_BOOT)
