#include "pkgmove.h"
#include "md5.h"
#include "msg.h"
#include "pkgload.h"
#include "pkgplan.h"
#include "proc.h"
#include "timeline.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define CHUNK (256 * 1024)
#define MIB (1024.0 * 1024.0)
#define TMP_SUFFIX ".tmp"

struct item {
	char name[PKG_NAME_MAX];
	char image[PATH_MAX];           /* <tcedir>/optional/<name>.tcz */
	char cache[PKG_NAME_MAX + 40];  /* <name>-<md5>.tcz in the cache dir */
	char loopdev[32];               /* /dev/loopN */
	off_t size;
	int todo;                       /* 1: still in RAM, to be moved */
	int cached;                     /* a copy of the right size is there */
};

struct run {
	const struct pkgmove_opts *o;
	struct pkgmove_result *r;
	int dfd;                        /* the cache dir */
	struct item *items;
	int n;
	char *buf[2];                   /* CHUNK each, for comparing */
};

void pkgmove_defaults(struct pkgmove_opts *o, const char *tcedir)
{
	o->tcedir = tcedir;
	o->tcloop = TCLOOP;
	o->cachedir = PKGMOVE_CACHE;
	o->keep_free_bytes = 256ULL << 20;
	o->keep_free_pct = 10;
	o->only_ram = 1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* The loop device under a mount point: /dev/<DEVNAME> and its backing
 * file, from sysfs.  -1 when the mount is not on a loop device. */
static int loop_of(const char *mp, char *dev, size_t devlen, char *backing, size_t blen)
{
	struct stat st;
	char path[128], text[512];
	if (stat(mp, &st) < 0)
		return -1;
	unsigned ma = major(st.st_dev), mi = minor(st.st_dev);
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/loop/backing_file", ma, mi);
	if (read_small(path, backing, blen) < 0)
		return -1;
	rstrip(backing);
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent", ma, mi);
	if (read_small(path, text, sizeof(text)) < 0)
		return -1;
	const char *p = strstr(text, "DEVNAME=");
	if (!p)
		return -1;
	p += strlen("DEVNAME=");
	size_t len = strcspn(p, "\n");
	if (snprintf(dev, devlen, "/dev/%.*s", (int)len, p) >= (int)devlen)
		return -1;
	return 0;
}

/* The md5 the image was loaded against, as hex. */
static int image_md5(const char *image, const char *name, char hex[33])
{
	char path[PATH_MAX + 16], text[4096], file[PKG_NAME_MAX + 8];
	unsigned char d[16];
	snprintf(path, sizeof(path), "%s.md5.txt", image);
	snprintf(file, sizeof(file), "%s.tcz", name);
	if (read_small(path, text, sizeof(text)) < 0 || pkg_md5_line(text, file, d) < 0)
		return -1;
	md5_hex(d, hex);
	return 0;
}

/* One mounted package: 1 and *it filled when its image is still in RAM
 * behind a loop device; 0 when there is nothing to do (already moved:
 * then its cache name is filled, so the sweep keeps the copy). */
static int consider(struct run *w, const char *name, struct item *it)
{
	char mp[PATH_MAX], backing[PATH_MAX], real[PATH_MAX], hex[33];
	struct stat st;
	memset(it, 0, sizeof(*it));
	snprintf(it->name, sizeof(it->name), "%s", name);
	if (snprintf(mp, sizeof(mp), "%s/%s", w->o->tcloop, name) >= (int)sizeof(mp) ||
	    snprintf(it->image, sizeof(it->image), "%s/optional/%s.tcz", w->o->tcedir, name) >=
		    (int)sizeof(it->image))
		return 0;
	if (loop_of(mp, it->loopdev, sizeof(it->loopdev), backing, sizeof(backing)) < 0)
		return 0;
	if (image_md5(it->image, name, hex) < 0) {
		b2p_log("package %s: no md5 for %s; left in RAM", name, it->image);
		return 0;
	}
	snprintf(it->cache, sizeof(it->cache), "%s-%s.tcz", name, hex);
	if (lstat(it->image, &st) < 0 || !S_ISREG(st.st_mode))
		return 0; /* moved by an earlier run: a link to the copy */
	struct statfs sf;
	if (w->o->only_ram && statfs(it->image, &sf) == 0 && sf.f_type != TMPFS_MAGIC &&
	    sf.f_type != RAMFS_MAGIC) {
		b2p_dbg("package %s: %s is not in RAM; left where it is", name, it->image);
		return 0;
	}
	if (!realpath(it->image, real) || strcmp(real, backing) != 0) {
		b2p_dbg("package %s: its loop device reads %s, not %s; left alone", name, backing, it->image);
		return 0;
	}
	it->size = st.st_size;
	struct stat cs;
	it->cached = fstatat(w->dfd, it->cache, &cs, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(cs.st_mode) &&
		     cs.st_size == st.st_size;
	it->todo = 1;
	return 1;
}

static int collect(struct run *w)
{
	DIR *d = opendir(w->o->tcloop);
	if (!d) {
		b2p_err("open %s", w->o->tcloop);
		return -1;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL && w->n < PKG_MAX) {
		if (!pkg_name_ok(e->d_name))
			continue;
		struct item *it = &w->items[w->n];
		consider(w, e->d_name, it);
		if (it->cache[0])
			w->n++;
	}
	closedir(d);
	return 0;
}

static int kept(const struct run *w, const char *file)
{
	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->items[i].cache, file))
			return 1;
	return 0;
}

