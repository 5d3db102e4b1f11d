# PAM, tcp-wrappers and friends linked by Debian's sshd (UsePAM no).
pam_DEBS := libpam0g libwrap0 libnsl2 libtirpc3 libtirpc-common
pam_DEPS := glibc krb5 libcap
pam_KEEP := /lib/* /usr/lib/* /etc/netconfig
pam_DEBS.trixie := libpam0g libwrap0 libnsl2 libtirpc3t64 libtirpc-common
