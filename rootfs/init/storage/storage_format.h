/* What to do with one disk, and the format as a sequence of steps that can
 * be cut short after any of them (power loss in tests).  Works on an image
 * file as well as a block device: see struct fmt_env. */
#ifndef B2P_STORAGE_FORMAT_H
#define B2P_STORAGE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "mbr.h"
#include "storage_util.h"

enum verdict {
	V_FOREIGN,      /* something is there (or could be): never touch */
	V_DATA,         /* an ext fs labelled boot2podman-data/boot2docker-data */
	V_FINISH,       /* formatted and labelled; our staging/magic to clear */
	V_RESUME,       /* our staging record: an interrupted format to redo */
	V_MAGIC,        /* the driver asks for a format (userdata in the tar) */
	V_BLANK,        /* zero first MiB, no signature: format, no userdata */
};

struct decision {
	enum verdict v;
	char why[200];                  /* for the console */
	struct stage st;                /* plan + userdata for FINISH/RESUME/MAGIC/BLANK */
	int partno;                     /* V_DATA/V_FINISH: 1-based, 0 = whole disk */
	uint64_t part_offset;           /* bytes, for image files */
	uint64_t part_bytes;
};

const char *verdict_name(enum verdict v);

/* Looks at a whole disk (device or image) and decides.  swap_bytes is
 * only used to plan a fresh format. */
int storage_classify(const struct sdev *disk, uint64_t swap_bytes, struct decision *d);
void decision_free(struct decision *d);

enum fmt_step {
	FMT_STAGE = 1,  /* staging record (plan + userdata) written and synced */
	FMT_MBR,        /* partition table written, kernel told */
	FMT_MKFS,       /* swap header + mkfs.ext4 -L b2p-formatting */
	FMT_POPULATE,   /* userdata.tar saved on the new fs, unmounted */
	FMT_LABEL,      /* label switched to boot2podman-data: the format is done */
	FMT_CLEANUP,    /* staging record and driver magic cleared */
	FMT_NSTEPS
};

struct fmt_env {
	/* Where partition `partno` (1-based) of the disk is now: the device
	 * node (offset 0) or, for an image, the image at an offset. */
	int (*locate)(void *ctx, const struct sdev *disk, int partno, const struct mbr_part *p,
		      char *path, size_t pathlen, uint64_t *offset);
	/* Puts userdata (may be empty) on the new file system at
	 * var/lib/boot2podman/userdata.tar, durably, and leaves it unmounted. */
	int (*populate)(void *ctx, const char *path, uint64_t offset, uint64_t bytes,
			const unsigned char *ud, size_t udlen);
	void *ctx;
	int stop_after;                 /* tests: pretend power fails after this step; 0 = none */
};

/* Formats according to d (V_MAGIC, V_BLANK, V_RESUME) or finishes it
 * (V_FINISH: only the cleanup).  Returns the last step completed
 * (FMT_CLEANUP when done) or -1. */
int storage_format(const struct sdev *disk, struct decision *d, const struct fmt_env *env);

#endif
