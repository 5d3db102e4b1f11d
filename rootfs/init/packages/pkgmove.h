/* The package images out of RAM: they arrive in the package initrd and
 * so live in the tmpfs root (some 50 MiB that MemAvailable never sees
 * again).  Once the data disk is mounted, each loaded image is copied into
 * a cache on the disk and its loop device is switched to the copy with
 * LOOP_CHANGE_FD (the device is read-only and the copy the same size, as
 * the kernel demands); the RAM image is then replaced by a symlink to the
 * copy, which frees its pages.
 *
 * Crash safety: a copy is written under a temporary name, fsynced,
 * compared byte for byte with the image (which was checked against its
 * .md5.txt when it was loaded) and only then renamed to its final name,
 * which carries that md5; a copy found from an earlier boot is compared
 * again before it is used.  Leftover temporary files and copies of images
 * no longer loaded are removed.  The boot never depends on the cache: the
 * images always come from the initrd, and an image that cannot be moved
 * simply stays in RAM. */
#ifndef B2P_PKGMOVE_H
#define B2P_PKGMOVE_H

#include "util.h"

#include <sys/types.h>

#define PKGMOVE_CACHE B2P_STATE_DIR "/pkgcache"

struct pkgmove_opts {
	const char *tcedir;             /* images in <tcedir>/optional */
	const char *tcloop;             /* one mount point per loaded package */
	const char *cachedir;           /* on the data disk; made if missing */
	/* Free space that must remain on the disk after the copies: the
	 * larger of these two (a nearly full disk keeps its last bytes). */
	unsigned long long keep_free_bytes;
	unsigned keep_free_pct;
	/* Only images on a tmpfs or ramfs move (1 by default): one read from
	 * the boot medium or a disk is in no memory to free. */
	int only_ram;
};

struct pkgmove_result {
	int moved;                      /* loop devices now on the disk copy */
	int copied;                     /* of which copied this time */
	int failed;                     /* left in RAM after an error */
	int skipped;                    /* left in RAM: not enough room */
	unsigned long long bytes;       /* size of the images moved */
};

/* The boot's settings: PKGMOVE_CACHE, 256 MiB or 10 % kept free. */
void pkgmove_defaults(struct pkgmove_opts *o, const char *tcedir);
/* Moves every image mounted under o->tcloop whose loop device reads
 * <tcedir>/optional/<name>.tcz.  Reports each failure and a summary line.
 * 0, or -1 when nothing could be tried (cache dir unusable). */
int pkgmove_run(const struct pkgmove_opts *o, struct pkgmove_result *r);
/* pkgmove_run with the defaults in a child at low priority, so the boot
 * does not wait for the copies; the child records the step `pkgmove` in
 * the boot timeline.  The child's pid, or -1 (reported). */
pid_t pkgmove_start(const char *tcedir);

#endif
