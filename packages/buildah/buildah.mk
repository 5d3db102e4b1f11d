# buildah (podman build uses its library; this is the CLI).
buildah_DEBS := buildah
buildah_DEPS := glibc gpgme seccomp devmapper uidmap runc containers-common ca-certificates
# trixie: /usr/libexec/buildah holds its test-suite helpers (copy, imgtype,
# inet, serve, testreport, tutorial: 128 MB) that buildah itself never runs.
buildah_DEPS.trixie := glibc gpgme seccomp sqlite uidmap crun runc containers-common ca-certificates
buildah_DROP.trixie := /usr/libexec/buildah/*
