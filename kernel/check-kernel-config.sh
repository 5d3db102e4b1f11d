#!/bin/sh
# Reports, for a built kernel .config, each option containers need as ok or
# missing, grouped like moby's check-config.sh; exits 1 if any is missing.
# It reads only the given file, never the running kernel.
set -eu
config=${1:?usage: check-kernel-config.sh PATH/TO/.config}
[ -r "$config" ] || { echo "check-kernel-config: cannot read $config" >&2; exit 2; }

missing=0
check() {
	group=$1
	shift
	echo "$group:"
	for opt in "$@"; do
		if grep -q "^CONFIG_$opt=[ym]" "$config"; then
			printf '  %-32s ok\n' "$opt"
		else
			printf '  %-32s MISSING\n' "$opt"
			missing=$((missing + 1))
		fi
	done
}

check "namespaces" NAMESPACES UTS_NS IPC_NS PID_NS NET_NS USER_NS
check "cgroups (v2 controllers)" CGROUPS MEMCG CGROUP_PIDS CGROUP_FREEZER CPUSETS \
	CGROUP_SCHED FAIR_GROUP_SCHED CFS_BANDWIDTH BLK_CGROUP CGROUP_DEVICE CGROUP_CPUACCT \
	CGROUP_BPF BPF_SYSCALL
check "isolation" SECCOMP SECCOMP_FILTER KEYS POSIX_MQUEUE
check "storage" OVERLAY_FS EXT4_FS EXT4_FS_POSIX_ACL EXT4_FS_SECURITY SQUASHFS \
	SQUASHFS_XZ SQUASHFS_ZSTD BLK_DEV_LOOP TMPFS DEVTMPFS ISO9660_FS
check "network" VETH BRIDGE BRIDGE_NETFILTER NF_CONNTRACK NF_NAT
# CNI (bookworm flavor) and netavark's iptables driver; iptables-nft
# translates these matches through NFT_COMPAT.
check "iptables (CNI, netavark --firewall-driver iptables)" NETFILTER_XTABLES \
	NETFILTER_XT_MATCH_ADDRTYPE NETFILTER_XT_MATCH_CONNTRACK NETFILTER_XT_MATCH_COMMENT \
	NETFILTER_XT_MATCH_MULTIPORT NETFILTER_XT_MATCH_IPVS NETFILTER_XT_MARK NETFILTER_XT_NAT \
	NETFILTER_XT_TARGET_MASQUERADE IP_NF_IPTABLES IP_NF_FILTER IP_NF_MANGLE IP_NF_RAW \
	IP_NF_NAT IP_NF_TARGET_MASQUERADE IP6_NF_IPTABLES IP6_NF_FILTER IP6_NF_MANGLE \
	IP6_NF_RAW IP6_NF_NAT IP6_NF_TARGET_MASQUERADE NF_TABLES NFT_COMPAT
# netavark's default driver: one inet table, fib daddr type local, dnat,
# masquerade, ct state.
check "nftables (netavark)" NF_TABLES NF_TABLES_INET NF_TABLES_IPV4 NF_TABLES_IPV6 \
	NFT_CT NFT_NAT NFT_MASQ NFT_REDIR NFT_REJECT NFT_FIB_IPV4 NFT_FIB_IPV6 NFT_FIB_INET
check "rootless (pasta, slirp4netns)" TUN USER_NS NET_NS
check "machine" BLK_DEV_INITRD IKCONFIG_PROC VIRTIO_BLK VIRTIO_NET SCSI_VIRTIO \
	SATA_AHCI ATA_PIIX BLK_DEV_SR BLK_DEV_NVME E1000 E1000E ACPI_BUTTON INPUT_EVDEV \
	NET_9P_VIRTIO 9P_FS SERIAL_8250_CONSOLE

echo
if [ "$missing" -gt 0 ]; then
	echo "$missing required option(s) missing"
	exit 1
fi
echo "all container requirements present"
