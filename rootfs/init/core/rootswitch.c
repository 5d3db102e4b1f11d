#include "rootswitch.h"
#include "mountinfo.h"
#include "msg.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

extern char **environ;

/* The tmpfs the tree is copied into, and its name in the old root. */
#define NEWROOT_NAME ".newroot"
#define NEWROOT "/" NEWROOT_NAME

int root_is_initramfs(void)
{
	static char mi[65536];
	char type[64];
	if (read_small("/proc/self/mountinfo", mi, sizeof(mi)) < 0) {
		b2p_err("read /proc/self/mountinfo");
		return -1;
	}
	if (mountinfo_root_type(mi, type, sizeof(type)) < 0) {
		b2p_log("no / in /proc/self/mountinfo");
		return -1;
	}
	return strcmp(type, "rootfs") == 0;
}

struct copy_stats {
	unsigned long files;
	unsigned long long bytes;
	unsigned errors;
	unsigned unlink_errors;
};

static void copy_meta(int ddir, const char *name, const struct stat *st, struct copy_stats *cs)
{
	/* Owner before mode: chown clears set-id bits. */
	if (fchownat(ddir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0) {
		b2p_err("root copy: chown %s", name);
		cs->errors++;
	}
	if (!S_ISLNK(st->st_mode) && fchmodat(ddir, name, st->st_mode & 07777, 0) < 0) {
		b2p_err("root copy: chmod %s", name);
		cs->errors++;
	}
	struct timespec ts[2] = { st->st_atim, st->st_mtim };
	if (utimensat(ddir, name, ts, AT_SYMLINK_NOFOLLOW) < 0) {
		b2p_err("root copy: set times of %s", name);
		cs->errors++;
	}
}

static int copy_file(int sdir, int ddir, const char *name, const struct stat *st, struct copy_stats *cs)
{
	int in = openat(sdir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0) {
		b2p_err("root copy: open %s", name);
		return -1;
	}
	int out = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		b2p_err("root copy: create %s", name);
		close(in);
		return -1;
	}
	off_t left = st->st_size;
	while (left > 0) {
		ssize_t n = sendfile(out, in, NULL, left > (1 << 30) ? (1 << 30) : (size_t)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			b2p_err("root copy: copy %s", name);
			close(in);
			close(out);
			return -1;
		}
		left -= n;
		cs->bytes += (unsigned long long)n;
	}
	close(in);
	if (close(out) < 0) {
		b2p_err("root copy: close %s", name);
		return -1;
	}
	return 0;
}

static int copy_dir(int sdir, int ddir, dev_t dev, int top, struct copy_stats *cs);

static int copy_entry(int sdir, int ddir, const char *name, dev_t dev, int top, struct copy_stats *cs)
{
	struct stat st;
	if (fstatat(sdir, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		b2p_err("root copy: stat %s", name);
		return -1;
	}
	int skip_contents = st.st_dev != dev ||
		(top && (!strcmp(name, "proc") || !strcmp(name, "sys") || !strcmp(name, "dev") ||
			 !strcmp(name, NEWROOT_NAME)));
	if (top && !strcmp(name, NEWROOT_NAME))
		return 0;
	if (S_ISDIR(st.st_mode)) {
		if (mkdirat(ddir, name, 0700) < 0) {
			b2p_err("root copy: mkdir %s", name);
			return -1;
		}
		int rc = 0;
		if (!skip_contents) {
			int s = openat(sdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int d = openat(ddir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (s < 0 || d < 0) {
				b2p_err("root copy: open directory %s", name);
				rc = -1;
			} else {
				rc = copy_dir(s, d, dev, 0, cs);
			}
			if (s >= 0)
				close(s);
			if (d >= 0)
				close(d);
		}
		copy_meta(ddir, name, &st, cs);
		if (!skip_contents && unlinkat(sdir, name, AT_REMOVEDIR) < 0)
			cs->unlink_errors++;
		return rc;
	}
	if (S_ISREG(st.st_mode)) {
		if (copy_file(sdir, ddir, name, &st, cs) < 0)
			return -1;
	} else if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlinkat(sdir, name, target, sizeof(target) - 1);
		if (n < 0) {
			b2p_err("root copy: readlink %s", name);
			return -1;
		}
		target[n] = '\0';
		if (symlinkat(target, ddir, name) < 0) {
			b2p_err("root copy: symlink %s", name);
			return -1;
		}
	} else {
		if (mknodat(ddir, name, st.st_mode, st.st_rdev) < 0) {
			b2p_err("root copy: mknod %s", name);
			return -1;
		}
	}
	copy_meta(ddir, name, &st, cs);
	cs->files++;
	/* Freed now, so the copy never holds the tree twice. */
	if (unlinkat(sdir, name, 0) < 0)
		cs->unlink_errors++;
	return 0;
}

static int copy_dir(int sdir, int ddir, dev_t dev, int top, struct copy_stats *cs)
{
	int fd = dup(sdir);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		b2p_err("root copy: read directory");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (copy_entry(sdir, ddir, e->d_name, dev, top, cs) < 0) {
			cs->errors++;
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

void root_switch(char **argv)
{
	double t0 = mono_now();
	struct stat rst;
	if (stat("/", &rst) < 0) {
		b2p_err("stat /");
		return;
	}
	if (mkdir(NEWROOT, 0755) < 0 && errno != EEXIST) {
		b2p_err("mkdir " NEWROOT);
		return;
	}
	if (xmount("tmpfs", NEWROOT, "tmpfs", 0, "mode=0755") < 0)
		return;
	int s = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int d = open(NEWROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s < 0 || d < 0) {
		b2p_err("open / or " NEWROOT);
		umount(NEWROOT);
		return;
	}
	struct copy_stats cs = { 0 };
	copy_dir(s, d, rst.st_dev, 1, &cs);
	struct timespec ts[2] = { rst.st_atim, rst.st_mtim };
	if (fchmod(d, rst.st_mode & 07777) < 0 || futimens(d, ts) < 0)
		b2p_err("root copy: attributes of /");
	close(s);
	close(d);
	b2p_log("root copied to tmpfs: %lu files, %.1f MiB in %.2fs%s", cs.files,
		cs.bytes / 1048576.0, mono_now() - t0, cs.errors ? " (with errors, see above)" : "");
	if (cs.unlink_errors)
		b2p_log("root copy: %u source entries could not be freed", cs.unlink_errors);

	/* /proc was only needed for the check; it would be hidden anyway. */
	if (umount2("/proc", MNT_DETACH) < 0)
		b2p_err("umount /proc");
	if (chdir(NEWROOT) < 0) {
		b2p_err("chdir " NEWROOT);
		return;
	}
	if (mount(NEWROOT, "/", NULL, MS_MOVE, NULL) < 0) {
		/* The source tree is gone; staying in the chroot is the only
		 * way left to boot. */
		b2p_err("mount --move " NEWROOT " /");
	}
	if (chroot(".") < 0) {
		b2p_err("chroot " NEWROOT);
		return;
	}
	if (chdir("/") < 0)
		b2p_err("chdir /");
	setenv(ROOTSWITCH_ENV, "1", 1);
	execve("/init", argv, environ);
	b2p_err("exec /init in the new root");
}
