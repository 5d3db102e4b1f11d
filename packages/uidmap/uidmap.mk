# newuidmap/newgidmap (setuid root) + libsubid, for rootless podman.
uidmap_DEBS := uidmap libsubid4
uidmap_DEPS := glibc libcap selinux pam
uidmap_DEBS.trixie := uidmap libsubid5 libacl1 libattr1
uidmap_DEPS.trixie := glibc libcap selinux pam libbsd
