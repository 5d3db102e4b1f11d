# buildah (podman build uses its library; this is the CLI).
buildah_DEBS := buildah
buildah_DEPS := glibc gpgme seccomp devmapper uidmap runc containers-common ca-certificates podman zstd
# trixie: /usr/libexec/buildah holds its test-suite helpers (copy, imgtype,
# inet, serve, testreport, tutorial: 128 MB) that buildah itself never runs.
buildah_DEPS.trixie := glibc gpgme seccomp sqlite uidmap crun runc containers-common ca-certificates podman zstd
buildah_DROP.trixie := /usr/libexec/buildah/*
# Shipped as a zstd patch against podman's binary (most of its code is
# podman's too): about 3.5 MiB instead of 8-9 (packages/tcz-build.sh).
buildah_DELTA := /usr/bin/buildah=podman:/usr/bin/podman
