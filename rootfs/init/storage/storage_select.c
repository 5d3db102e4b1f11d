#include "storage_select.h"
#include "msg.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "disk.h"
#include "mkfs.h"
#include "probe.h"

#define MAX_DEVS 128

/* ---- names ---- */

static size_t run_len(const char *s, int (*is)(int))
{
	size_t n = 0;
	while (s[n] && is((unsigned char)s[n]))
		n++;
	return n;
}

static int cmp_digits(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb;
	while (*a == '0' && isdigit((unsigned char)a[1]))
		a++;
	while (*b == '0' && isdigit((unsigned char)b[1]))
		b++;
	size_t la = run_len(a, isdigit), lb = run_len(b, isdigit);
	*pa = a + la;
	*pb = b + lb;
	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(a, b, la);
}

static int cmp_letters(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb;
	size_t la = run_len(a, isalpha), lb = run_len(b, isalpha);
	*pa = a + la;
	*pb = b + lb;
	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(a, b, la);
}

/* Length of the driver's prefix: "vd" in vdb1, "nvme" in nvme0n1; for
 * other names the leading letters. */
static size_t kind_len(const char *n)
{
	static const char *const kinds[] = { "xvd", "vd", "sd", "hd", "nvme", "mmcblk" };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strncmp(n, kinds[i], strlen(kinds[i])) == 0)
			return strlen(kinds[i]);
	return run_len(n, isalpha);
}

/* Natural order inside one kind: the kernel's own naming order. */
static int cmp_rest(const char *pa, const char *pb)
{
	while (*pa && *pb) {
		int c;
		if (isdigit((unsigned char)*pa) && isdigit((unsigned char)*pb))
			c = cmp_digits(&pa, &pb);
		else if (isalpha((unsigned char)*pa) && isalpha((unsigned char)*pb))
			c = cmp_letters(&pa, &pb);
		else
			c = (unsigned char)*pa++ - (unsigned char)*pb++;
		if (c)
			return c;
	}
	return *pa ? 1 : *pb ? -1 : 0;
}

