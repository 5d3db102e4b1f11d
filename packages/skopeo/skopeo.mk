# skopeo: inspect and copy images between registries and stores.
skopeo_DEBS := skopeo
skopeo_DEPS := glibc gpgme devmapper containers-common ca-certificates podman zstd
skopeo_DEPS.trixie := glibc gpgme sqlite containers-common ca-certificates podman zstd
# Shipped as a zstd patch against podman's binary (most of its code is
# podman's too): about 3.5 MiB instead of 8-9 (packages/tcz-build.sh).
skopeo_DELTA := /usr/bin/skopeo=podman:/usr/bin/podman
