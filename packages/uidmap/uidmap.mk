# newuidmap/newgidmap (setuid root) + libsubid, for rootless podman.
uidmap_DEBS := uidmap libsubid4
uidmap_DEPS := glibc libcap selinux pam
