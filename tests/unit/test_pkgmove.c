/* pkgmove.c on real loop devices: small squashfs images mounted the way
 * the loader mounts them (read-only loop, autoclear), then moved into a
 * cache directory.  Needs root, /dev/loop-control and mksquashfs; without
 * loop devices only the cases that need none run (said on stderr). */
#include "loopdev.h"
#include "md5.h"
#include "pkgmove.h"
#include "tu.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int have_loops = -1;
static int serial;

/* One test package: <tce>/optional/<name>.tcz, mounted at <tcloop>/<name>. */
struct fix {
	char tce[600], tcloop[600], cache[600];
	char image[1024], mp[1024], md5[33], cached[1024];
	char name[32];
	int mounted;
};

static int file_md5(const char *path, char hex[33])
{
	unsigned char d[16];
	if (md5_file(path, d) < 0)
		return -1;
	md5_hex(d, hex);
	return 0;
}

/* A fresh tree and image, not yet mounted.  0 or -1. */
static int fix_make(struct fix *f, const char *name)
{
	char dir[64];
	memset(f, 0, sizeof(*f));
	snprintf(dir, sizeof(dir), "case%d", ++serial);
	const char *base = tu_path(dir);
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->tce, sizeof(f->tce), "%s/tce", base);
	snprintf(f->tcloop, sizeof(f->tcloop), "%s/tcloop", base);
	snprintf(f->cache, sizeof(f->cache), "%s/disk/pkgcache", base);
	snprintf(f->image, sizeof(f->image), "%s/optional/%s.tcz", f->tce, name);
	snprintf(f->mp, sizeof(f->mp), "%s/%s", f->tcloop, name);
	/* Two files: one read before the move, one only after it, so the
	 * second comes through the switched loop device, not a cache. */
	if (tu_sh("mkdir -p '%s/optional' '%s' '%s/src/usr/share' && "
		  "echo before-%s >'%s/src/usr/share/before' && "
		  "head -c 300000 /dev/urandom >'%s/src/usr/share/after' && "
		  "mksquashfs '%s/src' '%s' -all-root -quiet -no-progress -noappend >/dev/null && "
		  "cd '%s/optional' && md5sum '%s.tcz' >'%s.tcz.md5.txt'",
		  f->tce, f->mp, base, name, base, base, base, f->image, f->tce, name, name) != 0)
		return -1;
	if (file_md5(f->image, f->md5) < 0)
		return -1;
	snprintf(f->cached, sizeof(f->cached), "%s/%s-%s.tcz", f->cache, name, f->md5);
	return 0;
}

/* Mounts the image as pkgload does (LOOP_CONFIGURE read-only, autoclear);
 * writable: through losetup without -r, to see the move refuse it. */
static int fix_mount(struct fix *f, int writable)
{
	char dev[32], why[160];
	if (writable) {
		FILE *p = NULL;
		char cmd[PATH_MAX + 64];
		snprintf(cmd, sizeof(cmd), "losetup -f --show '%s'", f->image);
		p = popen(cmd, "r");
		if (!p || !fgets(dev, sizeof(dev), p)) {
			if (p)
				pclose(p);
			return -1;
		}
		pclose(p);
		dev[strcspn(dev, "\n")] = '\0';
		int rc = mount(dev, f->mp, "squashfs", MS_RDONLY, NULL);
		tu_sh("losetup -d '%s'", dev); /* autoclear once unmounted */
		f->mounted = rc == 0;
		return rc;
	}
	int lfd = loop_attach(f->image, dev, sizeof(dev), why, sizeof(why));
	if (lfd < 0) {
		fprintf(stderr, "    loop_attach: %s\n", why);
		return -1;
	}
	int rc = mount(dev, f->mp, "squashfs", MS_RDONLY, NULL);
	if (rc < 0)
		perror("    mount squashfs");
	close(lfd);
	f->mounted = rc == 0;
	return rc;
}

static void fix_unmount(struct fix *f)
{
	if (f->mounted && umount2(f->mp, 0) < 0)
		perror("    umount");
	f->mounted = 0;
}

static int loops_usable(void)
{
	if (have_loops < 0) {
		struct fix f;
		have_loops = geteuid() == 0 && access("/dev/loop-control", R_OK | W_OK) == 0 &&
			     tu_have("mksquashfs") && fix_make(&f, "probe") == 0 && fix_mount(&f, 0) == 0;
		fix_unmount(&f);
		if (!have_loops)
			fprintf(stderr, "    no loop devices or mount here (not root, a container?): "
					"the loop switch is not tested\n");
	}
	return have_loops;
}

static void opts_of(const struct fix *f, struct pkgmove_opts *o)
{
	pkgmove_defaults(o, f->tce);
	o->tcloop = f->tcloop;
	o->cachedir = f->cache;
	o->keep_free_bytes = 0;
	o->keep_free_pct = 0;
	/* The fixtures' images are on the build tree's disk, standing for
	 * the root tmpfs. */
	o->only_ram = 0;
}

