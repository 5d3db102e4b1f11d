/* packages/: Tiny-Core-style .tcz packages, loaded by the boot job before
 * anything else (mkfs.ext4, sshd and podman come from them).
 *
 *   pkgload.c   the loader: checksum, loop mount, links, install hook
 *   pkgplan.c   the pure part: onboot.lst and .dep parsing, load order
 *   pkglink.c   a mounted image's files linked into /
 *   md5.c       the checksum */
#include "pkgload.h"
#include "pkglink.h"
#include "loopdev.h"
#include "msg.h"
#include "proc.h"
#include "md5.h"
#include "mounts.h"
#include "pkgplan.h"
#include "timeline.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define HOOK_DIR "/usr/local/tce.installed"
#define HOOK_TIMEOUT_MS 60000

/* Records why k failed (cut to fit: it is quoted by its dependents) and
 * says it on the console. */
static void __attribute__((format(printf, 3, 4))) fail(struct pkg *k, const char *brief, const char *fmt, ...)
{
	va_list ap;
	k->failed = 1;
	snprintf(k->brief, sizeof(k->brief), "%s", brief);
	va_start(ap, fmt);
	vsnprintf(k->why, sizeof(k->why), fmt, ap);
	va_end(ap);
	b2p_log("package %s: %s", k->name, k->why);
}

static int verify(struct pkg *k, const char *image, const char *optdir)
{
	char path[400], text[4096], file[PKG_NAME_MAX + 8];
	unsigned char want[16], got[16];
	snprintf(path, sizeof(path), "%s/%s.tcz.md5.txt", optdir, k->name);
	snprintf(file, sizeof(file), "%s.tcz", k->name);
	if (read_small(path, text, sizeof(text)) < 0) {
		fail(k, "no checksum", "cannot read %s", path);
		return -1;
	}
	if (pkg_md5_line(text, file, want) < 0) {
		fail(k, "no checksum", "no md5 for it in %s", path);
		return -1;
	}
	if (md5_file(image, got) < 0) {
		char why[160];
		snprintf(why, sizeof(why), "%.100s: %.50s", image, strerror(errno));
		fail(k, "unreadable", "cannot read %s", why);
		return -1;
	}
	if (memcmp(want, got, 16) != 0) {
		char w[33], g[33], why[96];
		md5_hex(want, w);
		md5_hex(got, g);
		snprintf(why, sizeof(why), "expected %s, got %s", w, g);
		fail(k, "md5 mismatch", "md5 mismatch: %s", why);
		return -1;
	}
	return 0;
}

static int mount_image(struct pkg *k, const char *image, const char *mp)
{
	char dev[32], why[160];
	int lfd = loop_attach(image, dev, sizeof(dev), why, sizeof(why));
	if (lfd < 0) {
		fail(k, "loop device failed", "%s", why);
		return -1;
	}
	if (mkdir_p(mp, 0755) < 0) {
		close(lfd);
		fail(k, "mount point failed", "cannot make %s", mp);
		return -1;
	}
	/* Not nosuid: newuidmap and friends need their set-id bits. */
	int rc = mount(dev, mp, "squashfs", MS_RDONLY | MS_NODEV, NULL);
	int e = errno;
	close(lfd); /* the mount holds the device; autoclear frees it with the mount */
	if (rc < 0) {
		snprintf(why, sizeof(why), "%.31s on %.80s: %.40s", dev, mp, strerror(e));
		fail(k, "mount failed", "mount failed: %s", why);
		rmdir(mp);
		return -1;
	}
	return 0;
}

static void run_hook(const struct pkg *k, const char *mp)
{
	char hook[512], marker[128];
	snprintf(hook, sizeof(hook), "%s%s/%s", mp, HOOK_DIR, k->name);
	snprintf(marker, sizeof(marker), HOOK_DIR "/%s", k->name);
	if (is_executable(hook)) {
		char *argv[] = { hook, NULL };
		int rc = run_wait(argv, "/var/log/packages.log", HOOK_TIMEOUT_MS);
		if (rc != 0)
			b2p_log("package %s: install hook failed (%d); see /var/log/packages.log", k->name, rc);
	}
	/* Tiny Core's record of what is loaded: an entry per package. */
	if (!path_exists(marker)) {
		FILE *f = fopen(marker, "w");
		if (f)
			fclose(f);
		else
			b2p_err("create %s", marker);
	}
}

