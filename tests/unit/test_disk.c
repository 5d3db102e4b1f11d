/* Block-device enumeration on a fake /sys/class/block tree. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "tu.h"

static void names(void)
{
	static const char *ok[] = { "vda", "sdb", "hdc", "xvdaa", "nvme0n1", "nvme12n3", "mmcblk0" };
	static const char *no[] = { "vda1", "sda2", "nvme0n1p1", "nvme0", "mmcblk0p1", "mmcblk0boot0",
				    "mmcblk0rpmb", "loop0", "ram0", "zram0", "md0", "dm-0", "sr0", "fd0",
				    "nbd0", "vd", "xvda1", "sdA" };
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		CHECK(disk_name_ok(ok[i]));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (disk_name_ok(no[i])) {
			fprintf(stderr, "    accepted %s\n", no[i]);
			CHECK(0);
		}
}

static void fake_sysfs(void)
{
	const char *s = tu_path("sys");
	/* devices/.../nvme0n1/nvme0n1p1 with class/block symlinks, as sysfs */
	REQUIRE(tu_sh("set -e; cd %s/..; mkdir -p sys dev/nvme0n1/nvme0n1p1 dev/vda dev/sr0/device;"
		      "echo 41943040 > dev/nvme0n1/size; echo 1 > dev/nvme0n1/nvme0n1p1/partition;"
		      "echo 41940992 > dev/nvme0n1/nvme0n1p1/size; echo 204800 > dev/vda/size;"
		      "echo 1 > dev/vda/ro; echo 5 > dev/sr0/device/type;"
		      "ln -s ../dev/nvme0n1 sys/nvme0n1; ln -s ../dev/nvme0n1/nvme0n1p1 sys/nvme0n1p1;"
		      "ln -s ../dev/vda sys/vda; ln -s ../dev/sr0 sys/sr0", s) == 0);
	struct blkdev b[8];
	int n = disk_list(s, b, 8);
	CHECK(n == 4);
	int seen = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(b[i].name, "nvme0n1") == 0)
			{ seen |= 1; CHECK(b[i].partno == 0 && b[i].bytes == 41943040ull * 512); }
		if (strcmp(b[i].name, "nvme0n1p1") == 0)
			{ seen |= 2; CHECK(b[i].partno == 1); }
		if (strcmp(b[i].name, "vda") == 0)
			{ seen |= 4; CHECK(b[i].ro == 1); }
	}
	CHECK(seen == 7);
	char name[32];
	CHECK(disk_part_name(s, "nvme0n1", 1, name, sizeof(name)) == 0 && strcmp(name, "nvme0n1p1") == 0);
	CHECK(disk_part_name(s, "nvme0n1", 2, name, sizeof(name)) < 0);
	CHECK(disk_parent(s, "nvme0n1p1", name, sizeof(name)) == 0 && strcmp(name, "nvme0n1") == 0);
	CHECK(disk_is_cdrom(s, "sr0") && !disk_is_cdrom(s, "vda"));
}

/* removable=1 (SD reader, removable-media SCSI) or a USB path (USB disks
 * often say removable=0); a partition answers for its disk. */
static void removable(void)
{
	const char *s = tu_path("rsys");
	REQUIRE(tu_sh("set -e; cd %s/..; mkdir -p rsys"
		      " rdev/pci0/virtio1/block/vda"
		      " rdev/pci0/ata1/host0/target0/block/sda/sda1"
		      " rdev/pci0/usb2/2-1/2-1:1.0/host3/block/sdb/sdb1"
		      " rdev/pci0/usb-ish/block/sdc;"
		      "echo 0 > rdev/pci0/virtio1/block/vda/removable;"
		      "echo 1 > rdev/pci0/ata1/host0/target0/block/sda/removable;"
		      "echo 1 > rdev/pci0/ata1/host0/target0/block/sda/sda1/partition;"
		      "echo 0 > rdev/pci0/usb2/2-1/2-1:1.0/host3/block/sdb/removable;"
		      "echo 1 > rdev/pci0/usb2/2-1/2-1:1.0/host3/block/sdb/sdb1/partition;"
		      "ln -s ../rdev/pci0/virtio1/block/vda rsys/vda;"
		      "ln -s ../rdev/pci0/ata1/host0/target0/block/sda rsys/sda;"
		      "ln -s ../rdev/pci0/ata1/host0/target0/block/sda/sda1 rsys/sda1;"
		      "ln -s ../rdev/pci0/usb2/2-1/2-1:1.0/host3/block/sdb rsys/sdb;"
		      "ln -s ../rdev/pci0/usb2/2-1/2-1:1.0/host3/block/sdb/sdb1 rsys/sdb1;"
		      "ln -s ../rdev/pci0/usb-ish/block/sdc rsys/sdc", s) == 0);
	CHECK(!disk_is_removable(s, "vda"));
	CHECK(disk_is_removable(s, "sda"));
	CHECK(disk_is_removable(s, "sda1"));
	CHECK(disk_is_removable(s, "sdb"));
	CHECK(disk_is_removable(s, "sdb1"));
	CHECK(!disk_is_removable(s, "sdc"));     /* "usb-ish" is not a USB controller */
	CHECK(!disk_is_removable(s, "nosuch"));
	struct blkdev b[8];
	int n = disk_list(s, b, 8), seen = 0;
	CHECK(n == 6);
	for (int i = 0; i < n; i++) {
		int want = strcmp(b[i].name, "sda") == 0 || strcmp(b[i].name, "sdb") == 0;
		if (b[i].removable != want) {
			fprintf(stderr, "    %s: removable %d\n", b[i].name, b[i].removable);
			CHECK(0);
		}
		seen += want;
	}
	CHECK(seen == 2);
}

int main(void)
{
	TU_RUN(names);
	TU_RUN(fake_sysfs);
	TU_RUN(removable);
	return tu_finish();
}
