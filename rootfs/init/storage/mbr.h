/* The partition table we write, and the staging record that makes an
 * interrupted format recognisable as ours (docs/disk-protocol.md). */
#ifndef B2P_MBR_H
#define B2P_MBR_H

#include <stddef.h>
#include <stdint.h>

#include "storage_util.h"

#define MBR_SECTOR      512ull
#define MBR_ALIGN_LBA   2048ull                 /* partitions start on 1 MiB boundaries */
#define MBR_TYPE_LINUX  0x83
#define MBR_TYPE_SWAP   0x82
#define MBR_MIN_DISK    (64ull << 20)           /* smaller disks are left alone */
#define MBR_MIN_DATA    (512ull << 20)          /* swap only when this much data space remains */

struct mbr_part {
	uint8_t type;                           /* 0 = unused */
	uint64_t start;                         /* LBA */
	uint64_t count;                         /* sectors */
};

/* Entry 1 is the data partition, entry 2 the optional swap at the end. */
struct mbr_layout {
	struct mbr_part part[2];
};

/* Plans the layout for a disk; -1 (with a reason in why) when too small. */
int mbr_plan(uint64_t disk_bytes, uint64_t swap_bytes, struct mbr_layout *l, char *why, size_t whylen);
/* Writes the four entries and 0x55AA into sector 0, keeping bytes 0..445
 * as they are (the driver's magic stays visible until the end). */
int mbr_write(const struct sdev *disk, const struct mbr_layout *l);
/* 1: a partition table with at least one used entry (first two copied to
 * l, the count of used entries in *used); 0: none; -1: read error. */
int mbr_read(const struct sdev *disk, struct mbr_layout *l, int *used);
int mbr_same(const struct mbr_layout *a, const struct mbr_layout *b);

/* Staging record: at 512 KiB, one header sector then the userdata tar,
 * all before the first partition.  Both are covered by CRC32C so a torn
 * write reads as "no record". */
#define STAGE_OFFSET    (512ull * 1024)
#define STAGE_MAGIC     "B2P-FORMAT-STAGE"      /* 16 bytes, no NUL */
#define STAGE_MAX_DATA  (1024ull * 1024 - STAGE_OFFSET - MBR_SECTOR)

struct stage {
	struct mbr_layout layout;
	unsigned flags;                         /* STAGE_F_* */
	unsigned char *ud;                      /* malloc'd userdata or NULL */
	size_t udlen;
};
#define STAGE_F_USERDATA 1u                     /* the driver gave us userdata */

/* Writes header + data with one write, then fsync. */
int stage_write(const struct sdev *disk, const struct stage *s);
/* 1 valid record read (s->ud malloc'd), 0 none/torn, -1 read error. */
int stage_read(const struct sdev *disk, struct stage *s);
/* Invalidates the record (zeroes its header sector), then fsync. */
int stage_clear(const struct sdev *disk);
void stage_free(struct stage *s);

#endif
