/* storage/: the persistent data disk (docs/disk-protocol.md) and the
 * host's shared folders.  Run by the boot job, after the packages.
 *
 *   storage.c          the boot-time driver: find, prepare, check, mount,
 *                      bind, userdata; everything degrades to RAM mode
 *   storage_select.c   which disk: the labelled one, or the one to format
 *   storage_format.c   the crash-safe format (staging record, MBR, mkfs,
 *                      populate, label, cleanup) and the classification
 *   storage_fsck.c     e2fsck -p before the mount
 *   probe.c, probe_sigs.c   what a device holds (the signature table)
 *   disk.c, mbr.c, mkfs.c   sysfs view, partition table, file systems
 *   userdata.c, tar.c  the driver's userdata.tar, read and applied
 *   storage_util.c     positioned I/O on a device or image, CRC32C
 *   shares.c           9p/virtiofs host folders */
#include "storage.h"
#include "msg.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/swap.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "disk.h"
#include "mkfs.h"
#include "probe.h"
#include "storage_format.h"
#include "storage_fsck.h"
#include "grow.h"
#include "storage_select.h"
#include "timeline.h"
#include "userdata.h"

struct user {
	const char *name;
	uid_t uid;
	gid_t gid;
	char home[PATH_MAX];
};

/* ---- small filesystem helpers ---- */

static int bind(const char *src, const char *dst)
{
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0) {
		b2p_err("bind %s on %s", src, dst);
		return -1;
	}
	return 0;
}

static void user_lookup(const struct storage_opts *o, struct user *u)
{
	u->name = o->user && *o->user ? o->user : "tc";
	if (userdata_lookup_user("/etc/passwd", u->name, &u->uid, &u->gid, u->home, sizeof(u->home)) < 0) {
		b2p_log("user %s not in /etc/passwd; using 1000:1000 and /home/%s", u->name, u->name);
		u->uid = 1000;
		u->gid = 1000;
		snprintf(u->home, sizeof(u->home), "/home/%s", u->name);
	}
}

/* ---- the layout on the data partition ---- */

/* Partition root: var/lib/containers, the state dir with etc, ssh and log,
 * var/tmp, home/<user> (each at the path it is bound to).  Created on first
 * use, kept as they are afterwards. */
static int make_layout(const char *mnt, const struct user *u)
{
	static const struct { const char *path; mode_t mode; } dirs[] = {
		{ "/var/lib/containers", 0700 },
		{ B2P_STATE_DIR, 0755 },
		{ B2P_STATE_DIR "/etc", 0755 },
		{ B2P_STATE_DIR "/ssh", 0700 },
		{ B2P_STATE_DIR "/log", 0755 },
		{ "/var/tmp", 01777 },
		{ "/home", 0755 },
	};
	char p[PATH_MAX];
	int rc = 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", mnt, dirs[i].path);
		if (mkdir_owned(p, 0755, dirs[i].mode, 0, 0) < 0)
			rc = -1;
	}
	snprintf(p, sizeof(p), "%s/home/%s", mnt, u->name);
	if (mkdir_owned(p, 0755, 0755, u->uid, u->gid) < 0)
		rc = -1;
	return rc;
}

/* First boot with a persistent home: bring the ISO's dotfiles along
 * (regular files at the top of the RAM home, never overwriting). */
static void seed_home(const char *from, const char *to, const struct user *u)
{
	DIR *d = opendir(from);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char src[PATH_MAX], dst[PATH_MAX], buf[4096];
		struct stat st;
		if (st_fmt(src, sizeof(src), "%s/%s", from, e->d_name) < 0 ||
		    st_fmt(dst, sizeof(dst), "%s/%s", to, e->d_name) < 0 ||
		    lstat(src, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		int in = open(src, O_RDONLY | O_CLOEXEC);
		int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
		ssize_t n = 0;
		while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n) {
				n = -1;
				break;
			}
		if (out >= 0 && (n < 0 || fchown(out, u->uid, u->gid) < 0))
			b2p_err("copy %s to %s", src, dst);
		if (in >= 0)
			close(in);
		if (out >= 0)
			close(out);
	}
	closedir(d);
}

/* ---- the format environment for real devices ---- */

struct real_ctx {
	char disk[32];          /* vda */
	int reread;             /* partition table re-read this boot */
};

