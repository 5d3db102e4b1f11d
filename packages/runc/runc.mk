# runc, the OCI runtime podman uses here.
runc_DEBS := runc
runc_DEPS := glibc seccomp
