# libseccomp (runc, podman, buildah, slirp4netns).
seccomp_DEBS := libseccomp2
seccomp_DEPS := glibc
