#include "userdata.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"
#include "tar.h"

int userdata_from_stream(const unsigned char *buf, size_t len, unsigned char **out, size_t *outlen)
{
	int complete;
	size_t valid;
	unsigned char *copy;

	if (len > USERDATA_MAX)
		len = USERDATA_MAX;
	valid = tar_valid_prefix(buf, len, &complete);
	if (!complete) {
		if (valid == 0) {
			st_log("userdata: the tar on the disk is unreadable from its first header");
			return -1;
		}
		st_log("userdata: the tar on the disk is damaged or too large after %zu bytes; "
		       "keeping the members before that", valid);
	} else {
		/* drop the end-of-archive blocks; we add exactly two below */
		struct tar_iter it;
		struct tar_entry e;
		tar_iter_init(&it, buf, len);
		valid = 0;
		while (tar_next(&it, &e) == 1)
			valid = it.pos;
		if (valid == 0) {
			st_log("userdata: the tar on the disk holds no member");
			return -1;
		}
	}
	copy = calloc(1, valid + 2 * TAR_BLOCK);
	if (!copy) {
		st_log("userdata: out of memory for %zu bytes", valid);
		return -1;
	}
	memcpy(copy, buf, valid);
	*out = copy;
	*outlen = valid + 2 * TAR_BLOCK;
	return 0;
}

int userdata_from_disk(const struct sdev *d, unsigned char **out, size_t *outlen)
{
	size_t n = d->size < USERDATA_MAX ? (size_t)d->size : USERDATA_MAX;
	unsigned char *buf = malloc(n ? n : 1);
	int rc;

	if (!buf) {
		st_log("userdata: out of memory reading %s", d->path);
		return -1;
	}
	rc = sdev_read(d, 0, buf, n) < 0 ? -1 : userdata_from_stream(buf, n, out, outlen);
	free(buf);
	return rc;
}

static int write_all(int fd, const unsigned char *p, size_t n, const char *what)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			st_log("write %s: %s", what, w < 0 ? strerror(errno) : "no progress");
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = 0;
	else if (slash)
		*slash = 0;
	else
		snprintf(dir, sizeof(dir), ".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		st_log("open %s: %s", dir, strerror(errno));
		return -1;
	}
	int rc = fsync(fd);
	if (rc < 0)
		st_log("fsync %s: %s", dir, strerror(errno));
	close(fd);
	return rc;
}

