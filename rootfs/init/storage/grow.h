/* Growing the data partition and its ext4 file system into a disk that was
 * made bigger while the machine was off (b2p-machine set --disk-size).
 * docs/disk-protocol.md, "Growing the disk", has the order of the steps
 * and why a power cut at any point loses nothing. */
#ifndef B2P_GROW_H
#define B2P_GROW_H

#include <stdint.h>

#include "mbr.h"
#include "storage_util.h"

/* Less than this much new room is not worth a grow. */
#define GROW_MIN_BYTES (16ull << 20)

/* 1 and the grown layout in out when `cur` (from mbr_read, `used` entries)
 * is the layout we write without swap and the disk has room for a bigger
 * partition 1; 0 otherwise (why says so when it is not ours to grow). */
int grow_plan(uint64_t disk_bytes, const struct mbr_layout *cur, int used, struct mbr_layout *out,
	      char *why, size_t whylen);

/* Rewrites sector 0 of disk with partition 1 grown as far as the disk
 * allows.  1 grown (the new size of partition 1 in *part_bytes), 0 nothing
 * to do (*part_bytes is the current size), -1 error (reported). */
int grow_table(const struct sdev *disk, uint64_t *part_bytes);

/* The block count and size of the ext2/3/4 file system in part, from its
 * superblock.  0, or -1 (reported) when there is none. */
int grow_fs_size(const struct sdev *part, uint64_t *blocks, uint32_t *block_size);

/* At boot, with `dev` (e.g. /dev/vda1) mounted at `mnt`: grows the table,
 * tells the kernel, grows the mounted file system.  Reports and returns;
 * never fails the boot (the data stays usable at its old size). */
void grow_data(const char *dev, const char *mnt);

#endif
