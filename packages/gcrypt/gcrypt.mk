# libgcrypt (libsystemd).
gcrypt_DEBS := libgcrypt20
gcrypt_DEPS := glibc gpg-error
gcrypt_KEEP := /lib/* /usr/lib/*