int userdata_save(const char *path, const unsigned char *tar, size_t len)
{
	char tmp[PATH_MAX];
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp)) {
		st_log("userdata: path too long: %s", path);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		st_log("create %s: %s", tmp, strerror(errno));
		return -1;
	}
	if (write_all(fd, tar, len, tmp) < 0 || (fsync(fd) < 0 && (st_log("fsync %s: %s", tmp, strerror(errno)), 1))) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) < 0) {
		st_log("close %s: %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	/* rename + directory fsync: afterwards the old or the new file is
	 * there in full, never a prefix. */
	if (rename(tmp, path) < 0) {
		st_log("rename %s to %s: %s", tmp, path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return fsync_dir_of(path);
}

int userdata_load(const char *path, unsigned char **out, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		if (errno != ENOENT)
			st_log("open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > USERDATA_MAX) {
		st_log("%s: not a regular file of at most %d bytes", path, USERDATA_MAX);
		close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -1;
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			st_log("read %s: %s", path, n < 0 ? strerror(errno) : "file shrank");
			free(buf);
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	*out = buf;
	*len = got;
	return 0;
}

int userdata_clean_name(const char *in, char *out, size_t outlen)
{
	size_t o = 0;
	const char *p = in;

	if (!outlen || *in == '/')
		return -1;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* "a//b", "./a": harmless, drop */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			return -1;
		} else {
			if (o + (o != 0) + n + 1 > outlen)
				return -1;
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	if (o == 0)
		return -1;
	out[o] = 0;
	return 0;
}

/* Opens (creating when asked) one directory below dirfd, refusing to
 * follow a symlink an earlier member or a previous boot may have left. */
static int open_subdir(int dirfd, const char *name, mode_t mode, uid_t uid, gid_t gid, int create)
{
	if (create) {
		if (mkdirat(dirfd, name, mode) == 0) {
			if (fchownat(dirfd, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
				st_log("userdata: chown %s: %s", name, strerror(errno));
		} else if (errno != EEXIST) {
			st_log("userdata: mkdir %s: %s", name, strerror(errno));
			return -1;
		}
	}
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		st_log("userdata: open directory %s: %s", name, strerror(errno));
	return fd;
}

/* Walks all but the last component of rel from base; returns a dirfd and
 * points *last at the final component.  .ssh is created 0700. */
static int walk_parent(int base, char *rel, const char **last, uid_t uid, gid_t gid)
{
	int fd = dup(base);
	char *p = rel;

	if (fd < 0) {
		st_log("userdata: dup: %s", strerror(errno));
		return -1;
	}
	for (char *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = 0;
		int sub = open_subdir(fd, p, strcmp(p, ".ssh") == 0 ? 0700 : 0755, uid, gid, 1);
		*slash = '/';
		close(fd);
		if (sub < 0)
			return -1;
		fd = sub;
	}
	*last = p;
	return fd;
}

static int in_ssh(const char *rel)
{
	return strcmp(rel, ".ssh") == 0 || strncmp(rel, ".ssh/", 5) == 0;
}

static int set_owner_mode(int fd, const char *rel, uid_t uid, gid_t gid, mode_t mode)
{
	if (fchown(fd, uid, gid) < 0) {
		st_log("userdata: chown %s: %s", rel, strerror(errno));
		return -1;
	}
	if (fchmod(fd, mode) < 0) {
		st_log("userdata: chmod %s: %s", rel, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_file_at(int dirfd, const char *name, const char *rel, const struct tar_entry *e,
			 uid_t uid, gid_t gid, mode_t mode)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		st_log("userdata: create %s: %s", rel, strerror(errno));
		return -1;
	}
	int rc = write_all(fd, e->data, (size_t)e->size, rel);
	if (rc == 0)
		rc = set_owner_mode(fd, rel, uid, gid, mode);
	if (close(fd) < 0 && rc == 0) {
		st_log("userdata: close %s: %s", rel, strerror(errno));
		rc = -1;
	}
	return rc;
}

static int apply_entry(int home, const struct tar_entry *e, uid_t uid, gid_t gid)
{
	char rel[256];
	const char *last;
	int rc = -1;

	if (userdata_clean_name(e->name, rel, sizeof(rel)) < 0) {
		st_log("userdata: refusing member name '%.80s'", e->name);
		return -1;
	}
	if (e->type != '0' && e->type != '5') {
		st_log("userdata: skipping %s: only files and directories are applied", rel);
		return e->type == 'g' || e->type == 'x' ? 0 : -1;
	}
	int dir = walk_parent(home, rel, &last, uid, gid);
	if (dir < 0)
		return -1;
	if (e->type == '5') {
		int fd = open_subdir(dir, last, 0755, uid, gid, 1);
		if (fd >= 0) {
			rc = set_owner_mode(fd, rel, uid, gid, in_ssh(rel) ? 0700 : (e->mode & 0755));
			close(fd);
		}
	} else {
		rc = write_file_at(dir, last, rel, e, uid, gid, in_ssh(rel) ? 0600 : (e->mode & 0755));
	}
	close(dir);
	return rc;
}

static const struct tar_entry *find_keys(const unsigned char *tar, size_t len, struct tar_entry *e)
{
	struct tar_iter it;
	char rel[256];
	int found = 0;

	/* authorized_keys wins; authorized_keys2 only when it is alone. */
	tar_iter_init(&it, tar, len);
	struct tar_entry cur;
	while (tar_next(&it, &cur) == 1) {
		if (cur.type != '0' || userdata_clean_name(cur.name, rel, sizeof(rel)) < 0)
			continue;
		if (strcmp(rel, ".ssh/authorized_keys") == 0) {
			*e = cur;
			return e;
		}
		if (strcmp(rel, ".ssh/authorized_keys2") == 0 && !found) {
			*e = cur;
			found = 1;
		}
	}
	return found ? e : NULL;
}

static int apply_root_keys(const unsigned char *tar, size_t len, const char *root_ssh)
{
	struct tar_entry e;
	if (!find_keys(tar, len, &e))
		return 0;
	if (mkdir(root_ssh, 0700) < 0 && errno != EEXIST) {
		st_log("userdata: mkdir %s: %s", root_ssh, strerror(errno));
		return -1;
	}
	int dir = open(root_ssh, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0) {
		st_log("userdata: open %s: %s", root_ssh, strerror(errno));
		return -1;
	}
	int rc = set_owner_mode(dir, root_ssh, 0, 0, 0700);
	if (write_file_at(dir, "authorized_keys", "/root/.ssh/authorized_keys", &e, 0, 0, 0600) < 0)
		rc = -1;
	close(dir);
	return rc;
}

int userdata_apply(const unsigned char *tar, size_t len, const char *home, uid_t uid, gid_t gid,
		   const char *root_ssh)
{
	struct tar_iter it;
	struct tar_entry e;
	int problems = 0, rc;
	int base = open(home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (base < 0) {
		st_log("userdata: open %s: %s", home, strerror(errno));
		return 1;
	}
	tar_iter_init(&it, tar, len);
	while ((rc = tar_next(&it, &e)) == 1) {
		/* the driver's marker file carries no data for the user */
		if (probe_magic_bytes((const unsigned char *)e.name) && e.name[PROBE_MAGIC_LEN] == 0)
			continue;
		if (apply_entry(base, &e, uid, gid) < 0)
			problems++;
	}
	if (rc < 0) {
		st_log("userdata: archive damaged at byte %zu; applied what came before", it.pos);
		problems++;
	}
	close(base);
	if (root_ssh && apply_root_keys(tar, len, root_ssh) < 0)
		problems++;
	return problems;
}

int userdata_lookup_user(const char *passwd, const char *user, uid_t *uid, gid_t *gid,
			 char *home, size_t homelen)
{
	char line[512];
	FILE *f = fopen(passwd, "re");
	size_t ul = strlen(user);
	int rc = -1;

	if (!f) {
		st_log("open %s: %s", passwd, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		/* name:pw:uid:gid:gecos:home:shell */
		char *fld[7] = { 0 };
		char *p = line;
		int n = 0;
		if (strncmp(line, user, ul) != 0 || line[ul] != ':')
			continue;
		line[strcspn(line, "\n")] = 0;
		while (n < 7 && p) {
			fld[n++] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = 0;
		}
		if (n < 6)
			break;
		char *end1, *end2;
		unsigned long u = strtoul(fld[2], &end1, 10), g = strtoul(fld[3], &end2, 10);
		if (*end1 || *end2 || end1 == fld[2] || end2 == fld[3])
			break;
		*uid = (uid_t)u;
		*gid = (gid_t)g;
		snprintf(home, homelen, "%s", fld[5]);
		rc = 0;
		break;
	}
	fclose(f);
	return rc;
}
