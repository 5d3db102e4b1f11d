# OpenSSL 3 libraries (openssh); no openssl CLI, no engines.
openssl_DEBS := libssl3
openssl_DEPS := glibc
openssl_DROP := /usr/lib/x86_64-linux-gnu/engines-3/* /usr/lib/x86_64-linux-gnu/ossl-modules/*
openssl_DEBS.trixie := libssl3t64
openssl_DEPS.trixie := glibc compress
