# crun: the default OCI runtime of the trixie flavor (runc is selectable).
crun_DEBS := crun libyajl2
crun_DEPS := glibc libcap seccomp systemd-libs