int sel_name_cmp(const char *a, const char *b)
{
	size_t ka = kind_len(a), kb = kind_len(b);
	int c = memcmp(a, b, ka < kb ? ka : kb);
	if (!c && ka != kb)
		c = ka < kb ? -1 : 1;
	if (!c)
		c = cmp_rest(a + ka, b + kb);
	/* equal as numbers (leading zeros): still a total order */
	if (!c)
		c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

static const char *strip_dev(const char *want)
{
	return strncmp(want, "/dev/", 5) == 0 ? want + 5 : want;
}

int sel_allowed(const char *want, const char *name, const char *parent)
{
	if (!want || !*want || strncmp(want, "LABEL=", 6) == 0)
		return 1;
	want = strip_dev(want);
	return strcmp(want, name) == 0 || (parent && *parent && strcmp(want, parent) == 0);
}

int sel_named(const char *want, const char *disk)
{
	return want && *want && strncmp(want, "LABEL=", 6) != 0 && strcmp(strip_dev(want), disk) == 0;
}

static int by_name(const void *a, const void *b)
{
	return sel_name_cmp(((const struct blkdev *)a)->name, ((const struct blkdev *)b)->name);
}

/* disk_list in name order: readdir's order is whatever the kernel made. */
static int list_sorted(const char *sysfs, struct blkdev *devs, int max)
{
	int n = disk_list(sysfs, devs, max);
	if (n > 1)
		qsort(devs, (size_t)n, sizeof(*devs), by_name);
	return n;
}

static int open_node(const struct sel_env *e, const char *name, struct sdev *d)
{
	char path[PATH_MAX];
	if (st_fmt(path, sizeof(path), "%s/%s", e->devdir, name) < 0 || access(path, F_OK) < 0)
		return -1;
	return sdev_open(d, path, 0, 0, 0);
}

/* ---- rule 1: a file system that already carries the data label ---- */

static int label_wanted(const struct sel_env *e, const char *got)
{
	if (e->want && strncmp(e->want, "LABEL=", 6) == 0)
		return strcmp(got, e->want + 6) == 0;
	return strcmp(got, MKFS_LABEL_DATA) == 0 || strcmp(got, MKFS_LABEL_OLD) == 0;
}

/* 1 and the label when dev is an allowed device with a wanted label. */
static int labelled_one(const struct sel_env *e, const struct blkdev *dev, struct sel_label *out)
{
	char parent[32] = "";
	struct sdev d;

	if (dev->partno && disk_parent(e->sysfs, dev->name, parent, sizeof(parent)) < 0)
		return 0;
	const char *disk = dev->partno ? parent : dev->name;
	if (!disk_name_ok(disk) || !sel_allowed(e->want, dev->name, parent) || disk_is_cdrom(e->sysfs, disk))
		return 0;
	if (open_node(e, dev->name, &d) < 0)
		return 0;
	int rc = probe_ext(&d, out->label);
	sdev_close(&d);
	if (rc != 1 || !label_wanted(e, out->label))
		return 0;
	snprintf(out->name, sizeof(out->name), "%.31s", dev->name);
	snprintf(out->disk, sizeof(out->disk), "%.31s", disk);
	out->removable = disk_is_removable(e->sysfs, disk);
	return 1;
}

int sel_labelled(const struct sel_env *e, struct sel_label *out, int max)
{
	struct blkdev devs[MAX_DEVS];
	int n = list_sorted(e->sysfs, devs, MAX_DEVS), found = 0;

	for (int i = 0; i < n && found < max; i++)
		found += labelled_one(e, &devs[i], &out[found]);
	return found;
}

/* <0 when a is to be preferred to b */
static int label_cmp(const struct sel_label *a, const struct sel_label *b)
{
	if (a->removable != b->removable)
		return a->removable ? 1 : -1;
	int oa = strcmp(a->label, MKFS_LABEL_DATA) != 0, ob = strcmp(b->label, MKFS_LABEL_DATA) != 0;
	if (oa != ob)
		return oa ? 1 : -1;
	return sel_name_cmp(a->name, b->name);
}

int sel_pick_labelled(const struct sel_label *c, int n)
{
	int best = n > 0 ? 0 : -1;
	for (int i = 1; i < n; i++)
		if (label_cmp(&c[i], &c[best]) < 0)
			best = i;
	return best;
}

void sel_log_labelled(const struct sel_env *e, const struct sel_label *c, int n, int chosen)
{
	if (chosen < 0 || chosen >= n)
		return;
	for (int i = 0; n > 1 && i < n; i++)
		b2p_log("data label candidate %s/%s: ext label %s%s", e->devdir, c[i].name, c[i].label,
		       c[i].removable ? ", removable disk" : "");
	b2p_log("data partition %s/%s (label %s%s)%s", e->devdir, c[chosen].name, c[chosen].label,
	       c[chosen].removable ? ", removable disk" : "",
	       n > 1 ? ", chosen by the rule: fixed disk before removable, boot2podman-data before "
		       "boot2docker-data, then by device name" : "");
}

/* ---- rules 2-3: the disk to format ---- */

static int better(const struct decision *d, uint64_t bytes, const struct sel_target *cur)
{
	/* our own unfinished work first, then the driver's request (largest
	 * disk), then a blank disk; candidates come in name order, so "first"
	 * and ties go to the lowest name */
	static const int rank[] = { [V_FOREIGN] = 0, [V_DATA] = 0, [V_BLANK] = 1, [V_MAGIC] = 2,
				    [V_RESUME] = 3, [V_FINISH] = 4 };
	if (!cur->have)
		return rank[d->v] > 0;
	if (rank[d->v] != rank[cur->d.v])
		return rank[d->v] > rank[cur->d.v];
	return d->v == V_MAGIC && bytes > cur->bytes;
}

/* 1 when dev may be classified for formatting; says why not otherwise. */
static int format_allowed(const struct sel_env *e, const struct blkdev *dev)
{
	if (dev->partno || !disk_name_ok(dev->name) || !sel_allowed(e->want, dev->name, NULL))
		return 0;
	if (disk_is_cdrom(e->sysfs, dev->name) || dev->ro) {
		b2p_log("skipping %s: %s", dev->name, dev->ro ? "read-only" : "CD-ROM");
		return 0;
	}
	if (dev->removable && !sel_named(e->want, dev->name)) {
		b2p_log("skipping %s/%s: removable disk, never formatted unless b2p.disk=%s/%s names it",
		       e->devdir, dev->name, e->devdir, dev->name);
		return 0;
	}
	return 1;
}

static void consider(const struct sel_env *e, const struct blkdev *dev, uint64_t swap_bytes,
		     struct sel_target *best, int *magic)
{
	struct sdev d;
	struct decision dec;

	if (open_node(e, dev->name, &d) < 0) {
		b2p_log("skipping %s/%s: no device node", e->devdir, dev->name);
		return;
	}
	int rc = storage_classify(&d, swap_bytes, &dec);
	sdev_close(&d);
	if (rc < 0) {
		b2p_log("skipping %s: could not read it", d.path);
		return;
	}
	if (dec.v == V_FOREIGN)
		b2p_log("skipping %s: %s", d.path, dec.why);
	else
		b2p_log("%s: %s", d.path, dec.why);
	*magic += dec.v == V_MAGIC;
	if (!better(&dec, dev->bytes, best)) {
		decision_free(&dec);
		return;
	}
	if (best->have)
		decision_free(&best->d);
	best->d = dec;
	best->bytes = dev->bytes;
	best->have = 1;
	snprintf(best->name, sizeof(best->name), "%.31s", dev->name);
}

int sel_format_target(const struct sel_env *e, uint64_t swap_bytes, struct sel_target *t)
{
	struct blkdev devs[MAX_DEVS];
	int n = list_sorted(e->sysfs, devs, MAX_DEVS), magic = 0;

	memset(t, 0, sizeof(*t));
	for (int i = 0; i < n; i++)
		if (format_allowed(e, &devs[i]))
			consider(e, &devs[i], swap_bytes, t, &magic);
	if (magic > 1 && t->have && t->d.v == V_MAGIC)
		b2p_log("%d disks carry the format-me magic; using the largest, %s", magic, t->name);
	return t->have;
}

/* An NVMe controller adds its namespaces after it has gone live; until
 * then its disks are still to come. */
static int nvme_probing(const char *sysroot)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], state[32];
	struct dirent *d;
	int busy = 0;
	snprintf(dir, sizeof(dir), "%s/class/nvme", sysroot);
	DIR *dp = opendir(dir);
	if (!dp)
		return 0;
	while (!busy && (d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (st_fmt(path, sizeof(path), "%s/%s/state", dir, d->d_name) < 0 ||
		    read_small(path, state, sizeof(state)) < 0)
			continue;
		rstrip(state);
		busy = strcmp(state, "live") != 0 && strcmp(state, "dead") != 0 && strcmp(state, "deleting") != 0;
	}
	closedir(dp);
	return busy;
}

