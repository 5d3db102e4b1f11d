#include "shares.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "mountinfo.h"
#include "userdata.h"
#include "util.h"

/* A host's files are data: no set-id programs, no device nodes. */
#define SHARE_FLAGS (MS_NOSUID | MS_NODEV)
#define MAX_MOUNTS 512

/* msize: 9p moves at most this much per request; the 8 KiB default makes
 * large files crawl.  cache=mmap lets containers mmap shared files
 * without making the host's changes invisible. */
#define OPTS_9P "trans=virtio,version=9p2000.L,msize=262144,cache=mmap"

#define SYS_9P "/sys/bus/virtio/drivers/9pnet_virtio"

/* Asking 9p for a tag nobody offers logs a kernel error on the console;
 * sysfs lists the offered ones. */
static int offered_9p(const char *tag)
{
	DIR *d = opendir(SYS_9P);
	if (!d)
		return 0;       /* no 9p devices at all */
	int found = 0;
	struct dirent *e;
	while (!found && (e = readdir(d))) {
		char path[sizeof(SYS_9P) + sizeof(e->d_name) + 16], t[64];
		if (strncmp(e->d_name, "virtio", 6) != 0)
			continue;
		snprintf(path, sizeof(path), SYS_9P "/%s/mount_tag", e->d_name);
		if (read_small(path, t, sizeof(t)) > 0) {
			rstrip(t);
			found = !strcmp(t, tag);
		}
	}
	closedir(d);
	return found;
}

/* 0 mounted; 1 no such tag on either transport; -1 another failure. */
static int mount_tag(const struct b2p_share *s)
{
	if (offered_9p(s->tag)) {
		if (mount(s->tag, s->path, "9p", SHARE_FLAGS, OPTS_9P) == 0)
			return 0;
		b2p_err("share %s on %s (9p)", s->tag, s->path);
		return -1;
	}
	if (mount(s->tag, s->path, "virtiofs", SHARE_FLAGS, NULL) == 0)
		return 0;
	/* virtiofs answers an unknown tag with EINVAL (ENODEV: no driver) */
	if (errno == EINVAL || errno == ENOENT || errno == ENODEV)
		return 1;
	b2p_err("share %s on %s (virtiofs)", s->tag, s->path);
	return -1;
}

/* Does any component of rest say "." or ".."? */
static int has_dots(const char *rest)
{
	for (const char *p = rest; *p;) {
		p += strspn(p, "/");
		size_t n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n;
	}
	return 0;
}

int shares_resolve(const char *path, char *out, size_t n)
{
	char pre[PATH_MAX], real[PATH_MAX];
	size_t len = strlen(path), cut = 0;
	struct stat st;

	if (path[0] != '/' || len >= sizeof(pre))
		return -1;
	/* the longest prefix that exists (lstat: a dangling link exists too);
	 * pre is path[0, cut), "/" when nothing past the root exists */
	for (size_t i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		memcpy(pre, path, i);
		pre[i] = '\0';
		if (lstat(pre, &st) < 0) {
			if (errno != ENOENT)
				return -1;
			break;
		}
		cut = i;
	}
	if (cut == 0) {
		strcpy(pre, "/");
	} else {
		memcpy(pre, path, cut);
		pre[cut] = '\0';
	}
	const char *rest = path + cut;
	if (!realpath(pre, real) || has_dots(rest))
		return -1;
	/* realpath gives "/" or a path without a trailing slash; rest is ""
	 * or starts with "/" */
	const char *head = strcmp(real, "/") ? real : "";
	int w = snprintf(out, n, "%s%s", head, *head || *rest ? rest : "/");
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* path is dir or inside it */
static int at_or_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

const char *shares_refusal(const char *resolved, const char *home, const char *mountinfo)
{
	static char mps[MAX_MOUNTS][256];

	if (cmdline_path_reserved(resolved))
		return "a system directory";
	if (home && *home && at_or_below(resolved, home))
		return "the user's home (where PID 1 puts the ssh keys)";
	int n = mountinfo_points(mountinfo, mps, MAX_MOUNTS);
	for (int i = 0; i < n; i++) {
		if (!strcmp(mps[i], "/"))
			continue;
		if (at_or_below(resolved, mps[i]))
			return "a mount point or inside one (the data disk, the system's own)";
		if (at_or_below(mps[i], resolved))
			return "above a mount point it would hide";
	}
	return NULL;
}

/* The user's home as the system sees it (resolved), or "" when unknown. */
static void user_home(const char *user, char *home, size_t n)
{
	char h[PATH_MAX];
	uid_t uid;
	gid_t gid;
	if (userdata_lookup_user("/etc/passwd", user, &uid, &gid, h, sizeof(h)) < 0)
		snprintf(h, sizeof(h), "/home/%s", user);
	if (h[0] != '/' || shares_resolve(h, home, n) < 0)
		home[0] = '\0';
}

/* Where the share may go, resolved, or -1 (reported). */
static int share_target(const struct b2p_share *s, const char *home, char *out, size_t n)
{
	static char mi[262144];
	const char *why;

	if (shares_resolve(s->path, out, n) < 0) {
		b2p_log("share %s: %s does not resolve (a dangling or looping link on the way?); not mounted",
			s->tag, s->path);
		return -1;
	}
	if (read_small("/proc/self/mountinfo", mi, sizeof(mi)) < 0) {
		b2p_err("share %s: read /proc/self/mountinfo; not mounted", s->tag);
		return -1;
	}
	if ((why = shares_refusal(out, home, mi)) != NULL) {
		b2p_log("share %s: %s%s%s is %s; not mounted", s->tag, s->path, strcmp(out, s->path) ? " resolves to " : "",
			strcmp(out, s->path) ? out : "", why);
		return -1;
	}
	return 0;
}

static int share_one(const struct b2p_share *given, const char *home, int named)
{
	struct b2p_share r = *given;
	if (share_target(given, home, r.path, sizeof(r.path)) < 0)
		return -1;
	const struct b2p_share *s = &r;
	if (mkdir_p(s->path, 0755) < 0)
		return -1;
	int rc = mount_tag(s);
	if (rc == 1) {
		if (named)
			b2p_log("share %s: the hypervisor offers no 9p or virtiofs tag '%s' "
				"(QEMU: -virtfs local,path=DIR,mount_tag=%s,security_model=none)",
				s->path, s->tag, s->tag);
		if (rmdir(s->path) < 0)
			b2p_dbg("rmdir %s: %s", s->path, strerror(errno));
		return -1;
	}
	if (rc == 0)
		b2p_log("share %s mounted on %s", s->tag, s->path);
	return rc;
}

int shares_mount(const struct b2p_cmdline *c)
{
	int n = 0, default_named = 0;
	char home[PATH_MAX];

	user_home(c->user, home, sizeof(home));
	for (int i = 0; i < c->nshares; i++) {
		default_named |= !strcmp(c->share[i].tag, SHARE_DEFAULT_TAG);
		n += share_one(&c->share[i], home, 1) == 0;
	}
	if (!default_named) {
		struct b2p_share d = { SHARE_DEFAULT_TAG, SHARE_DEFAULT_PATH };
		n += share_one(&d, home, 0) == 0;
	}
	return n;
}
