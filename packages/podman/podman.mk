# podman 4.3 (CNI backend).
podman_DEBS := podman
podman_DEPS := glibc gpgme seccomp devmapper uidmap conmon runc catatonit cni-plugins dnsname iptables containers-common ca-certificates
podman_DROP := /usr/share/user-tmpfiles.d/* /etc/cni/* /etc/containers/libpod.conf
