#include "pkgmedia.h"
#include "disk.h"
#include "msg.h"
#include "probe.h"
#include "storage_util.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define MEDIA_MAX_DEVS 64
#define MEDIA_POLL_MS 100

int pkgmedia_volid(const char *path, char *volid, size_t len)
{
	struct sdev d;
	struct probe_result r;
	/* Only the ISO 9660 signature: every other one is skipped. */
	unsigned skip = ((1u << PROBE_NSIGS) - 1) & ~PROBE_SKIP(PROBE_ISO9660);
	if (sdev_open(&d, path, 0, 0, 0) < 0)
		return -1;
	int rc = probe_sdev(&d, skip, &r);
	sdev_close(&d);
	if (rc <= 0)
		return rc;
	/* High Sierra discs share the family; only ISO 9660 carries our ID. */
	if (strcmp(r.desc, "an ISO 9660 file system") != 0)
		return 0;
	snprintf(volid, len, "%s", r.label);
	return 1;
}

int pkgmedia_match(const char *volid, const char *want)
{
	if (want && *want)
		return strcmp(volid, want) == 0;
	return strncmp(volid, "b2p-", 4) == 0;
}

/* Mounts dev at mp and checks it carries a package set; 0 or -1. */
static int try_mount(const char *dev, const char *mp, char *tcedir, size_t len)
{
	char lst[PATH_MAX];
	if (mkdir_p(mp, 0755) < 0)
		return -1;
	if (mount(dev, mp, "iso9660", MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0) {
		b2p_err("mount %s on %s", dev, mp);
		rmdir(mp);
		return -1;
	}
	snprintf(lst, sizeof(lst), "%s/" PKGMEDIA_DIR "/onboot.lst", mp);
	if (!path_exists(lst)) {
		b2p_log("%s: no %s on it; not the boot medium", dev, lst + strlen(mp) + 1);
		if (umount(mp) < 0)
			b2p_err("unmount %s", mp);
		rmdir(mp);
		return -1;
	}
	snprintf(tcedir, len, "%s/" PKGMEDIA_DIR, mp);
	return 0;
}

/* One look at every device; 0 when the medium was found and mounted. */
static int look(const char *sysfs, const char *devdir, const char *mntdir, const char *want,
		char *tcedir, size_t len)
{
	static struct blkdev devs[MEDIA_MAX_DEVS];
	int n = disk_list(sysfs, devs, MEDIA_MAX_DEVS);
	for (int i = 0; i < n; i++) {
		const char *name = devs[i].name;
		char dev[256], mp[256], volid[64];
		if (devs[i].partno || (strncmp(name, "sr", 2) != 0 && !disk_name_ok(name)))
			continue;
		if (snprintf(dev, sizeof(dev), "%s/%s", devdir, name) >= (int)sizeof(dev) ||
		    snprintf(mp, sizeof(mp), "%s/%s", mntdir, name) >= (int)sizeof(mp))
			continue;
		/* An empty drive (ENOMEDIUM) is not ours: said only with b2p.debug. */
		int fd = open(dev, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0) {
			b2p_dbg("%s: %s", dev, strerror(errno));
			continue;
		}
		close(fd);
		int rc = pkgmedia_volid(dev, volid, sizeof(volid));
		if (rc <= 0 || !pkgmedia_match(volid, want)) {
			if (rc > 0)
				b2p_dbg("%s: volume %s is not the boot medium", dev, volid);
			continue;
		}
		if (try_mount(dev, mp, tcedir, len) == 0) {
			b2p_log("packages from %s (volume %s) at %s", dev, volid, tcedir);
			return 0;
		}
	}
	return -1;
}

int pkgmedia_find(const char *sysfs, const char *devdir, const char *mntdir, const char *want,
		  unsigned wait_ms, char *tcedir, size_t len)
{
	double end = mono_now() + wait_ms / 1000.0;
	for (;;) {
		if (look(sysfs, devdir, mntdir, want, tcedir, len) == 0)
			return 0;
		if (mono_now() >= end)
			break;
		sleep_ms(MEDIA_POLL_MS);
	}
	b2p_log("no boot medium%s%s%s with a /" PKGMEDIA_DIR " package set among the disks and CD drives: "
		"keep the ISO attached (as a CD or a disk), or boot the kernel with core.gz and podman.gz, or give b2p.tce=DIR",
		want && *want ? " (volume " : "", want && *want ? want : "", want && *want ? ")" : "");
	return -1;
}
