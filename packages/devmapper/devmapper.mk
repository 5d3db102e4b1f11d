# libdevmapper (podman, buildah, skopeo link it).
devmapper_DEBS := libdevmapper1.02.1
devmapper_DEPS := glibc selinux systemd-libs
