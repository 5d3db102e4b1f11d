/* The driver's tar: saved in full (also past 4 KiB), damaged archives
 * keep their good prefix, extraction never leaves the home directory, and
 * a hostile home (FIFOs, hard links to root's files, symlinks at every
 * component, directories of other users) neither hangs PID 1 nor gets it
 * to touch anything but fresh files of the user.  Runs as root (owners). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tar.h"
#include "tu.h"
#include "userdata.h"

#define MAGIC "boot2podman, please format-me"
#define KEY "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests user@host\n"

#define UID 1000
#define GID 1001
/* Bounds every case: a helper that blocks (open of a FIFO) fails the
 * case instead of hanging the run. */
#define CASE_SECONDS 20

static void on_alarm(int sig)
{
	static const char msg[] = "    FAIL: timed out: the helper blocked (a FIFO opened for writing?)\n";
	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(3);
}

/* A home directory of the user, as storage.c makes it. */
static const char *mkhome(const char *name)
{
	const char *h = tu_path(name);
	if (mkdir(h, 0755) < 0 || chown(h, UID, GID) < 0) {
		perror(h);
		return NULL;
	}
	return h;
}

static int from_image(const struct tu_tar *t, uint64_t size, unsigned char **out, size_t *n)
{
	const char *p = tu_path("ud.img");
	struct sdev d;
	if (tu_image(p, size) < 0 || tu_pwrite(p, 0, t->buf, t->len) < 0)
		return -2;
	if (sdev_open(&d, p, 0, 0, 0) < 0)
		return -2;
	int rc = userdata_from_disk(&d, out, n);
	sdev_close(&d);
	return rc;
}

static char *read_text(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = 0;
	return buf;
}

static void machine_layout_roundtrip(void)
{
	struct tu_tar t;
	unsigned char *ud;
	size_t n;
	tu_machine_tar(&t, MAGIC, KEY);
	CHECK(t.len == 4608);   /* docker-machine's stream for a short key */
	REQUIRE(from_image(&t, 64ull << 20, &ud, &n) == 0);
	CHECK(n == t.len && memcmp(ud, t.buf, n) == 0);
	free(ud);
	tu_tar_free(&t);
}

static void rsa4096_key_past_4k(void)
{
	struct tu_tar t;
	unsigned char *ud;
	size_t n;
	tu_machine_tar(&t, MAGIC, tu_rsa4096_key());
	CHECK(t.len > 4096);
	REQUIRE(from_image(&t, 64ull << 20, &ud, &n) == 0);
	CHECK(n == t.len && memcmp(ud, t.buf, n) == 0);

	const char *home = mkhome("home-rsa");
	REQUIRE(home);
	CHECK(userdata_apply(ud, n, home, UID, GID, NULL) == 0);
	char kp[600];
	snprintf(kp, sizeof(kp), "%s/.ssh/authorized_keys", home);
	const char *got = read_text(kp);
	CHECK(got && strcmp(got, tu_rsa4096_key()) == 0);
	free(ud);
	tu_tar_free(&t);
}

static void truncated_keeps_prefix(void)
{
	struct tu_tar t;
	unsigned char *ud;
	size_t n;
	tu_machine_tar(&t, MAGIC, tu_rsa4096_key());
	/* Garble from authorized_keys2's header on, as a disk overwritten
	 * there would look (tar has no data checksum: damage inside a
	 * member's data cannot be seen, damage to a header can). */
	size_t cut = 3072;
	memset(t.buf + cut, 'x', t.len - cut);
	REQUIRE(from_image(&t, 64ull << 20, &ud, &n) == 0);
	/* magic file (1024) + .ssh (512) + authorized_keys (512+1024) + end */
	CHECK(n == 1024 + 512 + 1536 + 1024);
	int complete;
	CHECK(tar_valid_prefix(ud, n, &complete) == n && complete);
	free(ud);
	tu_tar_free(&t);
}

static void corrupt_first_header_refused(void)
{
	struct tu_tar t;
	unsigned char *ud = NULL;
	size_t n;
	tu_machine_tar(&t, MAGIC, KEY);
	t.buf[148] ^= 1;    /* checksum */
	CHECK(from_image(&t, 1 << 20, &ud, &n) == -1);
	free(ud);
	tu_tar_free(&t);
}

