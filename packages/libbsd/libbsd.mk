# libbsd (uidmap's libsubid, libedit need it; trixie only).
libbsd_DEBS := libbsd0 libmd0
libbsd_DEPS := glibc
