# buildah (podman build uses its library; this is the CLI).
buildah_DEBS := buildah
buildah_DEPS := glibc gpgme seccomp devmapper uidmap runc containers-common ca-certificates