static void empty_archive_refused(void)
{
	/* found by fuzzing: an end-of-archive block first is no userdata */
	unsigned char z[2048] = { 0 };
	unsigned char *ud = NULL;
	size_t n;
	z[1024] = 'x';
	CHECK(userdata_from_stream(z, sizeof(z), &ud, &n) == -1);
	free(ud);
}

static void no_end_blocks_within_bound(void)
{
	/* A disk full of non-zero bytes after the tar: the valid members are
	 * kept, reading stops at USERDATA_MAX. */
	struct tu_tar t;
	unsigned char *ud;
	size_t n;
	tu_machine_tar(&t, MAGIC, KEY);
	t.len -= 1024;
	const char *p = tu_path("full.img");
	REQUIRE(tu_image(p, 2 << 20) == 0);
	unsigned char *junk = malloc(2 << 20);
	REQUIRE(junk);
	memset(junk, 0x5a, 2 << 20);
	memcpy(junk, t.buf, t.len);
	REQUIRE(tu_pwrite(p, 0, junk, 2 << 20) == 0);
	free(junk);
	struct sdev d;
	REQUIRE(sdev_open(&d, p, 0, 0, 0) == 0);
	CHECK(userdata_from_disk(&d, &ud, &n) == 0);
	CHECK(n == t.len + 1024);
	sdev_close(&d);
	free(ud);
	tu_tar_free(&t);
}

static void modes_owner_and_root_keys(void)
{
	struct tu_tar t;
	struct stat st;
	char home[512], root[512], path[700];
	tu_machine_tar(&t, MAGIC, KEY);
	REQUIRE(mkhome("home"));
	snprintf(home, sizeof(home), "%s", tu_path("home"));
	snprintf(root, sizeof(root), "%s", tu_path("root-ssh"));
	CHECK(userdata_apply(t.buf, t.len, home, UID, GID, root) == 0);
	snprintf(path, sizeof(path), "%s/.ssh", home);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0700 && st.st_uid == UID && st.st_gid == GID);
	snprintf(path, sizeof(path), "%s/.ssh/authorized_keys", home);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600 && st.st_uid == UID);
	snprintf(path, sizeof(path), "%s/.ssh/authorized_keys2", home);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600);
	/* the marker file is not copied into the home */
	snprintf(path, sizeof(path), "%s/%s", home, MAGIC);
	CHECK(access(path, F_OK) < 0 && errno == ENOENT);
	snprintf(path, sizeof(path), "%s/authorized_keys", root);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600 && st.st_uid == 0);
	const char *got = read_text(path);
	CHECK(got && strcmp(got, KEY) == 0);
	/* applying again (every boot) is idempotent */
	CHECK(userdata_apply(t.buf, t.len, home, UID, GID, root) == 0);
	snprintf(path, sizeof(path), "%s/.ssh/authorized_keys", home);
	got = read_text(path);
	CHECK(got && strcmp(got, KEY) == 0);
	tu_tar_free(&t);
}

static void hostile_members_stay_inside(void)
{
	struct tu_tar t = { 0 };
	char home[512], out[512], path[800];
	REQUIRE(mkhome("home-evil"));
	snprintf(home, sizeof(home), "%s", tu_path("home-evil"));
	snprintf(out, sizeof(out), "%s", tu_path("outside"));
	REQUIRE(mkdir(out, 0755) == 0);
	/* a symlink left in the home (e.g. by a previous session) */
	snprintf(path, sizeof(path), "%s/link", home);
	REQUIRE(symlink(out, path) == 0);
	char abs[600];
	snprintf(abs, sizeof(abs), "%s/abs", out);
	tu_tar_file(&t, "../escape", 0644, "x", 1);
	tu_tar_file(&t, abs, 0644, "x", 1);
	tu_tar_file(&t, "a/../../escape2", 0644, "x", 1);
	tu_tar_file(&t, "link/through", 0644, "x", 1);
	/* the member named like the symlink replaces the link itself */
	tu_tar_file(&t, "link", 0644, "x", 1);
	tu_tar_entry(&t, "sym", '2', 0777, NULL, 0);
	tu_tar_entry(&t, "dev", '3', 0666, NULL, 0);
	tu_tar_file(&t, "./ok/file", 04755, "y", 1);
	tu_tar_end(&t);
	CHECK(userdata_apply(t.buf, t.len, home, UID, UID, NULL) == 6);
	CHECK(tu_sh("[ -z \"$(ls -A '%s')\" ]", out) == 0);
	snprintf(path, sizeof(path), "%s/link", home);
	struct stat ls;
	CHECK(lstat(path, &ls) == 0 && S_ISREG(ls.st_mode) && ls.st_uid == UID);
	snprintf(path, sizeof(path), "%s/../escape", home);
	CHECK(access(path, F_OK) < 0);
	snprintf(path, sizeof(path), "%s/sym", home);
	CHECK(access(path, F_OK) < 0);
	struct stat st;
	snprintf(path, sizeof(path), "%s/ok/file", home);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0755);   /* no setuid */
	tu_tar_free(&t);
}

