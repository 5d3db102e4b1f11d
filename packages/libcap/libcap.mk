# libcap, libcap-ng and libaudit (systemd, shadow, pam).
libcap_DEBS := libcap2 libcap-ng0 libaudit1 libaudit-common
libcap_DEPS := glibc
libcap_KEEP := /lib/* /usr/lib/* /etc/libaudit.conf
