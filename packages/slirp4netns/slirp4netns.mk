# slirp4netns: user-mode networking for rootless containers.
slirp4netns_DEBS := slirp4netns libslirp0
slirp4netns_DEPS := glibc glib seccomp
