# nft and libnftables: netavark's firewall driver (firewall_driver =
# "nftables" in containers.conf; trixie only).
nftables_DEBS := nftables libnftables1 libnftnl11 libmnl0 libxtables12 libjansson4 libgmp10
nftables_DEPS := glibc libedit
nftables_DROP := /usr/share/nftables/* /usr/share/doc-base/* /etc/nftables.conf