/* ---- a hostile home ---- */

static const char *join(const char *a, const char *b)
{
	static char buf[8][800];
	static int i;
	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", a, b);
	return buf[i];
}

static int put(const char *path, const char *text, mode_t mode, uid_t uid)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -1;
	int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text) && fchown(fd, uid, uid) == 0 &&
		 fchmod(fd, mode) == 0;
	return close(fd) == 0 && ok ? 0 : -1;
}

/* A home of the user with a .ssh of the user, ready for traps. */
static const char *ssh_home(const char *name)
{
	const char *h = mkhome(name);
	if (!h || mkdir(join(h, ".ssh"), 0700) < 0 || chown(join(h, ".ssh"), UID, GID) < 0)
		return NULL;
	return h;
}

/* The driver's tar plus a plain file "notes" outside .ssh. */
static void driver_tar(struct tu_tar *t)
{
	memset(t, 0, sizeof(*t));
	tu_tar_file(t, MAGIC, 0644, MAGIC, strlen(MAGIC));
	tu_tar_dir(t, ".ssh", 0700);
	tu_tar_file(t, ".ssh/authorized_keys", 0644, KEY, strlen(KEY));
	tu_tar_file(t, ".ssh/authorized_keys2", 0644, KEY, strlen(KEY));
	tu_tar_file(t, "notes", 0644, "n\n", 2);
	tu_tar_end(t);
}

static int is_regular_of_user(const char *path, const char *text)
{
	struct stat st;
	const char *got;
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == UID && st.st_nlink == 1 &&
	       (got = read_text(path)) != NULL && strcmp(got, text) == 0;
}

static int apply_bounded(const struct tu_tar *t, const char *home, const char *root_ssh)
{
	alarm(CASE_SECONDS);
	int rc = userdata_apply(t->buf, t->len, home, UID, GID, root_ssh);
	alarm(0);
	return rc;
}

static void fifo_and_devices_do_not_hang(void)
{
	struct tu_tar t;
	const char *home = ssh_home("home-fifo");
	REQUIRE(geteuid() == 0 && home);
	const char *ssh = join(home, ".ssh");
	/* the keys a FIFO (issue 10, item 5), keys2 a device node (a data disk
	 * made elsewhere can hold one), a FIFO where the temporary file goes */
	REQUIRE(mkfifo(join(ssh, "authorized_keys"), 0600) == 0);
	REQUIRE(mknod(join(ssh, "authorized_keys2"), S_IFCHR | 0666, makedev(1, 3)) == 0);
	REQUIRE(mkfifo(join(ssh, ".b2p-userdata.tmp"), 0600) == 0);
	REQUIRE(mkfifo(join(home, "notes"), 0644) == 0);
	driver_tar(&t);
	CHECK(apply_bounded(&t, home, NULL) == 0);
	CHECK(is_regular_of_user(join(ssh, "authorized_keys"), KEY));
	CHECK(is_regular_of_user(join(ssh, "authorized_keys2"), KEY));
	CHECK(is_regular_of_user(join(home, "notes"), "n\n"));
	CHECK(access(join(ssh, ".b2p-userdata.tmp"), F_OK) < 0 && errno == ENOENT);
	tu_tar_free(&t);
}