static void load_one(struct pkgplan *p, struct pkg *k, const char *optdir, int check)
{
	for (int i = 0; i < k->ndeps; i++) {
		const struct pkg *d = &p->pkgs[k->deps[i]];
		if (!d->failed)
			continue;
		char dep[PKG_NAME_MAX], brief[96];
		memcpy(dep, d->name, sizeof(dep));
		memcpy(brief, d->brief, sizeof(brief));
		k->failed = 1;
		snprintf(k->brief, sizeof(k->brief), "dependency %.63s failed", dep);
		snprintf(k->why, sizeof(k->why), "skipped: dependency %.63s failed (%.95s)", dep, brief);
		b2p_log("package %s: %s", k->name, k->why);
		return;
	}
	char image[400], mp[256];
	struct stat st;
	snprintf(image, sizeof(image), "%s/%s.tcz", optdir, k->name);
	snprintf(mp, sizeof(mp), TCLOOP "/%s", k->name);
	if (stat(image, &st) < 0) {
		fail(k, "missing", "missing %s", image);
		return;
	}
	if (is_mountpoint(mp)) {
		b2p_dbg("package %s: already mounted", k->name);
		return;
	}
	if ((check && verify(k, image, optdir) < 0) || mount_image(k, image, mp) < 0)
		return;
	unsigned linked, kept;
	int errors = pkglink_tree(mp, "/", &linked, &kept);
	if (errors)
		b2p_log("package %s: %d files could not be linked", k->name, errors);
	b2p_dbg("package %s: %u links, %u paths already there", k->name, linked, kept);
	run_hook(k, mp);
}

/* The plan for <tcedir>: 0, or -1 (said) without an onboot.lst. */
static int plan_of(const char *tcedir, struct pkgplan *plan, char *optdir, size_t len)
{
	static char onboot[65536];
	char path[300];
	snprintf(path, sizeof(path), "%s/onboot.lst", tcedir);
	snprintf(optdir, len, "%s/optional", tcedir);
	if (read_small(path, onboot, sizeof(onboot)) < 0) {
		if (errno == ENOENT)
			b2p_log("no %s: no packages to load", path);
		else
			b2p_err("read %s", path);
		return -1;
	}
	pkg_plan(plan, optdir, onboot);
	return 0;
}

void pkgload_all(const char *tcedir, int check, struct pkgload_result *r)
{
	static struct pkgplan plan;
	char optdir[300];
	double t0 = mono_now();
	r->loaded = r->failed = 0;
	if (plan_of(tcedir, &plan, optdir, sizeof(optdir)) < 0)
		return;
	mkdir_p(TCLOOP, 0755);
	mkdir_p(HOOK_DIR, 0755);
	for (int i = 0; i < plan.norder; i++) {
		struct pkg *k = &plan.pkgs[plan.order[i]];
		load_one(&plan, k, optdir, check);
		if (k->failed)
			r->failed++;
		else
			r->loaded++;
	}
	b2p_log("loaded %d packages (%d failed) in %.2fs", r->loaded, r->failed, mono_now() - t0);
}

int pkgload_check_all(const char *tcedir)
{
	static struct pkgplan plan;
	char optdir[300], image[400];
	int bad = 0;
	double t0 = mono_now();
	if (plan_of(tcedir, &plan, optdir, sizeof(optdir)) < 0)
		return -1;
	for (int i = 0; i < plan.norder; i++) {
		struct pkg *k = &plan.pkgs[plan.order[i]];
		snprintf(image, sizeof(image), "%s/%s.tcz", optdir, k->name);
		if (verify(k, image, optdir) < 0)
			bad++;
	}
	if (bad)
		b2p_log("%d of %d package images on %s are damaged or unreadable: the ISO is corrupt; check it against its SHA256SUMS and replace it",
			bad, plan.norder, tcedir);
	else
		b2p_log("package images checked: %d of %d good (md5) in %.2fs", plan.norder, plan.norder, mono_now() - t0);
	return bad;
}

/* The check reads every image once, through the same CD the services
 * are paging podman and sshd in from: it waits for the ready line (at
 * most CHECK_WAIT_MAX_S, so a boot that never gets there, perhaps for a
 * damaged image, is still told which). */
#define CHECK_WAIT_MAX_S 60
static void wait_for_ready(void)
{
	double end = mono_now() + CHECK_WAIT_MAX_S;
	while (!path_exists(READY_MARK) && mono_now() < end)
		sleep_ms(250);
}

static void check_child(void *tcedir)
{
	wait_for_ready();
	long long t = timeline_now_ms();
	int rc = pkgload_check_all(tcedir);
	timeline_end("pkgcheck", t);
	_exit(rc == 0 ? 0 : 1);
}

pid_t pkgload_check_start(const char *tcedir)
{
	return bg_start("the package check", check_child, (void *)tcedir, 19);
}
