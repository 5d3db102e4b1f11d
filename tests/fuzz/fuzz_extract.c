/* libFuzzer target: the whole userdata extraction, not only the parser,
 * against a scratch directory.  The input is a hostile home (which of a
 * few traps sit at the names the driver's tar writes, and the user's own
 * keys text) followed by the tar.  After each run: the tree outside the
 * home is exactly as it was, root's keys directory holds only root's
 * keys, nothing set-id was made, the driver's keys head the user's file
 * whenever the extraction reported no problem, and the keys merge is
 * idempotent.  A hang (a FIFO opened for writing) is a libFuzzer timeout. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "storage_util.h"
#include "tar.h"
#include "userdata.h"

static char scratch[256], home[300], outside[300], target[340], rootssh[300];
static struct stat target_st;
static const char TARGET_TEXT[] = "outside, never to be touched\n";

static void die(const char *what)
{
	perror(what);
	abort();
}

static int unlink_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if ((flag == FTW_DP ? rmdir(p) : unlink(p)) < 0)
		die(p);
	return 0;
}

static int open_up_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)f;
	/* directories the tar made 0500 must not stop the cleanup */
	if (flag == FTW_D && chmod(p, 0700) < 0)
		die(p);
	(void)st;
	return 0;
}

static void rm_tree(const char *p)
{
	if (access(p, F_OK) < 0)
		return;
	if (nftw(p, open_up_cb, 16, FTW_PHYS) < 0 || nftw(p, unlink_cb, 16, FTW_PHYS | FTW_DEPTH) < 0)
		die(p);
}

static void cleanup(void)
{
	rm_tree(scratch);
}

static void setup_once(void)
{
	if (scratch[0])
		return;
	/* tmpfs when there is one: every file the extractor writes is fsynced */
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(scratch, sizeof(scratch), "%s/b2p-fuzz-extract-XXXXXX", base);
	if (!mkdtemp(scratch))
		die("mkdtemp");
	snprintf(home, sizeof(home), "%s/home", scratch);
	snprintf(outside, sizeof(outside), "%s/outside", scratch);
	snprintf(target, sizeof(target), "%s/target", outside);
	snprintf(rootssh, sizeof(rootssh), "%s/root-ssh", scratch);
	if (mkdir(outside, 0755) < 0)
		die(outside);
	int fd = open(target, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || write(fd, TARGET_TEXT, sizeof(TARGET_TEXT) - 1) != sizeof(TARGET_TEXT) - 1 || close(fd) < 0)
		die(target);
	if (stat(target, &target_st) < 0)
		die(target);
	atexit(cleanup);
	b2p_quiet = 1;
}

static const char *join(const char *a, const char *b)
{
	static char buf[4][400];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", a, b);
	return buf[i];
}

static void make_file(const char *p, const uint8_t *text, size_t n)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || (n && write(fd, text, n) != (ssize_t)n) || close(fd) < 0)
		die(p);
}

/* One trap at a name; kinds beyond a directory need a parent directory. */
static void plant(const char *p, unsigned kind, const uint8_t *text, size_t n)
{
	int rc = 0;
	switch (kind % 8) {
	case 0: return;                                         /* absent */
	case 1: rc = mkdir(p, 0700); break;                     /* the user's directory */
	case 2: make_file(p, text, n); return;                  /* the user's file */
	case 3: rc = mkfifo(p, 0600); break;
	case 4: rc = symlink(outside, p); break;                /* to a directory outside */
	case 5: rc = symlink(target, p); break;                 /* to a file outside */
	case 6: rc = link(target, p); break;                    /* hard link to it */
	case 7:                                                 /* somebody else's directory */
		rc = mkdir(p, 0755);
		if (rc == 0 && geteuid() == 0)
			rc = chown(p, getuid() + 1, getgid() + 1);
		break;
	}
	if (rc < 0 && errno != ENOENT && errno != ENOTDIR)
		die(p);
}

static void check_outside(void)
{
	struct stat st;
	char buf[sizeof(TARGET_TEXT) + 8];
	if (lstat(target, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != target_st.st_uid ||
	    st.st_mode != target_st.st_mode || st.st_size != target_st.st_size || st.st_ino != target_st.st_ino)
		abort();
	int fd = open(target, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof(TARGET_TEXT) - 1 || memcmp(buf, TARGET_TEXT, (size_t)n) != 0)
		abort();
}

static int count_cb_n;
static int count_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)p;
	(void)flag;
	(void)f;
	count_cb_n++;
	/* nothing set-id comes out of a tar */
	if (S_ISREG(st->st_mode) && (st->st_mode & (S_ISUID | S_ISGID)))
		abort();
	return 0;
}

