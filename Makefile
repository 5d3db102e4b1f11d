# boot2podman: see README.md.  Every stage owns its recipe; this file only
# puts them together.  `make help` lists the targets.
include scripts/common.mk
include scripts/host.mk
include scripts/lock.mk
include kernel/kernel.mk
include rootfs/rootfs.mk
include packages/packages.mk
include initrd/initrd.mk
include iso/iso.mk
include tests/tests.mk
include scripts/readme.mk
include tests/bench.mk
include scripts/help.mk
