/* Persistent data disk: find it, prepare it when the driver asked for it,
 * mount it and bind the persistent directories.  See docs/disk-protocol.md. */
#ifndef B2P_STORAGE_H
#define B2P_STORAGE_H

#include <stddef.h>
#include <sys/types.h>

struct storage_opts {
	int nodisk;                     /* b2p.nodisk: RAM mode, no probing */
	const char *disk;               /* b2p.disk=: device path or LABEL=x; only this may be formatted */
	unsigned waitdisk_s;            /* b2p.waitdisk=, default 5: the bound of the disk wait */
	unsigned settle_ms;             /* b2p.disksettle=: no disk at all and none came for this long: none */
	double settle_from;             /* mono_now() from which that stillness counts (the init's start) */
	unsigned long long swap_bytes;  /* b2p.swap=, 0 = none */
	const char *user;               /* default "tc" */
	void (*formatting)(void);       /* called (if set) just before a disk is formatted */
};

struct storage_result {
	int persistent;                 /* 1: the data partition is mounted and bound */
	char device[64];                /* e.g. /dev/vda1 */
	char mountpoint[128];           /* e.g. /mnt/vda1 */
	dev_t dev;                      /* st_dev of the mounted data file system */
};

/* e2fsck's output and outcome (moves to the disk's log/ with /var/log). */
#define STORAGE_FSCK_LOG "/var/log/fsck.log"
/* A check still running after this long is stopped: RAM mode rather than
 * a boot that never ends. */
#define STORAGE_FSCK_TIMEOUT_S 900

/* Finds or prepares the data disk, mounts it, binds the persistent dirs,
 * applies userdata.  Never fails the boot: on any problem it reports and
 * falls back to RAM mode (persistent=0), and still applies nothing
 * destructive.  The data file system is checked with e2fsck -p first and
 * is not mounted when that leaves errors; a mount or bind that fails
 * leaves nothing mounted.  Both say so on the console.  Returns 0. */
int storage_setup(const struct storage_opts *o, struct storage_result *r);

/* The user's boot hook `name` in dir (B2P_STATE_DIR, util.h): 1 and its path
 * when it may run, i.e. storage is persistent and the hook is a regular
 * file on the chosen data file system (not a link, nothing from RAM or
 * another disk); 0 otherwise, said on the console unless it is absent. */
int storage_user_script(const struct storage_result *r, const char *dir, const char *name, char *path,
			size_t len);

#endif
