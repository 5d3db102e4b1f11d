/* The driver's tar: saved in full (also past 4 KiB), damaged archives
 * keep their good prefix, extraction never leaves the home directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tar.h"
#include "tu.h"
#include "userdata.h"

#define MAGIC "boot2podman, please format-me"
#define KEY "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTests user@host\n"

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

	char home[512];
	snprintf(home, sizeof(home), "%s", tu_path("home-rsa"));
	REQUIRE(mkdir(home, 0755) == 0);
	CHECK(userdata_apply(ud, n, home, 1000, 1000, NULL) == 0);
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
	snprintf(home, sizeof(home), "%s", tu_path("home"));
	snprintf(root, sizeof(root), "%s", tu_path("root-ssh"));
	REQUIRE(mkdir(home, 0755) == 0);
	CHECK(userdata_apply(t.buf, t.len, home, 1000, 1001, root) == 0);
	snprintf(path, sizeof(path), "%s/.ssh", home);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0700 && st.st_uid == 1000 && st.st_gid == 1001);
	snprintf(path, sizeof(path), "%s/.ssh/authorized_keys", home);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600 && st.st_uid == 1000);
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
	CHECK(userdata_apply(t.buf, t.len, home, 1000, 1001, root) == 0);
	tu_tar_free(&t);
}

static void hostile_members_stay_inside(void)
{
	struct tu_tar t = { 0 };
	char home[512], out[512], path[800];
	snprintf(home, sizeof(home), "%s", tu_path("home-evil"));
	snprintf(out, sizeof(out), "%s", tu_path("outside"));
	REQUIRE(mkdir(home, 0755) == 0 && mkdir(out, 0755) == 0);
	/* a symlink left in the home (e.g. by a previous session) */
	snprintf(path, sizeof(path), "%s/link", home);
	REQUIRE(symlink(out, path) == 0);
	char abs[600];
	snprintf(abs, sizeof(abs), "%s/abs", out);
	tu_tar_file(&t, "../escape", 0644, "x", 1);
	tu_tar_file(&t, abs, 0644, "x", 1);
	tu_tar_file(&t, "a/../../escape2", 0644, "x", 1);
	tu_tar_file(&t, "link/through", 0644, "x", 1);
	tu_tar_file(&t, "link", 0644, "x", 1);
	tu_tar_entry(&t, "sym", '2', 0777, NULL, 0);
	tu_tar_entry(&t, "dev", '3', 0666, NULL, 0);
	tu_tar_file(&t, "./ok/file", 04755, "y", 1);
	tu_tar_end(&t);
	CHECK(userdata_apply(t.buf, t.len, home, 1000, 1000, NULL) == 7);
	CHECK(tu_sh("[ -z \"$(ls -A '%s')\" ]", out) == 0);
	snprintf(path, sizeof(path), "%s/../escape", home);
	CHECK(access(path, F_OK) < 0);
	snprintf(path, sizeof(path), "%s/sym", home);
	CHECK(access(path, F_OK) < 0);
	struct stat st;
	snprintf(path, sizeof(path), "%s/ok/file", home);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0755);   /* no setuid */
	tu_tar_free(&t);
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
	TU_RUN(machine_layout_roundtrip);
	TU_RUN(rsa4096_key_past_4k);
	TU_RUN(truncated_keeps_prefix);
	TU_RUN(corrupt_first_header_refused);
	TU_RUN(empty_archive_refused);
	TU_RUN(no_end_blocks_within_bound);
	TU_RUN(modes_owner_and_root_keys);
	TU_RUN(hostile_members_stay_inside);
	TU_RUN(clean_names);
	TU_RUN(save_and_load);
	TU_RUN(passwd_lookup);
	TU_RUN(octal_fields);
	return tu_finish();
}
