# OpenSSL 3's libcrypto (openssh); no openssl CLI, no engines, and no libssl:
# nothing in the set links it (packages/elf-closure.sh would say).
openssl_DEBS := libssl3
openssl_DEPS := glibc
openssl_DROP := /usr/lib/x86_64-linux-gnu/engines-3/* /usr/lib/x86_64-linux-gnu/ossl-modules/* */libssl.so*
openssl_DEBS.trixie := libssl3t64
openssl_DEPS.trixie := glibc compress
# On the boot's path: zstd (packages.mk, PKG_COMP_BOOT).
openssl_COMP := $(PKG_COMP_BOOT)
