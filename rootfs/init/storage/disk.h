/* Block devices as the kernel lists them in /sys/class/block. */
#ifndef B2P_DISK_H
#define B2P_DISK_H

#include <stddef.h>
#include <stdint.h>

#include "storage_util.h"

#define DISK_SYSFS "/sys/class/block"

struct blkdev {
	char name[32];          /* vda, vda1, nvme0n1p1, ... */
	int partno;             /* 0 = whole disk */
	uint64_t bytes;
	int ro;
	int removable;          /* whole disks: disk_is_removable(); 0 for partitions */
};

/* 1 when a whole-disk name is of a kind we may use: vd*, sd*, hd*, xvd*,
 * nvme<N>n<M>, mmcblk<N>.  Never loop/ram/zram/md/dm/sr/fd/nbd. */
int disk_name_ok(const char *name);
/* 1 when the device is a CD-ROM (SCSI type 5) or a name we never touch. */
int disk_is_cdrom(const char *sysfs, const char *name);

/* 1 when the disk can be unplugged: sysfs `removable` is 1 (SD readers,
 * removable-media SCSI) or it hangs off a USB controller (USB disks often
 * say removable=0).  A partition answers for its disk. */
int disk_is_removable(const char *sysfs, const char *name);

/* Lists devices under sysfs (DISK_SYSFS, or a fake tree in tests);
 * partitions too.  Returns the count (at most max) or -1. */
int disk_list(const char *sysfs, struct blkdev *out, int max);
/* Name of partition partno of disk (e.g. nvme0n1, 1 -> nvme0n1p1), found
 * in sysfs rather than guessed.  0 or -1 when not there (yet). */
int disk_part_name(const char *sysfs, const char *disk, int partno, char *out, size_t outlen);
/* The whole disk a partition belongs to (sysfs parent directory). */
int disk_parent(const char *sysfs, const char *part, char *out, size_t outlen);

/* Asks the kernel to re-read the partition table (BLKRRPART, retried a
 * few times while busy). */
int disk_reread(const struct sdev *disk);
/* Waits until path exists, at most ms milliseconds. */
int disk_wait_node(const char *path, unsigned ms);

#endif
