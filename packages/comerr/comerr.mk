# com_err (kerberos, e2fsprogs).
comerr_DEBS := libcom-err2
comerr_DEPS := glibc
