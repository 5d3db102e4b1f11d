/* Signature detection by reading bytes: is there anything on this device
 * that somebody may want to keep?  Deliberately independent of blkid so the
 * decision is the same in the ISO and in the unit tests.  The table
 * (probe_sigs.c) covers util-linux libblkid's superblock and partition-table
 * list (docs/disk-protocol.md, "Signatures"); every probe is a pure function
 * of a read callback, so image files and fuzz inputs work as devices. */
#ifndef B2P_PROBE_H
#define B2P_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "storage_util.h"

/* Families; the exact format is in probe_result.type. */
enum probe_sig {
	PROBE_NONE = 0,
	PROBE_GPT,
	PROBE_VFAT,
	PROBE_MBR,
	PROBE_EXT,
	PROBE_XFS,
	PROBE_BTRFS,
	PROBE_ISO9660,
	PROBE_SWAP,
	PROBE_LVM2,
	PROBE_MDRAID,
	PROBE_LUKS,
	PROBE_BITLOCKER,
	PROBE_ZFS,
	PROBE_BCACHE,
	PROBE_BCACHEFS,
	PROBE_NTFS,
	PROBE_EXFAT,
	PROBE_F2FS,
	PROBE_REISERFS,
	PROBE_JFS,
	PROBE_NILFS2,
	PROBE_HFS,              /* HFS and HFS+/HFSX */
	PROBE_APFS,
	PROBE_UDF,
	PROBE_SQUASHFS,
	PROBE_EROFS,
	PROBE_SWSUSPEND,
	PROBE_RAID,             /* firmware RAID metadata (IMSM, DDF, ...) */
	PROBE_LABEL,            /* other partition tables (BSD, Sun, Mac, ...) */
	PROBE_OTHER,            /* other file systems and volume formats */
	PROBE_NSIGS
};
#define PROBE_SKIP(sig) (1u << (sig))

struct probe_result {
	enum probe_sig sig;
	const char *type;       /* blkid's name for it, e.g. "crypto_LUKS" */
	const char *desc;       /* words for the console */
	uint64_t offset;        /* absolute byte offset of its magic */
	char label[64];         /* volume label when the format has one */
};

/* Reads len bytes at off of whatever is probed; 0 ok, -1 error.  The
 * prober only asks for bytes inside [0, size). */
typedef int (*probe_read_fn)(void *ctx, uint64_t off, void *buf, size_t len);

struct probe_range {
	uint64_t lo, hi;        /* [lo, hi) */
};

struct probe_opts {
	unsigned skip;          /* PROBE_SKIP() mask */
	/* A whole disk: also the metadata firmware RAIDs and the backup GPT
	 * keep in its last sectors. */
	int whole_disk;
	/* Also look for every start-of-volume signature at the places where
	 * a partition of a lost partition table usually began (probe_bases). */
	int lost_parts;
	/* Magic bytes inside these ranges do not count (the driver's tar, our
	 * own staging record and partitions). */
	const struct probe_range *ignore;
	size_t nignore;
};

/* Looks for every known signature, in a fixed order (first at the start of
 * the range, including end-of-range metadata, then at the lost-partition
 * offsets).  Returns 1 and fills r for the first one found, 0 when none,
 * -1 on a read error (callers treat an unreadable device as "not ours"). */
int probe_scan(probe_read_fn rd, void *ctx, uint64_t size, const struct probe_opts *o,
	       struct probe_result *r);
/* A range such as a partition: start-of-volume and end-of-volume
 * signatures, not the whole-disk ones. */
int probe_any(probe_read_fn rd, void *ctx, uint64_t size, unsigned skip, struct probe_result *r);
int probe_sdev(const struct sdev *d, unsigned skip, struct probe_result *r);
int probe_sdev_opts(const struct sdev *d, const struct probe_opts *o, struct probe_result *r);

const char *probe_name(enum probe_sig sig);

/* The offsets where a partition of a lost table is looked for, and where
 * the blank rule samples 1 MiB: fixed common starts, powers of two and an
 * even spread over the disk.  Returns how many (at most max), sorted. */
size_t probe_bases(uint64_t size, uint64_t *out, size_t max);
#define PROBE_MAX_BASES 64

/* The blank rule's regions: the first and last PROBE_EDGE bytes and
 * PROBE_SAMPLE bytes at every probe_bases() offset.  1 when all zero, 0
 * when not (*where = first non-zero byte found), -1 on a read error. */
#define PROBE_EDGE   (8ull << 20)
#define PROBE_SAMPLE (1ull << 20)
int probe_blank_regions(probe_read_fn rd, void *ctx, uint64_t size, uint64_t *where);
int probe_sdev_blank(const struct sdev *d, uint64_t *where);

/* The driver's magic at byte 0: 1 = boot2podman, 2 = boot2docker, 0 none. */
#define PROBE_MAGIC_LEN 29
int probe_magic_bytes(const unsigned char *first29);
int probe_magic(const struct sdev *d);

/* 1 when [off, off+len) reads as zeros, 0 when not, -1 on error. */
int probe_zero(const struct sdev *d, uint64_t off, uint64_t len);

/* ext2/3/4 superblock: 1 and the label (NUL-terminated) when present. */
int probe_ext(const struct sdev *d, char label[17]);

/* The signature table, for tests and documentation. */
struct probe_sigdef {
	const char *type;
	const char *desc;
	enum probe_sig sig;
};
size_t probe_sig_count(void);
const struct probe_sigdef *probe_sig_at(size_t i);

#endif