static void hard_link_to_root_file_untouched(void)
{
	struct tu_tar t;
	struct stat st;
	const char *home = ssh_home("home-hardlink");
	const char *secret = tu_path("root-secret");
	REQUIRE(geteuid() == 0 && home);
	REQUIRE(put(secret, "root's own\n", 0600, 0) == 0);
	/* issue 10, item 6: PID 1 used to write the keys into root's file and
	 * give it to the user */
	REQUIRE(link(secret, join(home, ".ssh/authorized_keys")) == 0);
	REQUIRE(link(secret, join(home, "notes")) == 0);
	driver_tar(&t);
	CHECK(apply_bounded(&t, home, NULL) == 0);
	CHECK(stat(secret, &st) == 0 && st.st_uid == 0 && st.st_gid == 0 && (st.st_mode & 07777) == 0600 &&
	      st.st_nlink == 1);
	const char *got = read_text(secret);
	CHECK(got && strcmp(got, "root's own\n") == 0);
	/* nor was root's text read into the user's keys */
	CHECK(is_regular_of_user(join(home, ".ssh/authorized_keys"), KEY));
	CHECK(is_regular_of_user(join(home, "notes"), "n\n"));
	tu_tar_free(&t);
}

static void symlinks_at_every_component(void)
{
	struct tu_tar t;
	const char *out = tu_path("sym-out");
	REQUIRE(geteuid() == 0 && mkdir(out, 0755) == 0);
	REQUIRE(put(join(out, "target"), "outside\n", 0644, 0) == 0);
	driver_tar(&t);
#define OUT_UNTOUCHED() \
	CHECK(tu_sh("[ \"$(ls -A '%s')\" = target ] && [ \"$(cat '%s/target')\" = outside ]", out, out) == 0)

	/* the home itself */
	const char *real = mkhome("sym-real-home"), *lhome = tu_path("sym-home");
	REQUIRE(real && symlink(real, lhome) == 0);
	CHECK(apply_bounded(&t, lhome, NULL) > 0);
	CHECK(tu_sh("[ -z \"$(ls -A '%s')\" ]", real) == 0);

	/* .ssh */
	const char *h1 = mkhome("sym-home-1");
	REQUIRE(h1 && symlink(out, join(h1, ".ssh")) == 0);
	CHECK(apply_bounded(&t, h1, NULL) > 0);
	OUT_UNTOUCHED();

	/* the files: replaced, their targets untouched, none created */
	const char *h2 = ssh_home("sym-home-2");
	REQUIRE(h2 && symlink(join(out, "target"), join(h2, ".ssh/authorized_keys")) == 0);
	REQUIRE(symlink(join(out, "new"), join(h2, ".ssh/authorized_keys2")) == 0);
	REQUIRE(symlink(join(out, "target"), join(h2, "notes")) == 0);
	CHECK(apply_bounded(&t, h2, NULL) == 0);
	OUT_UNTOUCHED();
	CHECK(is_regular_of_user(join(h2, ".ssh/authorized_keys"), KEY));
	CHECK(is_regular_of_user(join(h2, ".ssh/authorized_keys2"), KEY));

	/* deeper: a/b/c through a linked first or second component */
	struct tu_tar d = { 0 };
	const char *h3 = mkhome("sym-home-3");
	REQUIRE(h3 && symlink(out, join(h3, "a")) == 0);
	REQUIRE(mkdir(join(h3, "d"), 0755) == 0 && chown(join(h3, "d"), UID, GID) == 0);
	REQUIRE(symlink(out, join(h3, "d/e")) == 0);
	tu_tar_file(&d, "a/b/c", 0644, "x", 1);
	tu_tar_file(&d, "d/e/f", 0644, "x", 1);
	tu_tar_dir(&d, "a", 0755);
	tu_tar_end(&d);
	CHECK(apply_bounded(&d, h3, NULL) == 3);
	OUT_UNTOUCHED();
#undef OUT_UNTOUCHED
	tu_tar_free(&d);
	tu_tar_free(&t);
}

