#include "util.h"
#include "msg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int xmount(const char *src, const char *target, const char *type,
	   unsigned long flags, const char *data)
{
	if (mount(src, target, type, flags, data) == 0)
		return 0;
	b2p_err("mount %s (%s)", target, type ? type : (flags & MS_MOVE) ? "move" : "bind");
	return -1;
}

/* One level: made with mode exactly (umask must not narrow it) and the
 * owner when uid is not -1; an existing directory is left as it is (with
 * `nofollow`, a symlink to one is not a directory). */
static int mkdir_one(const char *path, mode_t mode, uid_t uid, gid_t gid, int nofollow)
{
	struct stat st;
	if (mkdir(path, mode) == 0) {
		if (chmod(path, mode) < 0 || (uid != (uid_t)-1 && chown(path, uid, gid) < 0)) {
			b2p_err("set owner/mode of %s", path);
			return -1;
		}
		return 0;
	}
	if (errno != EEXIST) {
		b2p_err("mkdir %s", path);
		return -1;
	}
	if ((nofollow ? lstat(path, &st) : stat(path, &st)) < 0 || !S_ISDIR(st.st_mode)) {
		b2p_log("mkdir %s: exists and is not a directory", path);
		return -1;
	}
	return 0;
}

static int mkdir_tree(const char *path, mode_t parents, mode_t mode, uid_t uid, gid_t gid, int nofollow)
{
	char buf[4096];
	size_t n = strlen(path);
	if (n == 0 || n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		b2p_err("mkdir %s", path);
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		int rc = mkdir_one(buf, parents, (uid_t)-1, (gid_t)-1, nofollow);
		*p = '/';
		if (rc < 0)
			return -1;
	}
	return mkdir_one(buf, mode, uid, gid, nofollow);
}

int mkdir_owned(const char *path, mode_t parents, mode_t mode, uid_t uid, gid_t gid)
{
	return mkdir_tree(path, parents, mode, uid, gid, 1);
}

int mkdir_p(const char *path, mode_t mode)
{
	return mkdir_tree(path, mode, mode, (uid_t)-1, (gid_t)-1, 0);
}

int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		b2p_err("open %s", path);
		return -1;
	}
	size_t n = strlen(s);
	ssize_t w = write(fd, s, n);
	if (w < 0 || (size_t)w != n) {
		if (w >= 0)
			errno = EIO;
		b2p_err("write '%s' to %s", s, path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* One loop for both: off < 0 reads at the file position, else at off. */
static ssize_t io_full(int fd, void *buf, size_t n, off_t off)
{
	size_t got = 0;
	while (got < n) {
		char *p = (char *)buf + got;
		ssize_t r = off < 0 ? read(fd, p, n - got) : pread(fd, p, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

ssize_t read_full(int fd, void *buf, size_t n)
{
	return io_full(fd, buf, n, -1);
}

ssize_t pread_full(int fd, void *buf, size_t n, off_t off)
{
	return io_full(fd, buf, n, off < 0 ? 0 : off);
}

ssize_t read_small(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t got = read_full(fd, buf, n - 1);
	int e = errno;
	close(fd);
	if (got < 0) {
		errno = e;
		return -1;
	}
	buf[got] = '\0';
	return got;
}

void rstrip(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

double uptime_s(void)
{
	char buf[64];
	if (read_small("/proc/uptime", buf, sizeof(buf)) < 0)
		return -1;
	return strtod(buf, NULL);
}

int path_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int path_find(const char *name, char *buf, size_t n)
{
	const char *dir = B2P_PATH;
	while (*dir) {
		size_t len = strcspn(dir, ":");
		if (snprintf(buf, n, "%.*s/%s", (int)len, dir, name) < (int)n && is_executable(buf))
			return 1;
		dir += len + (dir[len] == ':');
	}
	return 0;
}
