# runc: the OCI runtime of the bookworm set; in trixie's the alternative to
# crun (podman run --runtime runc).
runc_DEBS := runc
runc_DEPS := glibc seccomp
# trixie: shipped as a zstd patch against podman (1.5 MiB instead of 3; the
# first use rebuilds it once, packages/tcz-build.sh), so it comes after
# podman, which needs only crun.
runc_DEPS.trixie := glibc seccomp podman zstd
runc_DELTA.trixie := /usr/sbin/runc=podman:/usr/bin/podman