static int real_locate(void *vctx, const struct sdev *disk, int partno, const struct mbr_part *p,
		       char *path, size_t pathlen, uint64_t *offset)
{
	struct real_ctx *c = vctx;
	char name[32];
	(void)p;

	if (!c->reread) {
		if (disk_reread(disk) < 0)
			return -1;
		c->reread = 1;
	}
	/* sysfs first (the kernel's name: vda1, nvme0n1p1, mmcblk0p1), then
	 * the node devtmpfs creates for it; both may lag a little. */
	for (int i = 0; disk_part_name(DISK_SYSFS, c->disk, partno, name, sizeof(name)) < 0; i++) {
		if (i == 50) {
			b2p_log("partition %d of %s did not appear in %s", partno, c->disk, DISK_SYSFS);
			return -1;
		}
		sleep_ms(100);
	}
	*offset = 0;
	if (st_fmt(path, pathlen, "/dev/%s", name) < 0)
		return -1;
	return disk_wait_node(path, 5000);
}

static int mount_data(const char *dev, const char *mnt)
{
	if (mkdir_owned(mnt, 0755, 0755, 0, 0) < 0)
		return -1;
	if (mount(dev, mnt, "ext4", 0, NULL) < 0) {
		b2p_err("mount %s on %s", dev, mnt);
		return -1;
	}
	return 0;
}

static void mnt_for(const char *dev, char *mnt, size_t len)
{
	const char *base = strrchr(dev, '/');
	snprintf(mnt, len, "/mnt/%s", base ? base + 1 : dev);
}

static int real_populate(void *vctx, const char *path, uint64_t offset, uint64_t bytes,
			 const unsigned char *ud, size_t udlen)
{
	char mnt[128], dir[PATH_MAX], file[PATH_MAX];
	int rc = 0;
	(void)vctx;
	(void)offset;
	(void)bytes;

	mnt_for(path, mnt, sizeof(mnt));
	if (mount_data(path, mnt) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s" B2P_STATE_DIR, mnt);
	if (mkdir_owned(dir, 0755, 0755, 0, 0) < 0)
		rc = -1;
	if (st_fmt(file, sizeof(file), "%s/" USERDATA_NAME, dir) < 0)
		rc = -1;
	if (rc == 0 && udlen && userdata_save(file, ud, udlen) < 0)
		rc = -1;
	/* umount writes everything back; its failure means it may not have */
	if (umount(mnt) < 0) {
		b2p_err("umount %s", mnt);
		rc = -1;
	}
	return rc;
}

/* Turns on partition 2 of the data partition's disk when it holds our own
 * swap signature (made by b2p.swap= when the disk was formatted). */
static void use_swap(const char *datadev)
{
	char disk[32], name[32], path[64];
	struct sdev d;
	struct probe_result pr;

	if (disk_parent(DISK_SYSFS, datadev + strlen("/dev/"), disk, sizeof(disk)) < 0 ||
	    disk_part_name(DISK_SYSFS, disk, 2, name, sizeof(name)) < 0)
		return;
	snprintf(path, sizeof(path), "/dev/%s", name);
	if (sdev_open(&d, path, 0, 0, 0) < 0)
		return;
	int rc = probe_sdev(&d, 0, &pr);
	sdev_close(&d);
	if (rc != 1 || pr.sig != PROBE_SWAP || strcmp(pr.label, MKFS_LABEL_SWAP) != 0)
		return;
	if (swapon(path, 0) < 0)
		b2p_err("swapon %s", path);
	else
		b2p_log("swap on %s", path);
}

/* Runs (or finishes) the format on the chosen disk; fills r->device. */
static int prepare(struct sel_target *p, struct storage_result *r)
{
	char path[64];
	struct sdev disk;
	struct real_ctx ctx = { .reread = 0 };
	struct fmt_env env = { real_locate, real_populate, &ctx, 0 };
	uint64_t off;

	snprintf(ctx.disk, sizeof(ctx.disk), "%s", p->name);
	snprintf(path, sizeof(path), "/dev/%s", p->name);
	if (p->d.v != V_FINISH)
		b2p_log("formatting %s (%s)%s", path, verdict_name(p->d.v),
		       p->d.st.udlen ? ", keeping the driver's userdata" : "");
	if (p->d.st.layout.part[1].type == 0 && p->d.v != V_FINISH && p->d.v != V_RESUME)
		b2p_dbg("no swap partition (not asked, or the disk is too small)");
	if (sdev_open(&disk, path, 0, 0, 1) < 0)
		return -1;
	int rc = storage_format(&disk, &p->d, &env);
	if (rc == FMT_CLEANUP)
		rc = real_locate(&ctx, &disk, 1, &p->d.st.layout.part[0], r->device, sizeof(r->device), &off);
	else
		rc = -1;
	sdev_close(&disk);
	return rc;
}

/* A labelled partition found by rule 1 may still carry our staging record
 * on its disk (power lost between label and cleanup): finish it. */
static void finish_if_staged(const char *dev)
{
	char parent[32];
	struct sel_target p;
	struct sdev d;
	const char *base = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;

	if (disk_parent(DISK_SYSFS, base, parent, sizeof(parent)) < 0 || strcmp(parent, "block") == 0)
		return;
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", parent);
	char path[64];
	snprintf(path, sizeof(path), "/dev/%s", parent);
	if (sdev_open(&d, path, 0, 0, 0) < 0)
		return;
	int rc = storage_classify(&d, 0, &p.d);
	sdev_close(&d);
	if (rc == 0 && p.d.v == V_FINISH) {
		struct storage_result ignore;
		prepare(&p, &ignore);
	}
	decision_free(&p.d);
}

/* ---- using the data partition ---- */

/* The mounts use_partition() made, undone in reverse when one fails. */
struct mounted {
	const char *path[5];
	int n;
};

static int bind_tracked(struct mounted *m, const char *src, const char *dst)
{
	if (bind(src, dst) < 0)
		return -1;
	m->path[m->n++] = dst;
	return 0;
}

static void undo_mounts(struct mounted *m)
{
	while (m->n > 0) {
		const char *p = m->path[--m->n];
		if (umount(p) == 0)
			continue;
		b2p_err("umount %s (detaching it)", p);
		if (umount2(p, MNT_DETACH) < 0)
			b2p_err("umount -l %s", p);
	}
}

/* Binds the persistent directories; all or none. */
static int bind_all(const struct user *u, const char *mnt, const char *home_src, struct mounted *m)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/var/lib/containers", mnt);
	if (mkdir_owned("/var/lib/containers", 0755, 0700, 0, 0) < 0 || bind_tracked(m, p, "/var/lib/containers") < 0)
		return -1;
	snprintf(p, sizeof(p), "%s" B2P_STATE_DIR, mnt);
	if (mkdir_owned(B2P_STATE_DIR, 0755, 0755, 0, 0) < 0 || bind_tracked(m, p, B2P_STATE_DIR) < 0)
		return -1;
	if (mkdir_owned(u->home, 0755, 0755, u->uid, u->gid) < 0 || bind_tracked(m, home_src, u->home) < 0)
		return -1;
	/* podman stages builds and image pulls in /var/tmp: not in RAM. */
	snprintf(p, sizeof(p), "%s/var/tmp", mnt);
	if (chmod(p, 01777) < 0) {
		b2p_err("chmod %s", p);
		return -1;
	}
	return bind_tracked(m, p, "/var/tmp");
}

