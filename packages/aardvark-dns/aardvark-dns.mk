# aardvark-dns: name resolution between containers of a user network.
aardvark-dns_DEBS := aardvark-dns
aardvark-dns_DEPS := glibc netavark
# On the boot's path: zstd (packages.mk, PKG_COMP_BOOT).
aardvark-dns_COMP := $(PKG_COMP_BOOT)
