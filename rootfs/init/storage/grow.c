#include "grow.h"

#include <fcntl.h>
#include <limits.h>
#include <linux/blkpg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "disk.h"
#include "msg.h"
#include "util.h"

/* include/uapi ext4 has it only in newer kernels' headers: the value is
 * ABI (fs/ext4/ext4.h, _IOW('f', 16, __u64)). */
#ifndef EXT4_IOC_RESIZE_FS
#define EXT4_IOC_RESIZE_FS _IOW('f', 16, uint64_t)
#endif

#define EXT_SB_OFFSET    1024u
#define EXT_MAGIC        0xEF53u
#define EXT_FEAT_64BIT   0x80u          /* s_feature_incompat */

int grow_plan(uint64_t disk_bytes, const struct mbr_layout *cur, int used, struct mbr_layout *out,
	      char *why, size_t whylen)
{
	const struct mbr_part *p = &cur->part[0];

	why[0] = '\0';
	/* Only the table we write ourselves (docs/disk-protocol.md): one Linux
	 * partition from 1 MiB.  A swap partition sits at the end and would
	 * have to move: not done. */
	if (used != 1 || p->type != MBR_TYPE_LINUX || p->start != MBR_ALIGN_LBA || cur->part[1].type) {
		snprintf(why, whylen, "the partition table is not the single-partition one boot2podman writes");
		return 0;
	}
	if (mbr_plan(disk_bytes, 0, out, why, whylen) < 0)
		return 0;
	if (out->part[0].count <= p->count ||
	    (out->part[0].count - p->count) * MBR_SECTOR < GROW_MIN_BYTES) {
		why[0] = '\0';
		return 0;
	}
	return 1;
}

int grow_table(const struct sdev *disk, uint64_t *part_bytes)
{
	struct mbr_layout cur, next;
	int used;
	char why[128];

	int r = mbr_read(disk, &cur, &used);
	if (r < 0)
		return -1;
	*part_bytes = cur.part[0].count * MBR_SECTOR;
	if (r == 0 || !grow_plan(disk->size, &cur, used, &next, why, sizeof(why))) {
		if (why[0] && r)
			b2p_log("%s: not grown: %s", disk->path, why);
		return 0;
	}
	/* Only the size field of entry 1 changes, in one sector written at
	 * once: the old table or the new one, both hold the whole file
	 * system. */
	if (mbr_write(disk, &next) < 0)
		return -1;
	*part_bytes = next.part[0].count * MBR_SECTOR;
	return 1;
}

int grow_fs_size(const struct sdev *part, uint64_t *blocks, uint32_t *block_size)
{
	unsigned char sb[1024];

	if (sdev_read(part, EXT_SB_OFFSET, sb, sizeof(sb)) < 0)
		return -1;
	if (st_le16(sb + 0x38) != EXT_MAGIC) {
		b2p_log("%s: no ext file system superblock", part->path);
		return -1;
	}
	uint32_t log = st_le32(sb + 0x18);
	if (log > 6) {          /* 64 KiB blocks at most */
		b2p_log("%s: implausible block size 2^%u KiB", part->path, log);
		return -1;
	}
	*block_size = 1024u << log;
	*blocks = st_le32(sb + 0x04);
	if (st_le32(sb + 0x60) & EXT_FEAT_64BIT)
		*blocks |= (uint64_t)st_le32(sb + 0x150) << 32;
	return 0;
}

/* Tells the kernel partition partno of disk is now `bytes` long (it cannot
 * re-read the table of a disk with a mounted partition). */
static int kernel_resize(const struct sdev *disk, int partno, uint64_t bytes)
{
	struct blkpg_partition p = {
		.start = (long long)(MBR_ALIGN_LBA * MBR_SECTOR),
		.length = (long long)bytes,
		.pno = partno,
	};
	struct blkpg_ioctl_arg a = {
		.op = BLKPG_RESIZE_PARTITION,
		.datalen = sizeof(p),
		.data = &p,
	};
	if (ioctl(disk->fd, BLKPG, &a) < 0) {
		b2p_err("tell the kernel %s partition %d is %llu MiB (BLKPG)", disk->path, partno,
			(unsigned long long)(bytes >> 20));
		return -1;
	}
	return 0;
}

static int fs_resize(const char *dev, const char *mnt, uint64_t part_bytes)
{
	struct sdev part;
	uint64_t blocks;
	uint32_t bs;

	if (sdev_open(&part, dev, 0, 0, 0) < 0)
		return -1;
	int r = grow_fs_size(&part, &blocks, &bs);
	sdev_close(&part);
	if (r < 0)
		return -1;
	uint64_t want = part_bytes / bs;
	if (want <= blocks || (want - blocks) * bs < GROW_MIN_BYTES)
		return 0;
	int fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		b2p_err("open %s", mnt);
		return -1;
	}
	/* The kernel grows the mounted file system through its journal. */
	r = ioctl(fd, EXT4_IOC_RESIZE_FS, &want);
	if (r < 0)
		b2p_err("grow the file system on %s to %llu MiB (EXT4_IOC_RESIZE_FS)", dev,
			(unsigned long long)((want * bs) >> 20));
	else
		b2p_log("grew the file system on %s from %llu to %llu MiB", dev,
			(unsigned long long)((blocks * bs) >> 20), (unsigned long long)((want * bs) >> 20));
	close(fd);
	return r < 0 ? -1 : 1;
}

static int read_partno(const char *name)
{
	char path[PATH_MAX], buf[16];
	snprintf(path, sizeof(path), DISK_SYSFS "/%s/partition", name);
	if (read_small(path, buf, sizeof(buf)) <= 0)
		return -1;
	int n = 0;
	for (const char *c = buf; *c >= '0' && *c <= '9'; c++)
		n = n * 10 + (*c - '0');
	return n;
}

void grow_data(const char *dev, const char *mnt)
{
	const char *name = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
	char diskname[64], diskdev[80];
	struct sdev disk;
	uint64_t part_bytes;

	int partno = read_partno(name);
	if (partno != 1)
		return;         /* a whole-disk file system, or not ours */
	if (disk_parent(DISK_SYSFS, name, diskname, sizeof(diskname)) < 0)
		return;
	snprintf(diskdev, sizeof(diskdev), "/dev/%s", diskname);
	if (sdev_open(&disk, diskdev, 0, 0, 1) < 0)
		return;
	int r = grow_table(&disk, &part_bytes);
	if (r > 0) {
		b2p_log("%s: partition 1 grown to %llu MiB", diskdev, (unsigned long long)(part_bytes >> 20));
		if (kernel_resize(&disk, 1, part_bytes) < 0)
			r = -1;
	}
	sdev_close(&disk);
	/* After a power cut between the table and the file system, the table
	 * is grown already (r == 0): the file system still is, now. */
	if (r >= 0)
		fs_resize(dev, mnt, part_bytes);
}