/* What the loop device under the mount point reads, from sysfs. */
static int backing_of(const char *mp, char *out, size_t n)
{
	struct stat st;
	char path[128];
	if (stat(mp, &st) < 0)
		return -1;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/loop/backing_file", major(st.st_dev),
		 minor(st.st_dev));
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	int ok = fgets(out, (int)n, fp) != NULL;
	fclose(fp);
	out[strcspn(out, "\n")] = '\0';
	return ok ? 0 : -1;
}

static int file_is(const char *path, const char *text)
{
	char buf[256];
	FILE *fp = fopen(path, "r");
	if (!fp)
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return !strcmp(buf, text);
}

static int is_link_to(const char *path, const char *target)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	return !strcmp(buf, target);
}

/* After a move: the loop reads the copy, the image is a link to it, and
 * the mounted tree reads right, also what was never read before. */
static void check_moved(const struct fix *f)
{
	char back[PATH_MAX], hex[33], want[64], after[PATH_MAX];
	CHECK(backing_of(f->mp, back, sizeof(back)) == 0 && !strcmp(back, f->cached));
	CHECK(is_link_to(f->image, f->cached));
	CHECK(file_md5(f->cached, hex) == 0 && !strcmp(hex, f->md5));
	snprintf(want, sizeof(want), "before-%s\n", f->name);
	snprintf(after, sizeof(after), "%s/usr/share/after", f->mp);
	struct stat st;
	CHECK(stat(after, &st) == 0 && st.st_size == 300000);
	CHECK(tu_sh("cmp -s '%s' '%s/../src/usr/share/after'", after, f->tce) == 0);
}

/* By default an image not in RAM (the boot medium's, here the build
 * tree's) stays where it is: nothing moves, nothing is copied. */
static void image_not_in_ram_stays(void)
{
	struct fix f;
	struct pkgmove_opts o;
	struct pkgmove_result r;
	struct statfs sf;
	if (!loops_usable())
		return;
	REQUIRE(fix_make(&f, "ondisk") == 0);
	REQUIRE(statfs(f.image, &sf) == 0);
	if (sf.f_type == TMPFS_MAGIC || sf.f_type == RAMFS_MAGIC) {
		fprintf(stderr, "    the test's temp dir is in RAM: the default is not tested\n");
		return;
	}
	REQUIRE(fix_mount(&f, 0) == 0);
	opts_of(&f, &o);
	o.only_ram = 1;
	CHECK(pkgmove_run(&o, &r) == 0);
	CHECK(r.moved == 0 && r.copied == 0 && r.failed == 0);
	CHECK(access(f.cached, F_OK) < 0);
	struct stat st;
	CHECK(lstat(f.image, &st) == 0 && S_ISREG(st.st_mode));
	fix_unmount(&f);
}

static void moves_and_frees(void)
{
	struct fix f;
	struct pkgmove_opts o;
	struct pkgmove_result r;
	char before[PATH_MAX], want[64];
	if (!loops_usable())
		return;
	REQUIRE(fix_make(&f, "alpha") == 0);
	REQUIRE(fix_mount(&f, 0) == 0);
	snprintf(before, sizeof(before), "%s/usr/share/before", f.mp);
	snprintf(want, sizeof(want), "before-%s\n", f.name);
	CHECK(file_is(before, want));
	opts_of(&f, &o);
	CHECK(pkgmove_run(&o, &r) == 0);
	CHECK(r.moved == 1 && r.copied == 1 && r.failed == 0 && r.skipped == 0);
	check_moved(&f);
	CHECK(file_is(before, want));
	/* A second run finds nothing left to do and keeps the copy. */
	CHECK(pkgmove_run(&o, &r) == 0);
	CHECK(r.moved == 0 && r.failed == 0);
	CHECK(access(f.cached, R_OK) == 0);
	fix_unmount(&f);
}

/* What a power cut can leave: a temporary copy, a final name whose bytes
 * are wrong (cannot happen with fsync+rename, but a disk can rot), copies
 * of an older ISO's images.  All cleaned up; other files are not ours. */
static void cleans_up_and_recopies(void)
{
	struct fix f;
	struct pkgmove_opts o;
	struct pkgmove_result r;
	char path[PATH_MAX];
	if (!loops_usable())
		return;
	REQUIRE(fix_make(&f, "beta") == 0);
	REQUIRE(tu_sh("mkdir -p '%s' && cp '%s' '%s' && printf 'X' | dd of='%s' bs=1 seek=5000 conv=notrunc status=none && "
		      "echo half >'%s/.beta-%s.tcz.tmp' && echo old >'%s/beta-0123456789abcdef0123456789abcdef.tcz' && "
		      "echo mine >'%s/notes.txt'",
		      f.cache, f.image, f.cached, f.cached, f.cache, f.md5, f.cache, f.cache) == 0);
	REQUIRE(fix_mount(&f, 0) == 0);
	opts_of(&f, &o);
	CHECK(pkgmove_run(&o, &r) == 0);
	CHECK(r.moved == 1 && r.copied == 1 && r.failed == 0);
	check_moved(&f);
	snprintf(path, sizeof(path), "%s/.beta-%s.tcz.tmp", f.cache, f.md5);
	CHECK(access(path, F_OK) < 0 && errno == ENOENT);
	snprintf(path, sizeof(path), "%s/beta-0123456789abcdef0123456789abcdef.tcz", f.cache);
	CHECK(access(path, F_OK) < 0 && errno == ENOENT);
	snprintf(path, sizeof(path), "%s/notes.txt", f.cache);
	CHECK(access(path, F_OK) == 0);
	fix_unmount(&f);
}