/* Mounts the data partition and binds its directories.  On any failure
 * nothing stays mounted and the reason has been said. */
static int use_partition(const struct storage_opts *o, struct storage_result *r)
{
	struct user u;
	struct mounted m = { .n = 0 };
	char home_src[PATH_MAX];
	struct stat st;

	user_lookup(o, &u);
	mnt_for(r->device, r->mountpoint, sizeof(r->mountpoint));
	if (mount_data(r->device, r->mountpoint) < 0)
		return -1;
	m.path[m.n++] = r->mountpoint;
	if (stat(r->mountpoint, &st) < 0) {
		b2p_err("stat %s", r->mountpoint);
		undo_mounts(&m);
		return -1;
	}
	r->dev = st.st_dev;
	snprintf(home_src, sizeof(home_src), "%s/home/%s", r->mountpoint, u.name);
	int new_home = lstat(home_src, &st) < 0;
	if (make_layout(r->mountpoint, &u) < 0)
		b2p_log("some directories on %s could not be made", r->mountpoint);
	if (new_home)
		seed_home(u.home, home_src, &u);
	if (bind_all(&u, r->mountpoint, home_src, &m) < 0) {
		undo_mounts(&m);
		return -1;
	}
	return 0;
}

static void apply_userdata(const struct storage_opts *o)
{
	struct user u;
	unsigned char *ud;
	size_t len;

	if (userdata_load(B2P_STATE_DIR "/" USERDATA_NAME, &ud, &len) < 0)
		return;
	user_lookup(o, &u);
	int problems = userdata_apply(ud, len, u.home, u.uid, u.gid, "/root/.ssh");
	if (problems)
		b2p_log("userdata applied with %d problem(s)", problems);
	else
		b2p_log("userdata applied to %s and /root/.ssh", u.home);
	free(ud);
}

static int ram_mode(struct storage_result *r, const char *why)
{
	b2p_log("RAM mode: %s; nothing will persist", why);
	r->persistent = 0;
	r->dev = 0;
	r->device[0] = r->mountpoint[0] = 0;
	mkdir_owned(B2P_STATE_DIR, 0755, 0755, 0, 0);
	return 0;
}

/* The data disk could not be used after all: said loudly, since the user
 * expects persistence and will otherwise lose what this boot writes. */
