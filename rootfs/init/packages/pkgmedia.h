/* The boot medium: on the ISO the package set is not in an initrd but in
 * the ISO's /cde directory (Tiny Core's name for extensions on the CD),
 * so the boot loader reads only the kernel and core.gz and the images
 * are read from the medium when a page is needed. */
#ifndef B2P_PKGMEDIA_H
#define B2P_PKGMEDIA_H

#include <stddef.h>

#define PKGMEDIA_DIR "cde"
#define PKGMEDIA_WAIT_MS_DEFAULT 10000u

/* The ISO 9660 volume ID of the device or image file at path: 1 and the
 * ID (trailing spaces cut) in volid, 0 when it holds no ISO 9660 file
 * system, -1 when it cannot be read. */
int pkgmedia_volid(const char *path, char *volid, size_t len);

/* 1 when a volume ID names our medium: exactly `want` when the boot
 * loader said which (b2p.media=), else any of ours ("b2p-" prefix). */
int pkgmedia_match(const char *volid, const char *want);

/* Finds the medium among the block devices under sysfs (CD drives and
 * whole disks, for an ISO written to a USB stick or attached as a disk),
 * mounts it read-only at <mntdir>/<dev> and puts its package directory in
 * tcedir.  Looks again every 100 ms for up to wait_ms when not there yet.
 * 0 on success, -1 (said on the console) when not found. */
int pkgmedia_find(const char *sysfs, const char *devdir, const char *mntdir, const char *want,
		  unsigned wait_ms, char *tcedir, size_t len);

#endif