/* A good copy from an earlier boot is used as it is. */
static void reuses_a_good_copy(void)
{
	struct fix f;
	struct pkgmove_opts o;
	struct pkgmove_result r;
	struct stat a, b;
	if (!loops_usable())
		return;
	REQUIRE(fix_make(&f, "gamma") == 0);
	REQUIRE(tu_sh("mkdir -p '%s' && cp '%s' '%s'", f.cache, f.image, f.cached) == 0);
	REQUIRE(stat(f.cached, &a) == 0);
	REQUIRE(fix_mount(&f, 0) == 0);
	opts_of(&f, &o);
	CHECK(pkgmove_run(&o, &r) == 0);
	CHECK(r.moved == 1 && r.copied == 0 && r.failed == 0);
	check_moved(&f);
	CHECK(stat(f.cached, &b) == 0 && a.st_ino == b.st_ino);
	fix_unmount(&f);
}

/* A disk without the room to keep free: nothing is written, the image
 * stays in RAM and the loop device where it was. */
static void full_disk_is_left_alone(void)
{
	struct fix f;
	struct pkgmove_opts o;
	struct pkgmove_result r;
	char back[PATH_MAX];
	struct stat st;
	if (!loops_usable())
		return;
	REQUIRE(fix_make(&f, "delta") == 0);
	REQUIRE(fix_mount(&f, 0) == 0);
	opts_of(&f, &o);
	o.keep_free_pct = 100;
	CHECK(pkgmove_run(&o, &r) == 0);
	CHECK(r.moved == 0 && r.skipped == 1 && r.failed == 0);
	CHECK(lstat(f.image, &st) == 0 && S_ISREG(st.st_mode));
	CHECK(backing_of(f.mp, back, sizeof(back)) == 0 && !strcmp(back, f.image));
	CHECK(access(f.cached, F_OK) < 0);
	fix_unmount(&f);
}

/* LOOP_CHANGE_FD wants a read-only device: a writable one stays on its
 * RAM image, reported, and the image is kept. */
static void writable_loop_is_refused(void)
{
	struct fix f;
	struct pkgmove_opts o;
	struct pkgmove_result r;
	char back[PATH_MAX];
	struct stat st;
	if (!loops_usable() || !tu_have("losetup"))
		return;
	REQUIRE(fix_make(&f, "eps") == 0);
	REQUIRE(fix_mount(&f, 1) == 0);
	opts_of(&f, &o);
	CHECK(pkgmove_run(&o, &r) == 0);
	CHECK(r.moved == 0 && r.failed == 1);
	CHECK(lstat(f.image, &st) == 0 && S_ISREG(st.st_mode));
	CHECK(backing_of(f.mp, back, sizeof(back)) == 0 && !strcmp(back, f.image));
	fix_unmount(&f);
}

/* No loop devices under tcloop (plain directories): nothing to do, and
 * nothing written but the cache directory. */
static void plain_dirs_are_ignored(void)
{
	struct pkgmove_opts o;
	struct pkgmove_result r;
	const char *t = tu_path("plain");
	char tce[PATH_MAX], tcloop[PATH_MAX], cache[PATH_MAX];
	snprintf(tce, sizeof(tce), "%s/tce", t);
	snprintf(tcloop, sizeof(tcloop), "%s/tcloop", t);
	snprintf(cache, sizeof(cache), "%s/cache", t);
	REQUIRE(tu_sh("mkdir -p '%s/optional' '%s/zeta' && echo x >'%s/optional/zeta.tcz' && "
		      "cd '%s/optional' && md5sum zeta.tcz >zeta.tcz.md5.txt",
		      tce, tcloop, tce, tce) == 0);
	pkgmove_defaults(&o, tce);
	o.tcloop = tcloop;
	o.cachedir = cache;
	CHECK(pkgmove_run(&o, &r) == 0);
	CHECK(r.moved == 0 && r.copied == 0 && r.failed == 0 && r.skipped == 0);
	CHECK(tu_sh("[ -d '%s' ] && [ -z \"$(ls -A '%s')\" ]", cache, cache) == 0);
	/* A symlink where the cache dir goes is not followed. */
	char evil[PATH_MAX + 8];
	snprintf(evil, sizeof(evil), "%s/evil", t);
	REQUIRE(symlink(tce, evil) == 0);
	o.cachedir = evil;
	CHECK(pkgmove_run(&o, &r) == -1);
}

int main(void)
{
	TU_RUN(plain_dirs_are_ignored);
	TU_RUN(image_not_in_ram_stays);
	TU_RUN(moves_and_frees);
	TU_RUN(cleans_up_and_recopies);
	TU_RUN(reuses_a_good_copy);
	TU_RUN(full_disk_is_left_alone);
	TU_RUN(writable_loop_is_refused);
	return tu_finish();
}