static int ram_fallback(struct storage_result *r, const char *what)
{
	char why[1024];
	snprintf(why, sizeof(why), "WARNING: the data disk %s is NOT in use: %s", r->device, what);
	return ram_mode(r, why);
}

/* Rule 1: a file system that already carries the data label.  Disks can
 * appear late (USB, slow controllers): wait for one before deciding that
 * a disk needs formatting, and while only a removable one has shown up,
 * since a fixed one would be preferred. */
static int find_labelled(const struct storage_opts *o, const struct sel_env *env, struct storage_result *r)
{
	struct sel_label c[SEL_MAX_LABELLED];
	/* The kernel has probed since long before this (the packages were
	 * loaded meanwhile): that time counts towards the stillness asked. */
	double since = o->settle_from > 0 ? (mono_now() - o->settle_from) * 1000 : 0;
	unsigned settle = since >= o->settle_ms ? 0 : o->settle_ms - (unsigned)since;
	long long t = timeline_now_ms();
	int n, pick = sel_wait_labelled(env, o->waitdisk_s * 1000, settle, c, SEL_MAX_LABELLED, &n);
	timeline_end("diskwait", t);

	if (pick < 0)
		return 0;
	sel_log_labelled(env, c, n, pick);
	snprintf(r->device, sizeof(r->device), "/dev/%s", c[pick].name);
	return 1;
}

/* Runs e2fsck -p on the data partition; 0 when it may be mounted. */
static int check_fs(struct storage_result *r)
{
	struct fsck_result f;
	char what[900];
	long long t = timeline_now_ms();
	int rc = fsck_run("e2fsck", r->device, STORAGE_FSCK_LOG, STORAGE_FSCK_TIMEOUT_S, &f);
	timeline_end("fsck", t);
	switch (rc) {
	case FSCK_CLEAN:
		b2p_log("%s (%.2f s)", f.summary, f.seconds);
		return 0;
	case FSCK_REPAIRED:
		b2p_log("%s: the file system was repaired in %.1f s (see %s)", f.summary, f.seconds, STORAGE_FSCK_LOG);
		return 0;
	case FSCK_NOT_RUN:
		b2p_log("%s; mounting without a check (the kernel still replays the journal)", f.summary);
		return 0;
	case FSCK_NOT_FIXED:
	default:
		break;
	}
	snprintf(what, sizeof(what),
		 "%s; it needs a manual repair: on the console run 'e2fsck -f %s', then reboot (see %s)",
		 f.summary, r->device, STORAGE_FSCK_LOG);
	ram_fallback(r, what);
	return -1;
}

int storage_setup(const struct storage_opts *o, struct storage_result *r)
{
	struct sel_env env = { DISK_SYSFS, "/dev", o->disk, "/sys" };
	struct sel_target t;

	memset(r, 0, sizeof(*r));
	if (o->nodisk)
		return ram_mode(r, "b2p.nodisk given");

	if (find_labelled(o, &env, r)) {
		finish_if_staged(r->device);
	} else if (o->disk && strncmp(o->disk, "LABEL=", 6) == 0) {
		return ram_mode(r, "no file system has the label asked for by b2p.disk=");
	} else if (!sel_format_target(&env, o->swap_bytes, &t)) {
		return ram_mode(r, "no usable disk");
	} else {
		long long ms = timeline_now_ms();
		if (o->formatting)
			o->formatting();
		int rc = prepare(&t, r);
		timeline_end("format", ms);
		decision_free(&t.d);
		if (rc < 0)
			return ram_mode(r, "the data disk could not be prepared (the next boot resumes)");
	}
	if (check_fs(r) < 0)
		return 0;
	long long ms = timeline_now_ms();
	if (use_partition(o, r) < 0)
		return ram_fallback(r, "it could not be mounted and bound (see the messages above)");
	use_swap(r->device);
	r->persistent = 1;
	timeline_end("mount", ms);
	ms = timeline_now_ms();
	grow_data(r->device, r->mountpoint);
	timeline_end("grow", ms);
	b2p_log("persistent storage on %s at %s", r->device, r->mountpoint);
	ms = timeline_now_ms();
	apply_userdata(o);
	timeline_end("userdata", ms);
	return 0;
}

int storage_user_script(const struct storage_result *r, const char *dir, const char *name, char *path,
			size_t len)
{
	struct stat st;

	if (st_fmt(path, len, "%s/%s", dir, name) < 0 || lstat(path, &st) < 0)
		return 0;
	if (!r->persistent) {
		b2p_log("not running %s: no data disk in use (RAM mode)", path);
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		b2p_log("not running %s: not a regular file", path);
		return 0;
	}
	if (st.st_dev != r->dev) {
		b2p_log("not running %s: it is not on the data disk %s", path, r->device);
		return 0;
	}
	return 1;
}
