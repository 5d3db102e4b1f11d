#include "userdata.h"
#include "msg.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
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
			b2p_log("userdata: the tar on the disk is unreadable from its first header");
			return -1;
		}
		b2p_log("userdata: the tar on the disk is damaged or too large after %zu bytes; "
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
			b2p_log("userdata: the tar on the disk holds no member");
			return -1;
		}
	}
	copy = calloc(1, valid + 2 * TAR_BLOCK);
	if (!copy) {
		b2p_log("userdata: out of memory for %zu bytes", valid);
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
		b2p_log("userdata: out of memory reading %s", d->path);
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
			b2p_log("write %s: %s", what, w < 0 ? strerror(errno) : "no progress");
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
		b2p_err("open %s", dir);
		return -1;
	}
	int rc = fsync(fd);
	if (rc < 0)
		b2p_err("fsync %s", dir);
	close(fd);
	return rc;
}

int userdata_save(const char *path, const unsigned char *tar, size_t len)
{
	char tmp[PATH_MAX];
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp)) {
		b2p_log("userdata: path too long: %s", path);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		b2p_err("create %s", tmp);
		return -1;
	}
	if (write_all(fd, tar, len, tmp) < 0 || (fsync(fd) < 0 && (b2p_err("fsync %s", tmp), 1))) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) < 0) {
		b2p_err("close %s", tmp);
		unlink(tmp);
		return -1;
	}
	/* rename + directory fsync: afterwards the old or the new file is
	 * there in full, never a prefix. */
	if (rename(tmp, path) < 0) {
		b2p_err("rename %s to %s", tmp, path);
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
			b2p_err("open %s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > USERDATA_MAX) {
		b2p_log("%s: not a regular file of at most %d bytes", path, USERDATA_MAX);
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
			b2p_log("read %s: %s", path, n < 0 ? strerror(errno) : "file shrank");
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

/* ---- keys: the driver's lines first, the user's own kept ---- */

static size_t trimmed(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

static uint32_t line_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;       /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The driver's lines in an open-addressed set, so a user file of many
 * lines costs one lookup each, not a scan of the driver's text. */
struct lineset {
	struct { const char *s; size_t n; } *slot;
	size_t mask;
};

static int lineset_has(const struct lineset *ls, const char *s, size_t n)
{
	for (size_t i = line_hash(s, n) & ls->mask; ls->slot[i].s; i = (i + 1) & ls->mask)
		if (ls->slot[i].n == n && memcmp(ls->slot[i].s, s, n) == 0)
			return 1;
	return 0;
}

static int lineset_build(struct lineset *ls, const char *text, size_t len)
{
	size_t lines = 1, cap = 16;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	while (cap < 2 * lines)
		cap *= 2;
	ls->slot = calloc(cap, sizeof(*ls->slot));
	if (!ls->slot)
		return -1;
	ls->mask = cap - 1;
	for (size_t off = 0; off < len;) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t l = nl ? (size_t)(nl - text - off) : len - off, t = trimmed(text + off, l);
		if (!lineset_has(ls, text + off, t)) {
			size_t i = line_hash(text + off, t) & ls->mask;
			while (ls->slot[i].s)
				i = (i + 1) & ls->mask;
			ls->slot[i].s = text + off;
			ls->slot[i].n = t;
		}
		off += l + (nl != NULL);
	}
	return 0;
}

int userdata_merge_keys(const char *drv, size_t dn, const char *usr, size_t un, char **out, size_t *outn)
{
	struct lineset ls;
	char *o = malloc(dn + un + 2);
	size_t k = dn;

	if (!o || lineset_build(&ls, drv, dn) < 0) {
		b2p_log("userdata: out of memory merging %zu + %zu bytes of keys", dn, un);
		free(o);
		return -1;
	}
	memcpy(o, drv, dn);
	if (dn && drv[dn - 1] != '\n')
		o[k++] = '\n';
	for (size_t off = 0; off < un;) {
		const char *line = usr + off, *nl = memchr(line, '\n', un - off);
		size_t l = nl ? (size_t)(nl - line) : un - off;
		if (!lineset_has(&ls, line, trimmed(line, l))) {
			memcpy(o + k, line, l);
			k += l;
			o[k++] = '\n';
		}
		off += l + (nl != NULL);
	}
	free(ls.slot);
	*out = o;
	*outn = k;
	return 0;
}

/* ---- applying into the user's home ----
 * The home belongs to the user (and may come from any disk), so anything
 * in it can be a symlink, a FIFO, a hard link to a root-owned file or a
 * directory of somebody else, while PID 1 runs as root.  So: directories
 * are opened one component at a time relative to the previous one, with
 * O_NOFOLLOW, and must belong to the user; no existing file is ever opened
 * for writing: content goes to a fresh file (O_EXCL) that is renamed over
 * the name, which replaces whatever was there without touching it. */

#define TMP_NAME ".b2p-userdata.tmp"

/* Why an existing directory is not one to write into, or NULL. */
static const char *dir_problem(const struct stat *st, uid_t uid)
{
	if (!S_ISDIR(st->st_mode))
		return "is not a directory";
	if (st->st_uid != uid)
		return "belongs to another user";
	return NULL;
}

/* Why opening name below dirfd as a directory failed, in words: O_NOFOLLOW
 * with O_DIRECTORY reports a symlink as "not a directory". */
static const char *open_failure(int dirfd, const char *name, int err)
{
	struct stat st;
	if ((err == ENOTDIR || err == ELOOP) && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISLNK(st.st_mode))
			return "a symbolic link (not followed); left alone";
		if (S_ISFIFO(st.st_mode))
			return "a FIFO, not a directory; left alone";
	}
	return strerror(err);
}

/* Opens name below dirfd as a directory, not through a symlink at its
 * last component, and stats it; the fd, or -1 with a message (`rel` names
 * it, `then` says what follows from the failure). */
static int open_dir_at(int dirfd, const char *name, const char *rel, const char *then, struct stat *st)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		b2p_log("userdata: open directory %s: %s%s", rel, open_failure(dirfd, name, errno), then);
		return -1;
	}
	if (fstat(fd, st) < 0) {
		b2p_err("userdata: stat %s", rel);
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens (creating when asked) one directory below dirfd; a directory we
 * just made becomes the user's, an existing one must already be. */
static int open_user_dir(int dirfd, const char *name, const char *rel, mode_t mode, uid_t uid, gid_t gid)
{
	struct stat st;
	int made = mkdirat(dirfd, name, mode) == 0;

	if (!made && errno != EEXIST) {
		b2p_err("userdata: mkdir %s", rel);
		return -1;
	}
	int fd = open_dir_at(dirfd, name, rel, "", &st);
	if (fd < 0)
		return -1;
	if (made && st.st_uid == geteuid() && st.st_uid != uid) {
		if (fchown(fd, uid, gid) < 0) {
			b2p_err("userdata: chown %s", rel);
			close(fd);
			return -1;
		}
		st.st_uid = uid;
	}
	const char *why = dir_problem(&st, uid);
	if (why) {
		b2p_log("userdata: %s %s (uid %u); left alone", rel, why, (unsigned)st.st_uid);
		close(fd);
		return -1;
	}
	return fd;
}

/* Walks all but the last component of rel from base; returns a dirfd and
 * points *last at the final component.  .ssh is created 0700. */
static int walk_parent(int base, char *rel, const char **last, uid_t uid, gid_t gid)
{
	int fd = dup(base);
	char *p = rel;

	if (fd < 0) {
		b2p_err("userdata: dup");
		return -1;
	}
	for (char *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = 0;
		int sub = open_user_dir(fd, p, rel, strcmp(rel, ".ssh") == 0 ? 0700 : 0755, uid, gid);
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

static int is_keys(const char *rel)
{
	return strcmp(rel, ".ssh/authorized_keys") == 0 || strcmp(rel, ".ssh/authorized_keys2") == 0;
}

static int set_owner_mode(int fd, const char *rel, uid_t uid, gid_t gid, mode_t mode)
{
	if (fchown(fd, uid, gid) < 0) {
		b2p_err("userdata: chown %s", rel);
		return -1;
	}
	if (fchmod(fd, mode) < 0) {
		b2p_err("userdata: chmod %s", rel);
		return -1;
	}
	return 0;
}

/* Writes a new file TMP_NAME in dirfd and renames it to name. */
static int replace_file(int dirfd, const char *name, const char *rel, const void *data, size_t n,
			uid_t uid, gid_t gid, mode_t mode)
{
	if (strcmp(name, TMP_NAME) == 0) {
		b2p_log("userdata: refusing %s: the name is the one used for temporary files", rel);
		return -1;
	}
	/* a stale one from a power cut, or something the user put there */
	if (unlinkat(dirfd, TMP_NAME, 0) < 0 && errno != ENOENT) {
		b2p_err("userdata: remove %s next to %s", TMP_NAME, rel);
		return -1;
	}
	int fd = openat(dirfd, TMP_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		b2p_err("userdata: create %s next to %s", TMP_NAME, rel);
		return -1;
	}
	int rc = write_all(fd, data, n, rel);
	if (rc == 0)
		rc = set_owner_mode(fd, rel, uid, gid, mode);
	if (rc == 0 && fsync(fd) < 0) {
		b2p_err("userdata: fsync %s", rel);
		rc = -1;
	}
	if (close(fd) < 0 && rc == 0) {
		b2p_err("userdata: close %s", rel);
		rc = -1;
	}
	if (rc == 0 && renameat(dirfd, TMP_NAME, dirfd, name) < 0) {
		b2p_err("userdata: rename into %s", rel);
		rc = -1;
	}
	if (rc < 0 && unlinkat(dirfd, TMP_NAME, 0) < 0 && errno != ENOENT)
		b2p_err("userdata: remove %s next to %s", TMP_NAME, rel);
	return rc;
}

/* Why an existing keys file is not merged (it is replaced), or NULL. */
static const char *keys_problem(const struct stat *st, uid_t uid)
{
	if (S_ISFIFO(st->st_mode))
		return "is a FIFO";
	if (S_ISLNK(st->st_mode))
		return "is a symbolic link";
	if (!S_ISREG(st->st_mode))
		return "is not a regular file";
	if (st->st_uid != uid)
		return "belongs to another user";
	if (st->st_nlink != 1)
		return "has other hard links";
	if (st->st_size > USERDATA_KEYS_MAX)
		return "is larger than the bound for keys";
	return NULL;
}

static char *read_fd(int fd, size_t max, size_t *n, const char *rel)
{
	char *buf = malloc(max + 1);
	size_t got = 0;
	if (!buf) {
		b2p_log("userdata: out of memory reading %s", rel);
		return NULL;
	}
	while (got < max) {
		ssize_t r = read(fd, buf + got, max - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			b2p_err("userdata: read %s", rel);
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*n = got;
	return buf;
}

/* The user's current keys file when it is safe to read: a regular file of
 * theirs with one link, at most USERDATA_KEYS_MAX.  NULL (and *n 0)
 * otherwise; anything odd is reported. */
static char *read_user_keys(int dirfd, const char *name, const char *rel, uid_t uid, size_t *n)
{
	struct stat a, b;
	const char *why;

	*n = 0;
	if (fstatat(dirfd, name, &a, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT)
			b2p_err("userdata: stat %s", rel);
		return NULL;
	}
	if ((why = keys_problem(&a, uid)) != NULL) {
		b2p_log("userdata: %s %s; replaced by the driver's keys, not read", rel, why);
		return NULL;
	}
	/* O_NONBLOCK: should it have become a FIFO since, open must not wait */
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		b2p_err("userdata: open %s", rel);
		return NULL;
	}
	char *buf = NULL;
	if (fstat(fd, &b) < 0 || b.st_dev != a.st_dev || b.st_ino != a.st_ino || keys_problem(&b, uid))
		b2p_log("userdata: %s changed while it was read; replaced by the driver's keys", rel);
	else
		buf = read_fd(fd, (size_t)b.st_size, n, rel);
	close(fd);
	return buf;
}

static int write_keys(int dirfd, const char *name, const char *rel, const struct tar_entry *e,
		      uid_t uid, gid_t gid)
{
	size_t un, mn;
	char *merged;
	char *mine = read_user_keys(dirfd, name, rel, uid, &un);
	int rc = userdata_merge_keys((const char *)e->data, (size_t)e->size, mine ? mine : "", un,
				     &merged, &mn);
	free(mine);
	if (rc < 0)
		return -1;
	rc = replace_file(dirfd, name, rel, merged, mn, uid, gid, 0600);
	free(merged);
	return rc;
}

/* "./", ".", "./." : the archive's root, i.e. the home itself. */
static int names_top(const char *name)
{
	if (*name == '/' || !*name || strstr(name, ".."))
		return 0;
	return name[strspn(name, "./")] == 0;
}

static int apply_entry(int home, const struct tar_entry *e, uid_t uid, gid_t gid)
{
	char rel[TAR_NAME_MAX];
	const char *last;
	int rc = -1;

	/* tar -C dir -cf x.tar . starts with "./": the home is the user's as it is */
	if (e->type == '5' && !e->name_bad && names_top(e->name))
		return 0;
	if (e->name_bad || userdata_clean_name(e->name, rel, sizeof(rel)) < 0) {
		b2p_log("userdata: refusing member name '%.80s'%s", e->name, e->name_bad ? " (too long)" : "");
		return -1;
	}
	if (e->type != '0' && e->type != '5') {
		if (e->type == 'g')
			return 0;       /* pax global header: nothing for us */
		b2p_log("userdata: skipping %s: only files and directories are applied", rel);
		return -1;
	}
	int dir = walk_parent(home, rel, &last, uid, gid);
	if (dir < 0)
		return -1;
	if (e->type == '5') {
		int fd = open_user_dir(dir, last, rel, in_ssh(rel) ? 0700 : 0755, uid, gid);
		if (fd >= 0) {
			rc = set_owner_mode(fd, rel, uid, gid, in_ssh(rel) ? 0700 : (e->mode & 0755));
			close(fd);
		}
	} else if (is_keys(rel)) {
		rc = write_keys(dir, last, rel, e, uid, gid);
	} else {
		rc = replace_file(dir, last, rel, e->data, (size_t)e->size, uid, gid,
				  in_ssh(rel) ? 0600 : (e->mode & 0755));
	}
	close(dir);
	return rc;
}

static const struct tar_entry *find_keys(const unsigned char *tar, size_t len, struct tar_entry *e)
{
	struct tar_iter it;
	char rel[TAR_NAME_MAX];
	int found = 0;

	/* authorized_keys wins; authorized_keys2 only when it is alone. */
	tar_iter_init(&it, tar, len);
	struct tar_entry cur;
	while (tar_next(&it, &cur) == 1) {
		if (cur.type != '0' || cur.name_bad || userdata_clean_name(cur.name, rel, sizeof(rel)) < 0)
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

/* Root's keys are the driver's only: root's home is in RAM and nobody
 * else's lines belong there. */
static int apply_root_keys(const unsigned char *tar, size_t len, const char *root_ssh)
{
	struct tar_entry e;
	struct stat st;

	if (!find_keys(tar, len, &e))
		return 0;
	if (mkdir(root_ssh, 0700) < 0 && errno != EEXIST) {
		b2p_err("userdata: mkdir %s", root_ssh);
		return -1;
	}
	int dir = open(root_ssh, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0) {
		b2p_err("userdata: open %s", root_ssh);
		return -1;
	}
	int rc = 0;
	if (fstat(dir, &st) < 0 || st.st_uid != geteuid()) {
		b2p_log("userdata: %s is not root's own directory; root's keys not written", root_ssh);
		rc = -1;
	}
	if (rc == 0)
		rc = set_owner_mode(dir, root_ssh, geteuid(), getegid(), 0700);
	if (rc == 0)
		rc = replace_file(dir, "authorized_keys", "/root/.ssh/authorized_keys", e.data, (size_t)e.size,
				  geteuid(), getegid(), 0600);
	close(dir);
	return rc;
}

/* The home itself: a directory of the user, reached without following a
 * symlink at its last component (its parents are the system's). */
static int open_home(const char *home, uid_t uid)
{
	struct stat st;
	int fd = open_dir_at(AT_FDCWD, home, home, "; nothing applied", &st);
	const char *why;

	if (fd < 0)
		return -1;
	if ((why = dir_problem(&st, uid)) != NULL) {
		b2p_log("userdata: %s %s (uid %u, not %u); nothing applied", home, why, (unsigned)st.st_uid,
		       (unsigned)uid);
		close(fd);
		return -1;
	}
	return fd;
}

int userdata_apply(const unsigned char *tar, size_t len, const char *home, uid_t uid, gid_t gid,
		   const char *root_ssh)
{
	struct tar_iter it;
	struct tar_entry e;
	int problems = 0, rc;
	int base = open_home(home, uid);

	if (base < 0)
		problems++;
	tar_iter_init(&it, tar, len);
	while (base >= 0 && (rc = tar_next(&it, &e)) != 0) {
		if (rc < 0) {
			b2p_log("userdata: archive damaged at byte %zu; applied what came before", it.pos);
			problems++;
			break;
		}
		/* the driver's marker file carries no data for the user */
		if (probe_magic_bytes((const unsigned char *)e.name) && e.name[PROBE_MAGIC_LEN] == 0)
			continue;
		if (apply_entry(base, &e, uid, gid) < 0)
			problems++;
	}
	if (base >= 0)
		close(base);
	if (root_ssh && apply_root_keys(tar, len, root_ssh) < 0)
		problems++;
	return problems;
}

int userdata_lookup_user(const char *passwd, const char *user, uid_t *uid, gid_t *gid,
			 char *home, size_t homelen)
{
	FILE *f = fopen(passwd, "re");
	struct passwd *pw;
	int rc = -1;

	if (!f) {
		b2p_err("open %s", passwd);
		return -1;
	}
	/* libc's reader, as getpwnam() elsewhere, on a file of our choosing */
	while ((pw = fgetpwent(f)) != NULL) {
		if (strcmp(pw->pw_name, user) != 0)
			continue;
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
		snprintf(home, homelen, "%s", pw->pw_dir);
		rc = 0;
		break;
	}
	fclose(f);
	return rc;
}
