/* Making the file systems of the data disk: mkfs.ext4 (from e2fsprogs, in
 * PATH once packages are loaded), a swap header, and the ext4 label
 * switch that is the last step of a format. */
#ifndef B2P_MKFS_H
#define B2P_MKFS_H

#include <stdint.h>

#include "storage_util.h"

#define MKFS_LABEL_TEMP  "b2p-formatting"       /* mkfs writes this ... */
#define MKFS_LABEL_DATA  "boot2podman-data"     /* ... and this is set last */
#define MKFS_LABEL_OLD   "boot2docker-data"     /* accepted as data, never written */
#define MKFS_LABEL_SWAP  "b2p-swap"

/* Runs mkfs.ext4 on path; offset != 0 formats `bytes` bytes at that
 * offset of an image file (tests).  0 or -1 (reported). */
int mkfs_ext4(const char *path, uint64_t offset, uint64_t bytes, const char *label);

/* Writes a version-1 swap header (page size of this kernel) to part. */
int mkfs_swap(const struct sdev *part, const char *label);

/* Rewrites the ext2/3/4 superblock's volume name with one write and,
 * when metadata_csum is on, its checksum; then fsync.  The file system
 * must not be mounted. */
int mkfs_set_label(const struct sdev *part, const char *label);

/* 1 when the primary superblock's checksum is right (or not used),
 * 0 when wrong, -1 when there is no ext superblock or on error. */
int mkfs_sb_csum_ok(const struct sdev *part);
/* Recomputes the checksum over what is there (a torn label write). */
int mkfs_fix_sb_csum(const struct sdev *part);

/* Runs argv (argv[0] looked up in PATH) and waits; 0 on exit status 0. */
int mkfs_run(char *const argv[]);

#endif
