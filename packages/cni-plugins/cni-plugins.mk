# CNI plugins podman 4.3 (network_backend = "cni") runs; Debian puts them
# in /usr/lib/cni.
cni-plugins_DEBS := containernetworking-plugins
cni-plugins_DEPS := iptables
cni-plugins_KEEP := /usr/lib/cni/bridge /usr/lib/cni/portmap /usr/lib/cni/firewall /usr/lib/cni/tuning /usr/lib/cni/host-local /usr/lib/cni/loopback /usr/lib/cni/macvlan /usr/lib/cni/ipvlan /usr/lib/cni/static
