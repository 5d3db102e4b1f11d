/* Which disk holds the data, and which one may be formatted: the rules of
 * docs/disk-protocol.md ("Choosing the disk").  Works on a sysfs tree and a
 * directory of device nodes given by the caller, so the unit tests run it
 * on a fake tree and image files. */
#ifndef B2P_STORAGE_SELECT_H
#define B2P_STORAGE_SELECT_H

#include <stdint.h>

#include "storage_format.h"

struct sel_env {
	const char *sysfs;      /* DISK_SYSFS, or a fake tree */
	const char *devdir;     /* "/dev", or a directory of image files */
	const char *want;       /* b2p.disk=: NULL/"" = any, "/dev/X" or "X", "LABEL=x" */
	const char *sysroot;    /* "/sys" for the buses still probing; NULL: none looked at */
};

#define SEL_MAX_LABELLED 16

/* An ext file system that carries the data label. */
struct sel_label {
	char name[32];          /* vdb1, or vdb for a file system on the whole disk */
	char disk[32];          /* the whole disk it is on */
	char label[17];
	int removable;          /* its disk is removable or on USB */
};

/* Every allowed device with an ext file system labelled boot2podman-data or
 * boot2docker-data (or exactly the LABEL= asked for), in name order.
 * Returns how many (at most max); 0 when none. */
int sel_labelled(const struct sel_env *e, struct sel_label *out, int max);
/* The one to use among n candidates (index), by the documented rule:
 * fixed disks before removable ones, boot2podman-data before
 * boot2docker-data, then name order.  -1 when n is 0. */
int sel_pick_labelled(const struct sel_label *c, int n);
/* Rule 1 over time, ended by what is there rather than by the clock.  It
 * looks every 50 ms, for at most wait_ms, and stops as soon as:
 *   - a fixed disk carries a labelled file system (taken at once), or
 *   - an allowed fixed whole disk is present (rules 2-3 decide what to do
 *     with it); a disk present at the first look counts at once, one that
 *     appears during the wait once the device list has been still for
 *     SEL_NEW_DISK_MS (its partitions are scanned after it shows up), or
 *   - there is no disk at all, no bus under e->sysroot is still probing
 *     (an NVMe controller not yet live, a USB mass-storage interface
 *     without its SCSI host) and the device list has been still for
 *     settle_ms.
 * A labelled file system on a removable disk alone does not end it (a
 * fixed one would be preferred).  Fills c and *n as sel_labelled and
 * returns sel_pick_labelled's answer. */
#define SEL_NEW_DISK_MS 250
int sel_wait_labelled(const struct sel_env *e, unsigned wait_ms, unsigned settle_ms, struct sel_label *c, int max,
		      int *n);
/* 1 when a bus under sysroot is still bringing up disks (see above). */
int sel_buses_probing(const char *sysroot);
/* Says on the console every candidate and which one was chosen, and why
 * when there was a choice to make. */
void sel_log_labelled(const struct sel_env *e, const struct sel_label *c, int n, int chosen);

/* The whole disk to format (or whose interrupted format to finish). */
struct sel_target {
	char name[32];
	struct decision d;
	uint64_t bytes;
	int have;
};

/* Classifies every allowed whole disk (one console line each) and picks:
 * our interrupted format first, then the format-me disk (the largest; the
 * first in name order among equals), then the first blank disk in name
 * order.  Removable disks are skipped unless b2p.disk= names them.
 * Returns 1 with *t filled (decision_free() it), 0 when nothing fits. */
int sel_format_target(const struct sel_env *e, uint64_t swap_bytes, struct sel_target *t);

/* Kernel names in a fixed order: by kind (hd, mmcblk, nvme, sd, vd, xvd),
 * then as the kernel numbers them: runs of digits by value, runs of
 * letters shorter first (vda < vdb < vdz < vdaa, nvme1n1 < nvme10n1, a
 * disk before its partitions, vda1 < vda2 < vda10).  A total order. */
int sel_name_cmp(const char *a, const char *b);
/* 1 when b2p.disk= (want) allows device `name` (on disk `parent`, NULL or
 * "" for a whole disk): no restriction, LABEL=, or it names it or its disk. */
int sel_allowed(const char *want, const char *name, const char *parent);
/* 1 when b2p.disk= names this whole disk (needed to format a removable one). */
int sel_named(const char *want, const char *disk);

#endif
