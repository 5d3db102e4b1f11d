# aardvark-dns: name resolution between containers of a user network.
aardvark-dns_DEBS := aardvark-dns
aardvark-dns_DEPS := glibc netavark
