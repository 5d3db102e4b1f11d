# iptables 1.8 (nft backend by default, legacy too); the Debian
# alternatives resolved as plain links.
iptables_DEBS := iptables libip4tc2 libip6tc2 libxtables12 libnftnl11 libmnl0 libnetfilter-conntrack3 libnfnetlink0
iptables_DEPS := glibc
iptables_DROP := /usr/share/iptables/* /usr/bin/iptables-xml /usr/sbin/nfnl_osf /usr/sbin/*tables-apply
iptables_LINKS := /usr/sbin/iptables=xtables-nft-multi /usr/sbin/iptables-save=xtables-nft-multi /usr/sbin/iptables-restore=xtables-nft-multi /usr/sbin/ip6tables=xtables-nft-multi /usr/sbin/ip6tables-save=xtables-nft-multi /usr/sbin/ip6tables-restore=xtables-nft-multi
