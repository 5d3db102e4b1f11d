#include "shares.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

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
		if (mount(s->tag, s->path, "9p", 0, OPTS_9P) == 0)
			return 0;
		b2p_log("share %s on %s (9p): %s", s->tag, s->path, strerror(errno));
		return -1;
	}
	if (mount(s->tag, s->path, "virtiofs", 0, NULL) == 0)
		return 0;
	/* virtiofs answers an unknown tag with EINVAL (ENODEV: no driver) */
	if (errno == EINVAL || errno == ENOENT || errno == ENODEV)
		return 1;
	b2p_log("share %s on %s (virtiofs): %s", s->tag, s->path, strerror(errno));
	return -1;
}

static int share_one(const struct b2p_share *s, int named)
{
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
	for (int i = 0; i < c->nshares; i++) {
		default_named |= !strcmp(c->share[i].tag, SHARE_DEFAULT_TAG);
		n += share_one(&c->share[i], 1) == 0;
	}
	if (!default_named) {
		struct b2p_share d = { SHARE_DEFAULT_TAG, SHARE_DEFAULT_PATH };
		n += share_one(&d, 0) == 0;
	}
	return n;
}
