# netavark: podman 5's network backend (trixie only).  Its DHCP proxy
# client serves macvlan DHCP through a systemd-run proxy: not here.
netavark_DEBS := netavark
netavark_DEPS := glibc nftables
netavark_DROP := /usr/lib/podman/netavark-dhcp-proxy-client
# Run by podman info and every container network: zstd (packages.mk, PKG_COMP_BOOT).
netavark_COMP := $(PKG_COMP_BOOT)