/* Removes what a cut-off earlier run left (temporary copies) and copies
 * of images this boot did not load (an older ISO's). */
static void sweep(struct run *w)
{
	int fd = dup(w->dfd);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		b2p_err("list %s", w->o->cachedir);
		if (fd >= 0)
			close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *f = e->d_name;
		int stale = (f[0] == '.' && ends_with(f, TMP_SUFFIX) && strcmp(f, ".") && strcmp(f, "..")) ||
			    (f[0] != '.' && ends_with(f, ".tcz") && !kept(w, f));
		if (!stale)
			continue;
		if (unlinkat(w->dfd, f, 0) < 0)
			b2p_err("remove %s/%s", w->o->cachedir, f);
		else
			b2p_dbg("removed %s/%s", w->o->cachedir, f);
	}
	closedir(d);
}

/* 0 when both files hold the same `size` bytes, 1 when they differ, -1
 * on a read error (errno set). */
static int compare(struct run *w, int a, int b, off_t size)
{
	for (off_t off = 0; off < size;) {
		size_t n = size - off > CHUNK ? CHUNK : (size_t)(size - off);
		ssize_t x = pread_full(a, w->buf[0], n, off);
		ssize_t y = x < 0 ? -1 : pread_full(b, w->buf[1], n, off);
		if (x < 0 || y < 0)
			return -1;
		if ((size_t)x != n || (size_t)y != n || memcmp(w->buf[0], w->buf[1], n) != 0)
			return 1;
		off += (off_t)n;
	}
	return 0;
}

/* Whether the copy in the cache (fd) is the image, read from the disk
 * rather than from the page cache the copy just filled. */
static int copy_is_good(struct run *w, const struct item *it, int img, int fd)
{
	if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0)
		b2p_dbg("package %s: cannot drop the copy's cached pages", it->name);
	int rc = compare(w, img, fd, it->size);
	if (rc < 0)
		b2p_err("package %s: read %s/%s back", it->name, w->o->cachedir, it->cache);
	else if (rc > 0)
		b2p_log("package %s: %s/%s differs from the image", it->name, w->o->cachedir, it->cache);
	/* From here on the loop device reads it, now and then. */
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	return rc == 0;
}

static int copy_data(int img, int out, off_t size)
{
	off_t off = 0;
	while (off < size) {
		size_t n = size - off > (1 << 30) ? (1 << 30) : (size_t)(size - off);
		ssize_t c = sendfile(out, img, &off, n);
		if (c < 0 && errno == EINTR)
			continue;
		if (c <= 0) {
			if (c == 0)
				errno = EIO;
			return -1;
		}
	}
	return 0;
}

/* Writes the image to a temporary name, makes it durable, checks it and
 * renames it into place.  0, or -1 (reported; nothing left behind). */
