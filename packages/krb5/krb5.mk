# Kerberos/GSSAPI libraries Debian's openssh links.
krb5_DEBS := libgssapi-krb5-2 libkrb5-3 libk5crypto3 libkrb5support0 libkeyutils1
krb5_DEPS := glibc comerr openssl
krb5_KEEP := /lib/* /usr/lib/*
