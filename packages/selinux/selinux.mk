# libselinux + libpcre2-8 (linked by openssh, devmapper, glib, shadow).
selinux_DEBS := libselinux1 libpcre2-8-0 libsemanage2 libsemanage-common libsepol2
selinux_DEPS := glibc compress libcap
