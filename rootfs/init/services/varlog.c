#include "varlog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "util.h"

/* Appends the content of SRC to DST (created if needed). */
static int append_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		b2p_err("open %s", src);
		return -1;
	}
	int out = open(dst, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (out < 0) {
		b2p_err("open %s", dst);
		close(in);
		return -1;
	}
	char buf[16384];
	ssize_t n;
	int rc = 0;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			b2p_err("write %s", dst);
			rc = -1;
			break;
		}
	}
	if (n < 0) {
		b2p_err("read %s", src);
		rc = -1;
	}
	close(in);
	if (close(out) < 0) {
		b2p_err("close %s", dst);
		rc = -1;
	}
	return rc;
}

/* Calls FN(dir, name, st) for every regular file in DIR. */
static int each_file(const char *dir, int (*fn)(const char *, const char *, const struct stat *, void *),
		     void *arg)
{
	DIR *d = opendir(dir);
	if (!d) {
		b2p_err("opendir %s", dir);
		return -1;
	}
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
			n += fn(dir, e->d_name, &st, arg);
	}
	closedir(d);
	return n;
}

static int carry_over(const char *dir, const char *name, const struct stat *st, void *to)
{
	(void)st;
	char src[PATH_MAX], dst[PATH_MAX];
	snprintf(src, sizeof(src), "%s/%s", dir, name);
	snprintf(dst, sizeof(dst), "%s/%s", (const char *)to, name);
	return append_file(src, dst) == 0;
}

void varlog_persist(const char *statedir)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/log", statedir);
	if (mkdir_p(dir, 0755) < 0)
		return;
	each_file("/var/log", carry_over, dir);
	if (mount(dir, "/var/log", NULL, MS_BIND, NULL) < 0) {
		b2p_err("bind %s on /var/log; logs stay in RAM", dir);
		return;
	}
	b2p_log("logs in %s", dir);
}

static int rotate_one(const char *dir, const char *name, const struct stat *st, void *max)
{
	size_t len = strlen(name);
	if (st->st_size <= *(const off_t *)max || (len > 2 && strcmp(name + len - 2, ".1") == 0))
		return 0;
	char path[PATH_MAX], old[PATH_MAX + 2];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(old, sizeof(old), "%s.1", path);
	if (unlink(old) < 0 && errno != ENOENT)
		b2p_err("unlink %s", old);
	if (append_file(path, old) < 0)
		return 0;
	if (truncate(path, 0) < 0) {
		b2p_err("truncate %s", path);
		return 0;
	}
	return 1;
}

int varlog_rotate(const char *dir, off_t max)
{
	return each_file(dir, rotate_one, &max);
}
