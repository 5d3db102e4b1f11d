#include "tu.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int tu_case_failed;
static int failures;
static char tmpdir[400];

static void cleanup(void)
{
	if (!tmpdir[0] || getenv("TU_KEEP"))
		return;
	if (tu_sh("rm -rf '%s'", tmpdir) != 0)
		fprintf(stderr, "    could not remove %s\n", tmpdir);
}

static const char *dir(void)
{
	if (!tmpdir[0]) {
		const char *t = getenv("TMPDIR");
		/* Long on purpose: a path buffer too small for where a clone
		 * happens to live fails here, not on another machine. */
		if (snprintf(tmpdir, sizeof(tmpdir), "%s/b2p-unit-%s-XXXXXX", t && *t ? t : "/tmp",
			     "a-long-directory-name-that-shows-paths-cut-short-by-small-buffers") >= (int)sizeof(tmpdir)) {
			fprintf(stderr, "TMPDIR %s is too long for the unit tests\n", t);
			exit(2);
		}
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(2);
		}
		atexit(cleanup);
	}
	return tmpdir;
}

const char *tu_path(const char *name)
{
	/* Interned: the same name gives the same pointer, valid until exit. */
	static char names[128][64], paths[128][512];
	static int n;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return paths[i];
	if (n == 128 || strlen(name) >= sizeof(names[0]))
		abort();
	snprintf(names[n], sizeof(names[n]), "%s", name);
	if (snprintf(paths[n], sizeof(paths[n]), "%s/%s", dir(), name) >= (int)sizeof(paths[n])) {
		fprintf(stderr, "    tu_path: %s/%s is too long\n", dir(), name);
		abort();
	}
	return paths[n++];
}

void tu_run(const char *suite, const char *name, void (*fn)(void))
{
	tu_case_failed = 0;
	fn();
	printf("  %-7s %s/%s\n", tu_case_failed ? "FAIL" : "PASS", suite, name);
	fflush(stdout);
	failures += tu_case_failed;
}

int tu_finish(void)
{
	return failures ? 1 : 0;
}

int tu_image(const char *path, uint64_t size)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)size) < 0) {
		perror(path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd);
}

int tu_pwrite(const char *path, uint64_t off, const void *buf, size_t len)
{
	int fd = open(path, O_RDWR);
	if (fd < 0 || pwrite(fd, buf, len, (off_t)off) != (ssize_t)len) {
		perror(path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd);
}

int tu_pread(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, buf, len, (off_t)off) != (ssize_t)len) {
		perror(path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd);
}

int tu_sh(const char *fmt, ...)
{
	/* Sized to fit: a command cut short runs something else. */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *cmd = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!cmd) {
		fprintf(stderr, "    tu_sh: cannot format '%s'\n", fmt);
		abort();
	}
	va_start(ap, fmt);
	vsnprintf(cmd, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	free(cmd);
	if (st == -1)
		return -1;
	return WEXITSTATUS(st);
}

int tu_have(const char *tool)
{
	int ok = tu_sh("PATH=$PATH:/sbin:/usr/sbin command -v %s >/dev/null 2>&1", tool) == 0;
	if (!ok)
		fprintf(stderr, "    host tool %s is missing (install e2fsprogs/util-linux)\n", tool);
	return ok;
}

static void grow(struct tu_tar *t, size_t n)
{
	if (t->len + n > t->cap) {
		t->cap = (t->len + n) * 2;
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf)
			abort();
	}
}

static void octal(char *field, size_t width, uint64_t v)
{
	/* width-1 digits, then NUL, like Go's archive/tar for small values */
	snprintf(field, width, "%0*llo", (int)width - 1, (unsigned long long)v);
}

void tu_tar_entry(struct tu_tar *t, const char *name, char type, unsigned mode, const void *data, size_t n)
{
	char h[512];
	unsigned sum = 0;

	memset(h, 0, sizeof(h));
	strncpy(h, name, 100);
	octal(h + 100, 8, mode);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	octal(h + 124, 12, n);
	octal(h + 136, 12, 0);
	memset(h + 148, ' ', 8);
	h[156] = type;
	memcpy(h + 257, "ustar\0" "00", 8);
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
	h[155] = ' ';
	grow(t, 512 + n + 512);
	memcpy(t->buf + t->len, h, 512);
	t->len += 512;
	if (n) {
		memcpy(t->buf + t->len, data, n);
		size_t pad = (512 - n % 512) % 512;
		memset(t->buf + t->len + n, 0, pad);
		t->len += n + pad;
	}
}

void tu_tar_file(struct tu_tar *t, const char *name, unsigned mode, const void *data, size_t n)
{
	tu_tar_entry(t, name, '0', mode, data, n);
}

void tu_tar_dir(struct tu_tar *t, const char *name, unsigned mode)
{
	tu_tar_entry(t, name, '5', mode, NULL, 0);
}

void tu_tar_end(struct tu_tar *t)
{
	grow(t, 1024);
	memset(t->buf + t->len, 0, 1024);
	t->len += 1024;
}

void tu_tar_free(struct tu_tar *t)
{
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

void tu_machine_tar(struct tu_tar *t, const char *magic, const char *pubkey)
{
	memset(t, 0, sizeof(*t));
	tu_tar_file(t, magic, 0644, magic, strlen(magic));
	tu_tar_dir(t, ".ssh", 0700);
	tu_tar_file(t, ".ssh/authorized_keys", 0644, pubkey, strlen(pubkey));
	tu_tar_file(t, ".ssh/authorized_keys2", 0644, pubkey, strlen(pubkey));
	tu_tar_end(t);
}

const char *tu_rsa4096_key(void)
{
	static char key[800];
	if (!key[0]) {
		/* Same length as a real RSA-4096 OpenSSH public key line. */
		strcpy(key, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQ");
		size_t n = strlen(key);
		for (; n < 716; n++)
			key[n] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[n % 64];
		strcpy(key + n, "= user@host\n");
	}
	return key;
}
