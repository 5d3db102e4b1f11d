# libsystemd + libudev (linked by conmon, openssh, devmapper); no systemd.
systemd-libs_DEBS := libsystemd0 libudev1
systemd-libs_DEPS := glibc compress gcrypt libcap
