# libgpg-error (gpgme, libgcrypt).
gpg-error_DEBS := libgpg-error0
gpg-error_DEPS := glibc
gpg-error_KEEP := /lib/* /usr/lib/*
