#include "mounts.h"
#include "msg.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

int is_mountpoint(const char *path)
{
	char parent[4096];
	struct stat a, b;
	if (snprintf(parent, sizeof(parent), "%s/..", path) >= (int)sizeof(parent))
		return 0;
	if (stat(path, &a) < 0 || stat(parent, &b) < 0)
		return 0;
	return a.st_dev != b.st_dev || a.st_ino == b.st_ino;
}

static int mount_at(const char *src, const char *dir, const char *type, unsigned long flags,
		    const char *data, mode_t mode)
{
	if (mkdir_p(dir, mode) < 0)
		return -1;
	if (is_mountpoint(dir))
		return 0;
	return xmount(src, dir, type, flags, data);
}

int mounts_proc(void)
{
	return mount_at("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 0555);
}

/* Whether /proc/filesystems names fs (optional features like mqueue). */
static int kernel_has_fs(const char *fs)
{
	char buf[4096], want[64];
	if (read_small("/proc/filesystems", buf, sizeof(buf)) < 0)
		return 0;
	snprintf(want, sizeof(want), "\t%s\n", fs);
	return strstr(buf, want) != NULL;
}

/* Enables every controller listed in DIR/cgroup.controllers in
 * DIR/cgroup.subtree_control; returns how many failed. */
static int cgroup_enable_all(const char *dir)
{
	char path[512], ctl[512], buf[1024];
	snprintf(path, sizeof(path), "%s/cgroup.controllers", dir);
	snprintf(ctl, sizeof(ctl), "%s/cgroup.subtree_control", dir);
	if (read_small(path, buf, sizeof(buf)) < 0) {
		b2p_err("read %s", path);
		return 1;
	}
	int failed = 0;
	char *save = NULL;
	/* One at a time: a single write fails as a whole if one is refused. */
	for (char *c = strtok_r(buf, " \n", &save); c; c = strtok_r(NULL, " \n", &save)) {
		char word[80];
		snprintf(word, sizeof(word), "+%s", c);
		if (write_str(ctl, word) < 0)
			failed++;
	}
	return failed;
}

static void dev_links(void)
{
	static const char *const links[][2] = {
		{ "/proc/self/fd", "/dev/fd" },
		{ "/proc/self/fd/0", "/dev/stdin" },
		{ "/proc/self/fd/1", "/dev/stdout" },
		{ "/proc/self/fd/2", "/dev/stderr" },
		{ "/proc/kcore", "/dev/core" },
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlink(links[i][0], links[i][1]) < 0 && errno != EEXIST)
			b2p_err("symlink %s", links[i][1]);
	/* A private devpts instance needs /dev/ptmx to lead into it. */
	struct stat st;
	if (lstat("/dev/ptmx", &st) == 0 && !S_ISLNK(st.st_mode) && unlink("/dev/ptmx") < 0)
		b2p_err("unlink /dev/ptmx");
	if (symlink("pts/ptmx", "/dev/ptmx") < 0 && errno != EEXIST)
		b2p_err("symlink /dev/ptmx");
}

int mounts_sysctls(const char *procsys)
{
	static const struct { const char *key, *val; } set[] = {
		{ "fs/protected_hardlinks", "1" },
		{ "fs/protected_symlinks", "1" },
		{ "fs/protected_fifos", "1" },
		{ "fs/protected_regular", "1" },
		{ "kernel/kptr_restrict", "1" },
		{ "kernel/dmesg_restrict", "1" },
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", procsys, set[i].key);
		if (write_str(path, set[i].val) < 0)
			failed++;
	}
	return failed;
}

void mounts_setup(void)
{
	const unsigned long safe = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	mounts_proc();
	/* Before anything of the user's exists: from here on root follows no
	 * link and opens no FIFO or file of theirs by accident. */
	int failed = mounts_sysctls("/proc/sys");
	if (failed)
		b2p_log("sysctl: %d of the link/FIFO/kernel-pointer protections could not be set", failed);
	mount_at("sysfs", "/sys", "sysfs", safe, NULL, 0555);
	mount_at("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755", 0755);
	mount_at("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		 "newinstance,ptmxmode=0666,gid=5,mode=620", 0755);
	mount_at("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 01777);
	if (kernel_has_fs("mqueue"))
		mount_at("mqueue", "/dev/mqueue", "mqueue", safe, NULL, 01777);
	mount_at("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755", 0755);
	mount_at("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", 01777);
	if (mount_at("cgroup2", "/sys/fs/cgroup", "cgroup2", safe, "nsdelegate", 0755) == 0) {
		int failed = cgroup_enable_all("/sys/fs/cgroup");
		if (failed)
			b2p_log("cgroup: %d controllers could not be enabled", failed);
	}
	dev_links();
	/* What udev would open up: rootless networking (slirp4netns) and
	 * fuse-based storage are for every user. */
	static const char *const open_nodes[] = { "/dev/net/tun", "/dev/fuse" };
	for (size_t i = 0; i < sizeof(open_nodes) / sizeof(open_nodes[0]); i++)
		if (chmod(open_nodes[i], 0666) < 0 && errno != ENOENT)
			b2p_err("chmod %s", open_nodes[i]);
	mkdir_p("/var/log", 0755);
	mkdir_p("/var/lib", 0755);
	mkdir_p("/var/tmp", 01777);
	if (chmod("/var/tmp", 01777) < 0)
		b2p_err("chmod /var/tmp");
	if (symlink("/run", "/var/run") < 0 && errno != EEXIST)
		b2p_err("symlink /var/run");
	/* Container runtimes expect host mounts to propagate (podman warns and
	 * rootless volumes miss later mounts otherwise). */
	if (mount(NULL, "/", NULL, MS_REC | MS_SHARED, NULL) < 0)
		b2p_err("mount --make-rshared /");
}
