/* Signature detection by reading bytes: is there anything on this device
 * that somebody may want to keep?  Deliberately independent of blkid so the
 * decision is the same in the ISO and in the unit tests. */
#ifndef B2P_PROBE_H
#define B2P_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "storage_util.h"

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
	PROBE_NSIGS
};
#define PROBE_SKIP(sig) (1u << (sig))

struct probe_result {
	enum probe_sig sig;
	uint64_t offset;        /* where the signature was seen */
	char label[64];         /* volume label when the format has one */
};

/* Reads len bytes at off of whatever is probed; 0 ok, -1 error. */
typedef int (*probe_read_fn)(void *ctx, uint64_t off, void *buf, size_t len);

/* Looks for every known signature in a range of `size` bytes, in a fixed
 * order, skipping those in the `skip` mask.  Returns 1 and fills r for the
 * first one found, 0 when none, -1 on a read error (callers treat an
 * unreadable device as "not ours"). */
int probe_any(probe_read_fn rd, void *ctx, uint64_t size, unsigned skip, struct probe_result *r);
int probe_sdev(const struct sdev *d, unsigned skip, struct probe_result *r);

const char *probe_name(enum probe_sig sig);

/* The driver's magic at byte 0: 1 = boot2podman, 2 = boot2docker, 0 none. */
#define PROBE_MAGIC_LEN 29
int probe_magic_bytes(const unsigned char *first29);
int probe_magic(const struct sdev *d);

/* 1 when [off, off+len) reads as zeros, 0 when not, -1 on error. */
int probe_zero(const struct sdev *d, uint64_t off, uint64_t len);

/* ext2/3/4 superblock: 1 and the label (NUL-terminated) when present. */
int probe_ext(const struct sdev *d, char label[17]);

#endif