static int copy_in(struct run *w, const struct item *it, int img)
{
	char tmp[sizeof(it->cache) + 8];
	snprintf(tmp, sizeof(tmp), ".%s" TMP_SUFFIX, it->cache);
	if (unlinkat(w->dfd, tmp, 0) < 0 && errno != ENOENT)
		b2p_err("remove %s/%s", w->o->cachedir, tmp);
	int fd = openat(w->dfd, tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		b2p_err("package %s: create %s/%s", it->name, w->o->cachedir, tmp);
		return -1;
	}
	const char *what = NULL;
	if (copy_data(img, fd, it->size) < 0)
		what = "write";
	else if (fsync(fd) < 0)
		what = "fsync";
	if (what)
		b2p_err("package %s: %s %s/%s", it->name, what, w->o->cachedir, tmp);
	int ok = !what && copy_is_good(w, it, img, fd);
	if (close(fd) < 0 && ok) {
		b2p_err("package %s: close %s/%s", it->name, w->o->cachedir, tmp);
		ok = 0;
	}
	if (ok && renameat(w->dfd, tmp, w->dfd, it->cache) < 0) {
		b2p_err("package %s: rename %s/%s", it->name, w->o->cachedir, tmp);
		ok = 0;
	}
	if (!ok) {
		if (unlinkat(w->dfd, tmp, 0) < 0 && errno != ENOENT)
			b2p_err("remove %s/%s", w->o->cachedir, tmp);
		return -1;
	}
	/* The new name is durable before the loop device depends on it. */
	if (fsync(w->dfd) < 0)
		b2p_err("fsync %s", w->o->cachedir);
	return 0;
}

/* The copy in the cache, checked, open read-only: reused when one from an
 * earlier boot is good, made otherwise.  -1 when there is none. */