static int count(const char *p)
{
	count_cb_n = 0;
	if (nftw(p, count_cb, 16, FTW_PHYS) < 0)
		abort();
	return count_cb_n;
}

/* The last regular .ssh/authorized_keys member, as the extractor sees it. */
static int driver_keys(const uint8_t *tar, size_t len, const unsigned char **k, size_t *kn)
{
	struct tar_iter it;
	struct tar_entry e;
	char rel[TAR_NAME_MAX];
	int found = 0;
	tar_iter_init(&it, tar, len);
	while (tar_next(&it, &e) == 1)
		if (e.type == '0' && !e.name_bad && userdata_clean_name(e.name, rel, sizeof(rel)) == 0 &&
		    !strcmp(rel, ".ssh/authorized_keys")) {
			*k = e.data;
			*kn = (size_t)e.size;
			found = 1;
		}
	return found;
}

static int starts_with_file(const char *p, const unsigned char *k, size_t kn)
{
	int fd = open(p, O_RDONLY | O_NOFOLLOW);
	unsigned char *buf = malloc(kn + 1);
	size_t got = 0;
	ssize_t r = 0;
	while (fd >= 0 && buf && got < kn && (r = read(fd, buf + got, kn - got)) > 0)
		got += (size_t)r;
	int ok = fd >= 0 && buf && got == kn && memcmp(buf, k, kn) == 0;
	if (fd >= 0)
		close(fd);
	free(buf);
	return ok;
}

static void check_merge(const unsigned char *k, size_t kn, const uint8_t *mine, size_t mn)
{
	char *o, *again;
	size_t on, an;
	if (userdata_merge_keys((const char *)k, kn, (const char *)mine, mn, &o, &on) < 0)
		abort();
	if (on < kn || memcmp(o, k, kn) != 0)
		abort();
	if (userdata_merge_keys((const char *)k, kn, o, on, &again, &an) < 0 || an != on || memcmp(again, o, on))
		abort();
	free(again);
	free(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup_once();
	if (size < 5)
		return 0;
	/* traps at .ssh, .ssh/authorized_keys, .ssh/authorized_keys2, "a" */
	unsigned t_ssh = data[0], t_keys = data[1], t_keys2 = data[2], t_a = data[3];
	size_t mine = data[4] % 64 < size - 5 ? data[4] % 64 : size - 5;
	const uint8_t *mytext = data + 5, *tar = data + 5 + mine;
	size_t tlen = size - 5 - mine;

	rm_tree(home);
	rm_tree(rootssh);
	if (mkdir(home, 0755) < 0)
		die(home);
	plant(join(home, ".ssh"), t_ssh, mytext, mine);
	/* the traps inside .ssh only when it is a real directory (through a
	 * symlink they would land outside, put there by us) */
	if (t_ssh % 8 == 1 || t_ssh % 8 == 7) {
		plant(join(home, ".ssh/authorized_keys"), t_keys, mytext, mine);
		plant(join(home, ".ssh/authorized_keys2"), t_keys2, mytext, mine);
	}
	plant(join(home, "a"), t_a, mytext, mine);

	int problems = userdata_apply(tar, tlen, home, getuid(), getgid(), rootssh);

	check_outside();
	if (count(outside) != 2)                /* nothing new: the directory and target */
		abort();
	/* root's directory: only root's keys, a regular file */
	struct stat st;
	if (lstat(rootssh, &st) == 0) {
		if (!S_ISDIR(st.st_mode) || count(rootssh) > 2)
			abort();
		if (lstat(join(rootssh, "authorized_keys"), &st) == 0 && !S_ISREG(st.st_mode))
			abort();
	}
	count(home);
	const unsigned char *k;
	size_t kn;
	if (driver_keys(tar, tlen, &k, &kn)) {
		if (problems == 0 && !starts_with_file(join(home, ".ssh/authorized_keys"), k, kn))
			abort();
		check_merge(k, kn, mytext, mine);
	}
	return 0;
}
