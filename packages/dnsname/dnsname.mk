# dnsname CNI plugin (container name resolution) and the dnsmasq it runs.
dnsname_DEBS := golang-github-containernetworking-plugin-dnsname dnsmasq-base libdbus-1-3 libgmp10 libhogweed6 libnettle8 libidn2-0 libunistring2 libnftables1 libjansson4
dnsname_DEPS := glibc iptables systemd-libs cni-plugins
dnsname_KEEP := /usr/lib/cni/* /usr/sbin/dnsmasq /usr/lib/x86_64-linux-gnu/*.so* /lib/x86_64-linux-gnu/*.so*