static void directories_of_others_left_alone(void)
{
	struct tu_tar t;
	struct stat st;
	driver_tar(&t);
	/* .ssh of another uid (a container's mapped root, or a disk made
	 * elsewhere): not chowned, not written into */
	const char *h = mkhome("other-ssh");
	REQUIRE(geteuid() == 0 && h);
	const char *ssh = join(h, ".ssh");
	REQUIRE(mkdir(ssh, 0755) == 0 && chown(ssh, 2000, 2000) == 0);
	CHECK(apply_bounded(&t, h, NULL) == 3);        /* .ssh and its two files */
	CHECK(stat(ssh, &st) == 0 && st.st_uid == 2000 && (st.st_mode & 07777) == 0755);
	CHECK(tu_sh("[ -z \"$(ls -A '%s')\" ]", ssh) == 0);
	CHECK(is_regular_of_user(join(h, "notes"), "n\n"));

	/* a home that is not the user's: nothing at all */
	const char *h2 = tu_path("other-home");
	REQUIRE(mkdir(h2, 0755) == 0 && chown(h2, 2000, 2000) == 0);
	CHECK(apply_bounded(&t, h2, NULL) == 1);
	CHECK(tu_sh("[ -z \"$(ls -A '%s')\" ]", h2) == 0);
	tu_tar_free(&t);
}

static void user_keys_kept(void)
{
	struct tu_tar t;
	const char *h = mkhome("keys-home"), *root = tu_path("keys-root");
	REQUIRE(geteuid() == 0 && h);
	const char *keys = join(h, ".ssh/authorized_keys"), *keys2 = join(h, ".ssh/authorized_keys2");
	driver_tar(&t);
	CHECK(apply_bounded(&t, h, root) == 0);
	CHECK(is_regular_of_user(keys, KEY));
	/* issue 10, item 7: the user's own lines used to be wiped */
	REQUIRE(put(keys, KEY "ssh-ed25519 AAAAmine me@laptop\n", 0600, UID) == 0);
	REQUIRE(put(keys2, "command=\"true\" ssh-rsa AAAAother", 0600, UID) == 0);
	CHECK(apply_bounded(&t, h, root) == 0);
	CHECK(is_regular_of_user(keys, KEY "ssh-ed25519 AAAAmine me@laptop\n"));
	CHECK(is_regular_of_user(keys2, KEY "command=\"true\" ssh-rsa AAAAother\n"));
	CHECK(apply_bounded(&t, h, root) == 0);        /* every boot: no growth */
	CHECK(is_regular_of_user(keys, KEY "ssh-ed25519 AAAAmine me@laptop\n"));
	/* the driver's key comes back, first, when the user removed it */
	REQUIRE(put(keys, "ssh-ed25519 AAAAmine me@laptop\n", 0600, UID) == 0);
	CHECK(apply_bounded(&t, h, root) == 0);
	CHECK(is_regular_of_user(keys, KEY "ssh-ed25519 AAAAmine me@laptop\n"));
	/* root's keys are the driver's alone */
	const char *got = read_text(join(root, "authorized_keys"));
	CHECK(got && strcmp(got, KEY) == 0);
	/* a file larger than the bound is not read, only replaced */
	REQUIRE(tu_sh("head -c %d /dev/zero | tr '\\\\0' 'x' > '%s'", USERDATA_KEYS_MAX + 1, keys) == 0);
	REQUIRE(chown(keys, UID, GID) == 0);
	CHECK(apply_bounded(&t, h, root) == 0);
	CHECK(is_regular_of_user(keys, KEY));
	tu_tar_free(&t);
}

static int merged_is(const char *drv, const char *usr, const char *want)
{
	char *o, *again;
	size_t n, n2;
	if (userdata_merge_keys(drv, strlen(drv), usr, strlen(usr), &o, &n) < 0)
		return 0;
	int ok = n == strlen(want) && memcmp(o, want, n) == 0;
	if (!ok)
		fprintf(stderr, "    merged: '%.*s'\n", (int)n, o);
	/* merging into its own output changes nothing */
	if (userdata_merge_keys(drv, strlen(drv), o, n, &again, &n2) < 0)
		ok = 0;
	else
		ok = ok && n2 == n && memcmp(again, o, n) == 0, free(again);
	free(o);
	return ok;
}

static void merge_rules(void)
{
	CHECK(merged_is("k1\nk2", "", "k1\nk2\n"));
	CHECK(merged_is("k1\nk2\n", "k2 \r\nmine\nk1\n\nlast", "k1\nk2\nmine\n\nlast\n"));
	CHECK(merged_is("", "a\n", "a\n"));
	CHECK(merged_is("k\n", "k\nk\nb\nb\n", "k\nb\nb\n"));    /* the user's duplicates are theirs */
	/* many lines cost one lookup each (a hostile file must not stall PID 1) */
	size_t n = USERDATA_KEYS_MAX, dn = 64 * 1024;
	char *usr = malloc(n), *drv = malloc(dn), *o = NULL;
	size_t on;
	REQUIRE(usr && drv);
	for (size_t i = 0; i < n; i++)
		usr[i] = i % 2 ? '\n' : 'x';
	for (size_t i = 0; i < dn; i++)
		drv[i] = i % 2 ? '\n' : 'x';
	alarm(CASE_SECONDS);
	CHECK(userdata_merge_keys(drv, dn, usr, n, &o, &on) == 0 && on == dn);
	alarm(0);
	free(o);
	free(usr);
	free(drv);
}