static int cache_open(struct run *w, struct item *it, int img)
{
	if (it->cached) {
		int fd = openat(w->dfd, it->cache, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			b2p_err("package %s: open %s/%s", it->name, w->o->cachedir, it->cache);
		else if (copy_is_good(w, it, img, fd))
			return fd;
		else
			close(fd);
		b2p_log("package %s: copying it again", it->name);
		if (unlinkat(w->dfd, it->cache, 0) < 0 && errno != ENOENT)
			b2p_err("remove %s/%s", w->o->cachedir, it->cache);
		it->cached = 0;
	}
	if (copy_in(w, it, img) < 0)
		return -1;
	int fd = openat(w->dfd, it->cache, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		b2p_err("package %s: open %s/%s", it->name, w->o->cachedir, it->cache);
	return fd;
}

/* Points the loop device at the copy; the kernel checks read-only and
 * size itself, and says EINVAL when they do not hold. */
static int switch_loop(const struct item *it, int fd)
{
	int lfd = open(it->loopdev, O_RDONLY | O_CLOEXEC);
	if (lfd < 0) {
		b2p_err("package %s: open %s", it->name, it->loopdev);
		return -1;
	}
	struct loop_info64 info;
	int rc = -1;
	if (ioctl(lfd, LOOP_GET_STATUS64, &info) < 0)
		b2p_err("package %s: status of %s", it->name, it->loopdev);
	else if (!(info.lo_flags & LO_FLAGS_READ_ONLY))
		b2p_log("package %s: %s is not read-only; left in RAM", it->name, it->loopdev);
	else if (ioctl(lfd, LOOP_CHANGE_FD, fd) < 0)
		b2p_err("package %s: switch %s to the copy on the disk", it->name, it->loopdev);
	else
		rc = 0;
	close(lfd);
	return rc;
}

/* The RAM image becomes a link to the copy (one rename, so the name is
 * never missing); this frees its pages. */
static void release_image(struct run *w, const struct item *it)
{
	char target[PATH_MAX], lnk[PATH_MAX + 16];
	char *slash = strrchr(it->image, '/');
	snprintf(target, sizeof(target), "%s/%s", w->o->cachedir, it->cache);
	snprintf(lnk, sizeof(lnk), "%.*s/.%s.tcz.link", (int)(slash - it->image), it->image, it->name);
	if (unlink(lnk) < 0 && errno != ENOENT)
		b2p_err("remove %s", lnk);
	if (symlink(target, lnk) < 0) {
		b2p_err("package %s: link %s", it->name, lnk);
		/* Freeing the pages is the point; the name is secondary. */
		if (unlink(it->image) < 0)
			b2p_err("package %s: remove %s", it->name, it->image);
		return;
	}
	if (rename(lnk, it->image) < 0) {
		b2p_err("package %s: replace %s by a link", it->name, it->image);
		unlink(lnk);
	}
}

static void move_one(struct run *w, struct item *it)
{
	int img = open(it->image, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (img < 0) {
		b2p_err("package %s: open %s", it->name, it->image);
		w->r->failed++;
		return;
	}
	int fd = cache_open(w, it, img);
	close(img);
	if (fd < 0 || switch_loop(it, fd) < 0) {
		if (fd >= 0)
			close(fd);
		w->r->failed++;
		return;
	}
	close(fd);
	release_image(w, it);
	w->r->moved++;
	w->r->copied += !it->cached; /* cache_open clears it when it copies */
	w->r->bytes += (unsigned long long)it->size;
}

/* Marks the copies that do not fit as skipped: the bytes still to write
 * must leave keep_free_bytes / keep_free_pct of the disk free. */
static void check_room(struct run *w)
{
	unsigned long long need = 0;
	for (int i = 0; i < w->n; i++)
		if (w->items[i].todo && !w->items[i].cached)
			need += (unsigned long long)w->items[i].size;
	if (!need)
		return;
	struct statvfs vf;
	if (fstatvfs(w->dfd, &vf) < 0) {
		b2p_err("statvfs %s", w->o->cachedir);
		return; /* unknown: the copies stop at ENOSPC at worst */
	}
	unsigned long long total = (unsigned long long)vf.f_blocks * vf.f_frsize;
	unsigned long long avail = (unsigned long long)vf.f_bavail * vf.f_frsize;
	unsigned long long keep = total / 100 * w->o->keep_free_pct;
	if (keep < w->o->keep_free_bytes)
		keep = w->o->keep_free_bytes;
	if (avail >= need + keep)
		return;
	b2p_log("package images stay in RAM: %.0f MiB free on the data disk, %.0f MiB to copy and %.0f MiB to keep free",
		avail / MIB, need / MIB, keep / MIB);
	for (int i = 0; i < w->n; i++) {
		if (w->items[i].todo && !w->items[i].cached) {
			w->items[i].todo = 0;
			w->r->skipped++;
		}
	}
}

int pkgmove_run(const struct pkgmove_opts *o, struct pkgmove_result *r)
{
	static struct item items[PKG_MAX];
	struct run w = { .o = o, .r = r, .dfd = -1, .items = items };
	double t0 = mono_now();
	memset(r, 0, sizeof(*r));
	if (mkdir_owned(o->cachedir, 0755, 0755, 0, 0) < 0)
		return -1;
	w.dfd = open(o->cachedir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (w.dfd < 0) {
		b2p_err("open %s", o->cachedir);
		return -1;
	}
	w.buf[0] = malloc(CHUNK);
	w.buf[1] = malloc(CHUNK);
	int rc = -1;
	if (!w.buf[0] || !w.buf[1])
		b2p_err("package move: %d KiB for buffers", 2 * CHUNK / 1024);
	else if (collect(&w) == 0)
		rc = 0;
	if (rc == 0) {
		sweep(&w);
		check_room(&w);
		for (int i = 0; i < w.n; i++)
			if (items[i].todo)
				move_one(&w, &items[i]);
		if (r->moved || r->failed || r->skipped)
			b2p_log("package images on the data disk: %d moved (%d copied), %d failed, %d left in RAM for room; %.1f MiB of RAM freed in %.2fs",
				r->moved, r->copied, r->failed, r->skipped, r->bytes / MIB, mono_now() - t0);
	}
	free(w.buf[0]);
	free(w.buf[1]);
	close(w.dfd);
	return rc;
}

static void move_child(void *tcedir)
{
	struct pkgmove_opts o;
	struct pkgmove_result r;
	pkgmove_defaults(&o, tcedir);
	long long t = timeline_now_ms();
	int rc = pkgmove_run(&o, &r);
	/* Often after the ready line: the step shows whether it ended by then. */
	if (r.moved)
		timeline_end("pkgmove", t);
	_exit(rc < 0 ? 1 : 0);
}

pid_t pkgmove_start(const char *tcedir)
{
	/* Services starting meanwhile come first. */
	return bg_start("the package move", move_child, (void *)tcedir, 19);
}