/* usb-storage waits (delay_use) before it adds the SCSI host whose disk
 * follows: an interface bound to it without a host* is still probing. */
static int usb_storage_probing(const char *sysroot)
{
	char dir[PATH_MAX], sub[PATH_MAX + 300];
	struct dirent *d, *h;
	int busy = 0;
	snprintf(dir, sizeof(dir), "%s/bus/usb/drivers/usb-storage", sysroot);
	DIR *dp = opendir(dir);
	if (!dp)
		return 0;
	while (!busy && (d = readdir(dp)) != NULL) {
		if (!strchr(d->d_name, ':'))
			continue; /* bind, unbind, module, uevent, new_id ... */
		if (st_fmt(sub, sizeof(sub), "%s/%s", dir, d->d_name) < 0)
			continue;
		DIR *ip = opendir(sub);
		if (!ip)
			continue;
		int host = 0;
		while (!host && (h = readdir(ip)) != NULL)
			host = strncmp(h->d_name, "host", 4) == 0;
		closedir(ip);
		busy = !host;
	}
	closedir(dp);
	return busy;
}

int sel_buses_probing(const char *sysroot)
{
	return sysroot && (nvme_probing(sysroot) || usb_storage_probing(sysroot));
}

/* An allowed fixed whole disk with its device node (a format candidate or
 * one rules 2-3 will name as skipped), and a cheap fingerprint of the
 * whole device list, to see it change. */
static int fixed_disks(const struct sel_env *e, unsigned long *print)
{
	struct blkdev devs[MAX_DEVS];
	int n = disk_list(e->sysfs, devs, MAX_DEVS), fixed = 0;
	unsigned long h = 5381;
	for (int i = 0; i < n; i++) {
		for (const char *p = devs[i].name; *p; p++)
			h = h * 33 + (unsigned char)*p;
		h = h * 33 + (unsigned long)devs[i].bytes;
		if (devs[i].partno || devs[i].removable || !disk_name_ok(devs[i].name) ||
		    !sel_allowed(e->want, devs[i].name, NULL) || disk_is_cdrom(e->sysfs, devs[i].name))
			continue;
		char node[PATH_MAX];
		if (st_fmt(node, sizeof(node), "%s/%s", e->devdir, devs[i].name) == 0 && access(node, F_OK) == 0)
			fixed++;
	}
	*print = h + (unsigned long)n;
	return fixed;
}

int sel_wait_labelled(const struct sel_env *e, unsigned wait_ms, unsigned settle_ms, struct sel_label *c, int max,
		      int *n)
{
	double start = mono_now(), end = start + wait_ms / 1000.0, changed = start;
	unsigned long print, last = 0;
	int first = 1, said = 0;
	for (;;) {
		int fixed = fixed_disks(e, &print);
		double now = mono_now();
		if (!first && print != last)
			changed = now;
		last = print;
		*n = sel_labelled(e, c, max);
		int pick = sel_pick_labelled(c, *n);
		double still_ms = (now - changed) * 1000;
		if (pick >= 0 && !c[pick].removable)
			return pick;
		if (fixed && (changed == start || still_ms >= SEL_NEW_DISK_MS))
			return pick;
		if (!fixed && pick < 0 && still_ms >= settle_ms && !sel_buses_probing(e->sysroot))
			return pick;
		if (now >= end)
			return pick;
		if (!said) {
			b2p_log("no data disk yet: waiting for one (at most %u s)", wait_ms / 1000);
			said = 1;
		}
		first = 0;
		sleep_ms(50);
	}
}