static void clean_names(void)
{
	char o[64];
	CHECK(userdata_clean_name("./.ssh//authorized_keys", o, sizeof(o)) == 0 &&
	      strcmp(o, ".ssh/authorized_keys") == 0);
	CHECK(userdata_clean_name(".ssh/", o, sizeof(o)) == 0 && strcmp(o, ".ssh") == 0);
	CHECK(userdata_clean_name("/etc/passwd", o, sizeof(o)) < 0);
	CHECK(userdata_clean_name("..", o, sizeof(o)) < 0);
	CHECK(userdata_clean_name("a/../b", o, sizeof(o)) < 0);
	CHECK(userdata_clean_name("./", o, sizeof(o)) < 0);
	CHECK(userdata_clean_name("..a/b..", o, sizeof(o)) == 0 && strcmp(o, "..a/b..") == 0);
	CHECK(userdata_clean_name("0123456789", o, 10) < 0);
}

static void save_and_load(void)
{
	struct tu_tar t;
	unsigned char *back;
	size_t n;
	struct stat st;
	tu_machine_tar(&t, MAGIC, KEY);
	const char *p = tu_path("userdata.tar");
	REQUIRE(userdata_save(p, t.buf, t.len) == 0);
	CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600);
	REQUIRE(userdata_load(p, &back, &n) == 0);
	CHECK(n == t.len && memcmp(back, t.buf, n) == 0);
	free(back);
	tu_tar_free(&t);
}

static void passwd_lookup(void)
{
	const char *p = tu_path("passwd");
	uid_t u;
	gid_t g;
	char home[64];
	REQUIRE(tu_sh("printf 'root:x:0:0:root:/root:/bin/sh\\ntcx:x:5:5::/x:/bin/sh\\n"
		      "tc:x:1000:50:Tiny:/home/tc:/bin/sh\\n' > %s", p) == 0);
	CHECK(userdata_lookup_user(p, "tc", &u, &g, home, sizeof(home)) == 0);
	CHECK(u == 1000 && g == 50 && strcmp(home, "/home/tc") == 0);
	CHECK(userdata_lookup_user(p, "nobody", &u, &g, home, sizeof(home)) < 0);
}

static void octal_fields(void)
{
	uint64_t v;
	CHECK(tar_octal((const unsigned char *)"0000644\0", 8, &v) == 0 && v == 0644);
	CHECK(tar_octal((const unsigned char *)"  644 \0\0", 8, &v) == 0 && v == 0644);
	CHECK(tar_octal((const unsigned char *)"\x80\0\0\0\0\0\0\1", 8, &v) < 0);
	CHECK(tar_octal((const unsigned char *)"12a\0", 4, &v) < 0);
	CHECK(tar_octal((const unsigned char *)"\0\0\0\0", 4, &v) < 0);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	TU_RUN(machine_layout_roundtrip);
	TU_RUN(rsa4096_key_past_4k);
	TU_RUN(truncated_keeps_prefix);
	TU_RUN(corrupt_first_header_refused);
	TU_RUN(empty_archive_refused);
	TU_RUN(no_end_blocks_within_bound);
	TU_RUN(modes_owner_and_root_keys);
	TU_RUN(hostile_members_stay_inside);
	TU_RUN(fifo_and_devices_do_not_hang);
	TU_RUN(hard_link_to_root_file_untouched);
	TU_RUN(symlinks_at_every_component);
	TU_RUN(directories_of_others_left_alone);
	TU_RUN(user_keys_kept);
	TU_RUN(merge_rules);
	TU_RUN(clean_names);
	TU_RUN(save_and_load);
	TU_RUN(passwd_lookup);
	TU_RUN(octal_fields);
	return tu_finish();
}
