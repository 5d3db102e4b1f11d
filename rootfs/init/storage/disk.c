#include "disk.h"
#include "msg.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

static int letters(const char *p)
{
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!islower((unsigned char)*p))
			return 0;
	return 1;
}

static const char *digits(const char *p)
{
	if (!isdigit((unsigned char)*p))
		return NULL;
	while (isdigit((unsigned char)*p))
		p++;
	return p;
}

int disk_name_ok(const char *n)
{
	const char *p;
	if (strncmp(n, "xvd", 3) == 0)
		return letters(n + 3);
	if (strncmp(n, "vd", 2) == 0 || strncmp(n, "sd", 2) == 0 || strncmp(n, "hd", 2) == 0)
		return letters(n + 2);
	if (strncmp(n, "nvme", 4) == 0) {
		/* nvme0n1 is a disk; nvme0n1p1 a partition; nvme0 the controller */
		p = digits(n + 4);
		if (!p || *p != 'n')
			return 0;
		p = digits(p + 1);
		return p && *p == 0;
	}
	if (strncmp(n, "mmcblk", 6) == 0) {
		p = digits(n + 6);
		return p && *p == 0;  /* not mmcblk0p1, mmcblk0boot0, mmcblk0rpmb */
	}
	return 0;
}

static int read_line(const char *sysfs, const char *name, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s/%s", sysfs, name, file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static uint64_t read_num(const char *sysfs, const char *name, const char *file, uint64_t dflt)
{
	char b[32], *end;
	if (read_line(sysfs, name, file, b, sizeof(b)) < 0)
		return dflt;
	unsigned long long v = strtoull(b, &end, 10);
	return end == b ? dflt : v;
}

int disk_is_cdrom(const char *sysfs, const char *name)
{
	char t[8];
	if (strncmp(name, "sr", 2) == 0)
		return 1;
	return read_line(sysfs, name, "device/type", t, sizeof(t)) == 0 && strcmp(t, "5") == 0;
}

/* A path component "usbN" (the root hub of a USB controller) on the way
 * from the devices tree to the disk. */
static int under_usb(const char *target)
{
	for (const char *p = target; (p = strstr(p, "/usb")) != NULL; p += 4)
		if (isdigit((unsigned char)p[4]))
			return 1;
	return 0;
}

int disk_is_removable(const char *sysfs, const char *name)
{
	char link[PATH_MAX], target[PATH_MAX], disk[32];
	const char *whole = name;

	if (read_num(sysfs, name, "partition", 0) > 0 && disk_parent(sysfs, name, disk, sizeof(disk)) == 0)
		whole = disk;
	if (read_num(sysfs, whole, "removable", 0) == 1)
		return 1;
	if (snprintf(link, sizeof(link), "%s/%s", sysfs, whole) >= (int)sizeof(link))
		return 0;
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = 0;
	return under_usb(target);
}

int disk_list(const char *sysfs, struct blkdev *out, int max)
{
	DIR *d = opendir(sysfs);
	struct dirent *e;
	int n = 0;

	if (!d) {
		b2p_err("open %s", sysfs);
		return -1;
	}
	while ((e = readdir(d)) != NULL && n < max) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(out->name))
			continue;
		struct blkdev *b = &out[n];
		memset(b, 0, sizeof(*b));
		memcpy(b->name, e->d_name, strlen(e->d_name) + 1);  /* length checked above */
		b->partno = (int)read_num(sysfs, b->name, "partition", 0);
		b->bytes = read_num(sysfs, b->name, "size", 0) * 512;
		b->ro = (int)read_num(sysfs, b->name, "ro", 0);
		if (!b->partno)
			b->removable = disk_is_removable(sysfs, b->name);
		n++;
	}
	closedir(d);
	return n;
}

int disk_part_name(const char *sysfs, const char *disk, int partno, char *out, size_t outlen)
{
	char dir[PATH_MAX], sub[PATH_MAX];
	DIR *d;
	struct dirent *e;
	int rc = -1;

	/* partitions are subdirectories of the disk's own sysfs directory */
	snprintf(dir, sizeof(dir), "%s/%s", sysfs, disk);
	d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strncmp(e->d_name, disk, strlen(disk)) != 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", disk, e->d_name);
		if ((int)read_num(sysfs, sub, "partition", 0) == partno) {
			snprintf(out, outlen, "%s", e->d_name);
			rc = 0;
			break;
		}
	}
	closedir(d);
	return rc;
}

int disk_parent(const char *sysfs, const char *part, char *out, size_t outlen)
{
	char link[PATH_MAX], target[PATH_MAX];
	snprintf(link, sizeof(link), "%s/%s", sysfs, part);
	/* /sys/class/block/vda1 -> ../../devices/.../block/vda/vda1 */
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -1;
	target[n] = 0;
	char *slash = strrchr(target, '/');
	if (!slash)
		return -1;
	*slash = 0;
	slash = strrchr(target, '/');
	snprintf(out, outlen, "%s", slash ? slash + 1 : target);
	return 0;
}

int disk_reread(const struct sdev *disk)
{
	for (int i = 0; i < 10; i++) {
		if (ioctl(disk->fd, BLKRRPART) == 0)
			return 0;
		if (errno != EBUSY) {
			b2p_err("re-read partition table of %s (BLKRRPART)", disk->path);
			return -1;
		}
		sleep_ms(200);
	}
	b2p_log("re-read partition table of %s: still busy", disk->path);
	return -1;
}

int disk_wait_node(const char *path, unsigned ms)
{
	for (unsigned waited = 0;; waited += 100) {
		if (access(path, F_OK) == 0)
			return 0;
		if (waited >= ms)
			break;
		sleep_ms(100);
	}
	b2p_log("%s did not appear within %u ms", path, ms);
	return -1;
}
