#include "mkfs.h"
#include "msg.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SB_OFF          1024
#define SB_LEN          1024
#define SB_MAGIC        0x38
#define SB_RO_COMPAT    0x64
#define SB_VOLUME_NAME  0x78
#define SB_CSUM_TYPE    0x175
#define SB_CSUM         0x3FC
#define RO_COMPAT_METADATA_CSUM 0x400

int mkfs_run(char *const argv[])
{
	/* stdin from /dev/null (child_redirect): PID 1's stdin is the console,
	 * a terminal, and a tool that asks "Proceed anyway?" there would wait
	 * for ever.  With no terminal it never asks. */
	int rc = run_wait(argv, NULL, 0);
	if (rc == 0)
		return 0;
	if (rc > 0 && rc < 128)
		b2p_log("%s failed with exit status %d", argv[0], rc);
	else if (rc >= 128)
		b2p_log("%s killed by signal %d", argv[0], rc - 128);
	return -1;
}

int mkfs_ext4(const char *path, uint64_t offset, uint64_t bytes, const char *label)
{
	char ext[96], size[32];
	/* -i 8192: container layers are many small files (as boot2docker).
	 * No -F: with no terminal mke2fs never asks, so -F would not skip a
	 * question; it would only skip the refusals that are still worth
	 * having (a device in use, a size that makes no sense).  The check
	 * for an existing signature is ours (storage_format.c, still_ours),
	 * made just before.
	 * Lazy init: the inode tables are zeroed by the kernel's ext4lazyinit
	 * thread after the mount instead of by mke2fs before it, and the
	 * journal is not zeroed at all: its blocks carry checksums and
	 * sequence numbers (metadata_csum, on by default), so stale bytes
	 * there are never replayed.  nodiscard: a new driver disk reads as
	 * zeros already, and discarding all of it is a stream of requests
	 * the emulated disk serves one by one. */
	char *argv[16] = { "mkfs.ext4", "-q", "-i", "8192", "-L", (char *)label, "-E", ext };
	int n = 8;

	if (offset) {
		snprintf(ext, sizeof(ext), "lazy_itable_init=1,lazy_journal_init=1,nodiscard,offset=%llu",
			 (unsigned long long)offset);
		snprintf(size, sizeof(size), "%lluk", (unsigned long long)(bytes / 1024));
		argv[n++] = (char *)path;
		argv[n++] = size;
	} else {
		snprintf(ext, sizeof(ext), "lazy_itable_init=1,lazy_journal_init=1,nodiscard");
		argv[n++] = (char *)path;
	}
	argv[n] = NULL;
	b2p_dbg("running mkfs.ext4 -L %s on %s", label, path);
	return mkfs_run(argv);
}

int mkfs_swap(const struct sdev *part, const char *label)
{
	long ps = sysconf(_SC_PAGESIZE);
	size_t page = ps > 0 ? (size_t)ps : 4096;
	unsigned char *h;
	int rc;

	if (part->size < 10 * (uint64_t)page) {
		b2p_log("%s: too small for swap", part->path);
		return -1;
	}
	h = calloc(1, page);
	if (!h) {
		b2p_log("out of memory for a swap header");
		return -1;
	}
	/* struct swap_header_v1_2 after 1024 bootbits: version, last_page,
	 * nr_badpages, uuid[16], volume_name[16]; signature ends the page. */
	st_put_le32(h + 1024, 1);
	st_put_le32(h + 1028, (uint32_t)(part->size / page - 1));
	strncpy((char *)h + 1052, label, 16);
	memcpy(h + page - 10, "SWAPSPACE2", 10);
	rc = sdev_write(part, 0, h, page);
	free(h);
	return rc < 0 ? -1 : sdev_sync(part);
}

static int read_sb(const struct sdev *part, unsigned char sb[SB_LEN])
{
	if (!sdev_has(part, SB_OFF, SB_LEN) || sdev_read(part, SB_OFF, sb, SB_LEN) < 0)
		return -1;
	if (st_le16(sb + SB_MAGIC) != 0xEF53) {
		b2p_log("%s: no ext superblock", part->path);
		return -1;
	}
	return 0;
}

static int has_csum(const unsigned char *sb)
{
	return (st_le32(sb + SB_RO_COMPAT) & RO_COMPAT_METADATA_CSUM) && sb[SB_CSUM_TYPE] == 1;
}

/* ext4 stores crc32c(~0, sb[0..0x3FC)) without the final inversion. */
static uint32_t sb_csum(const unsigned char *sb)
{
	return st_crc32c(~0u, sb, SB_CSUM);
}

static int write_sb(const struct sdev *part, unsigned char *sb)
{
	if (has_csum(sb))
		st_put_le32(sb + SB_CSUM, sb_csum(sb));
	/* One 1 KiB write; if it tears, the label and checksum disagree and
	 * the next boot repairs it (see docs/disk-protocol.md, state L). */
	if (sdev_write(part, SB_OFF, sb, SB_LEN) < 0)
		return -1;
	return sdev_sync(part);
}

int mkfs_set_label(const struct sdev *part, const char *label)
{
	unsigned char sb[SB_LEN];
	if (read_sb(part, sb) < 0)
		return -1;
	memset(sb + SB_VOLUME_NAME, 0, 16);
	memcpy(sb + SB_VOLUME_NAME, label, strnlen(label, 16));
	return write_sb(part, sb);
}

int mkfs_sb_csum_ok(const struct sdev *part)
{
	unsigned char sb[SB_LEN];
	if (read_sb(part, sb) < 0)
		return -1;
	return !has_csum(sb) || st_le32(sb + SB_CSUM) == sb_csum(sb);
}

int mkfs_fix_sb_csum(const struct sdev *part)
{
	unsigned char sb[SB_LEN];
	if (read_sb(part, sb) < 0)
		return -1;
	return write_sb(part, sb);
}
