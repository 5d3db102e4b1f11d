/* The tar reader against what real tools write (GNU tar, bsdtar, Go's
 * archive/tar, each in every format it offers), and against hand-made
 * headers for the corners: GNU headers whose prefix bytes are times, pax
 * records, long names, damage inside extended headers.  Every archive made
 * by a tool is also applied into a home and read back. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tar.h"
#include "tu.h"
#include "userdata.h"

#define KEY "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTarTests user@host\n"

/* What every archive holds (where its format can hold it). */
#define SPLIT_DIR "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp/" \
	"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
#define SPLIT SPLIT_DIR "/file"        /* 127 bytes: ustar needs its prefix field */
#define LONG_DIR "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd" \
	"dddddddddddddddddddddddddddddddddddddddddddd"
#define LONG LONG_DIR "/ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" \
	"ffffffffffffffffffffffffffffffffffffffff"      /* 231 bytes, a 110-byte last part */
#define UTF8 "\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87"     /* bsdtar writes a pax path for it */

/* what a format can hold besides the keys (Go's ustar writer refuses non-ASCII names) */
enum { HAS_SPLIT = 1, HAS_LONG = 2, HAS_UTF8 = 4, HAS_ALL = 7 };

static const struct { const char *name, *text; int need; } files[] = {
	{ ".ssh/authorized_keys", KEY, 0 },
	{ UTF8, "utf8\n", HAS_UTF8 },
	{ SPLIT, "split\n", HAS_SPLIT },
	{ LONG, "long\n", HAS_LONG },
};
static const char *const dirs[] = { ".ssh", "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp",
				    SPLIT_DIR, LONG_DIR };

static char *slurp(const char *path, size_t *n)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	char *buf = NULL;
	if (fd >= 0 && fstat(fd, &st) == 0 && (buf = malloc((size_t)st.st_size + 1)) != NULL &&
	    read(fd, buf, (size_t)st.st_size) == st.st_size) {
		buf[st.st_size] = 0;
		*n = (size_t)st.st_size;
	} else {
		free(buf);
		buf = NULL;
	}
	if (fd >= 0)
		close(fd);
	return buf;
}

static const char *src_tree(void)
{
	static int made;
	const char *src = tu_path("src");
	if (!made) {
		made = tu_sh("mkdir -p '%s/.ssh' '%s/" SPLIT_DIR "' '%s/" LONG_DIR "' && cd '%s' && "
			     "printf '%%s' '" KEY "' >.ssh/authorized_keys && echo utf8 >" UTF8 " && "
			     "echo split >" SPLIT " && echo long >" LONG, src, src, src, src) == 0;
		if (!made)
			return NULL;
	}
	return src;
}

/* The member list for a tar/bsdtar command line: "." or only what the
 * format can hold (the tools refuse the rest). */
static const char *members(int has)
{
	if ((has & HAS_LONG) == HAS_LONG)
		return ".";
	if (has & HAS_SPLIT)
		return ".ssh " UTF8 " pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp";
	return ".ssh " UTF8;
}

static int known_dir(const char *rel)
{
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!strcmp(rel, dirs[i]))
			return 1;
	return 0;
}

/* Reads the archive member by member: every name must be one we put in
 * (a name cut short, or with a time glued in front, is not), every file
 * with its content; then applies it into a fresh home. */
static void check_archive(const char *path, int has)
{
	static int n_home;
	size_t len;
	char *buf = slurp(path, &len);
	if (!buf) {
		TU_FAILED("the tool made no archive");
		fprintf(stderr, "    (%s)\n", path);
		return;
	}
	struct tar_iter it;
	struct tar_entry e;
	int rc, seen = 0, complete;
	tar_iter_init(&it, buf, len);
	while ((rc = tar_next(&it, &e)) == 1) {
		char rel[TAR_NAME_MAX];
		if (e.type == '5' && (!strcmp(e.name, ".") || !strcmp(e.name, "./")))
			continue;
		if (userdata_clean_name(e.name, rel, sizeof(rel)) < 0) {
			fprintf(stderr, "    %s: bad name '%s'\n", path, e.name);
			TU_FAILED("a member name came out unusable");
			continue;
		}
		int ok = e.type == '5' && known_dir(rel);
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			if (!strcmp(rel, files[i].name) && e.type == '0' && e.size == strlen(files[i].text) &&
			    !memcmp(e.data, files[i].text, e.size)) {
				ok = 1;
				seen |= 1 << i;
			}
		if (!ok) {
			fprintf(stderr, "    %s: unexpected member '%s' type %c size %llu\n", path, e.name, e.type,
				(unsigned long long)e.size);
			TU_FAILED("a member came out under another name or with other content");
		}
	}
	CHECK(rc == 0);
	CHECK(tar_valid_prefix(buf, len, &complete) <= len && complete);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if ((files[i].need & ~has) == 0 && !(seen & (1 << i))) {
			fprintf(stderr, "    %s: no member %s\n", path, files[i].name);
			TU_FAILED("a file is missing");
		}

	char hname[32];
	snprintf(hname, sizeof(hname), "home-%d", n_home++);
	const char *home = tu_path(hname);
	REQUIRE(mkdir(home, 0755) == 0 && chown(home, 1000, 1000) == 0);
	CHECK(userdata_apply((unsigned char *)buf, len, home, 1000, 1000, NULL) == 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (files[i].need & ~has)
			continue;
		char p[1200];
		size_t n;
		snprintf(p, sizeof(p), "%s/%s", home, files[i].name);
		char *got = slurp(p, &n);
		CHECK(got && n == strlen(files[i].text) && !memcmp(got, files[i].text, n));
		free(got);
	}
	free(buf);
}

static void gnu_tar_formats(void)
{
	static const struct { const char *fmt; int has; } f[] = {
		{ "gnu", HAS_ALL }, { "oldgnu", HAS_ALL }, { "posix", HAS_ALL },
		{ "ustar", HAS_SPLIT | HAS_UTF8 }, { "v7", HAS_UTF8 },
	};
	const char *src = src_tree();
	REQUIRE(src && tu_have("tar"));
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		char out[64];
		snprintf(out, sizeof(out), "gnutar-%s.tar", f[i].fmt);
		CHECK(tu_sh("tar --format=%s -C '%s' -cf '%s' %s", f[i].fmt, src, tu_path(out),
			    members(f[i].has)) == 0);
		check_archive(tu_path(out), f[i].has);
	}
}

static void gnu_tar_incremental_times(void)
{
	/* -G fills atime and ctime, which sit where ustar has its prefix:
	 * read as a prefix they put a number in front of every name */
	const char *src = src_tree();
	REQUIRE(src && tu_have("tar"));
	const char *out = tu_path("gnutar-incremental.tar");
	CHECK(tu_sh("tar --format=gnu -G -C '%s' -cf '%s' .", src, out) == 0);
	size_t len;
	unsigned char *b = (unsigned char *)slurp(out, &len);
	REQUIRE(b && len > 512);
	CHECK(b[345] >= '0' && b[345] <= '7');         /* the times are there */
	free(b);
	check_archive(out, HAS_ALL);
}

static void bsdtar_formats(void)
{
	static const struct { const char *fmt; int has; } f[] = {
		{ "pax", HAS_ALL }, { "paxr", HAS_ALL }, { "gnutar", HAS_ALL },
		{ "ustar", HAS_SPLIT | HAS_UTF8 }, { "v7", HAS_UTF8 },
	};
	const char *src = src_tree();
	REQUIRE(src && tu_have("bsdtar"));
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		char out[64];
		snprintf(out, sizeof(out), "bsdtar-%s.tar", f[i].fmt);
		CHECK(tu_sh("bsdtar --format=%s -C '%s' -cf '%s' %s", f[i].fmt, src, tu_path(out),
			    members(f[i].has)) == 0);
		check_archive(tu_path(out), f[i].has);
	}
	/* no --format: bsdtar's own default */
	CHECK(tu_sh("bsdtar -C '%s' -cf '%s' .", src, tu_path("bsdtar-default.tar")) == 0);
	check_archive(tu_path("bsdtar-default.tar"), HAS_ALL);
}

/* Go's archive/tar, as machine drivers use it: the default (what
 * docker-machine's MakeDiskImage gets: ustar, pax only when needed), and
 * each format forced, with access and change times set (GNU puts them in
 * the bytes ustar uses for its prefix). */
static const char go_program[] =
	"package main\n"
	"import (\"archive/tar\"; \"os\"; \"time\")\n"
	"type file struct { name, text string; need int }\n"
	"func main() {\n"
	"	files := []file{{\".ssh/authorized_keys\", os.Args[2], 0}, {\"" UTF8 "\", \"utf8\\n\", 4},\n"
	"		{\"" SPLIT "\", \"split\\n\", 1}, {\"" LONG "\", \"long\\n\", 2}}\n"
	"	formats := map[string]tar.Format{\"default\": tar.FormatUnknown, \"ustar\": tar.FormatUSTAR,\n"
	"		\"pax\": tar.FormatPAX, \"gnu\": tar.FormatGNU}\n"
	"	has := map[string]int{\"default\": 7, \"ustar\": 1, \"pax\": 7, \"gnu\": 7}\n"
	"	t := time.Unix(1700000000, 0)\n"
	"	for name, f := range formats {\n"
	"		out, err := os.Create(os.Args[1] + \"/go-\" + name + \".tar\")\n"
	"		if err != nil { panic(err) }\n"
	"		w := tar.NewWriter(out)\n"
	"		times := func(h *tar.Header) { if f == tar.FormatGNU || f == tar.FormatPAX { h.AccessTime = t; h.ChangeTime = t } }\n"
	"		d := &tar.Header{Typeflag: tar.TypeDir, Name: \".ssh/\", Mode: 0700, ModTime: t, Format: f}\n"
	"		times(d)\n"
	"		if err := w.WriteHeader(d); err != nil { panic(err) }\n"
	"		for _, x := range files {\n"
	"			if x.need & ^has[name] != 0 { continue }\n"
	"			h := &tar.Header{Typeflag: tar.TypeReg, Name: x.name, Mode: 0644, Size: int64(len(x.text)), ModTime: t, Format: f}\n"
	"			times(h)\n"
	"			if err := w.WriteHeader(h); err != nil { panic(err) }\n"
	"			if _, err := w.Write([]byte(x.text)); err != nil { panic(err) }\n"
	"		}\n"
	"		if err := w.Close(); err != nil { panic(err) }\n"
	"		out.Close()\n"
	"	}\n"
	"}\n";

static void go_archive_tar_formats(void)
{
	static const struct { const char *fmt; int has; } f[] = {
		{ "default", HAS_ALL }, { "ustar", HAS_SPLIT }, { "pax", HAS_ALL }, { "gnu", HAS_ALL },
	};
	REQUIRE(tu_have("go"));
	const char *dir = tu_path("go");
	REQUIRE(mkdir(dir, 0755) == 0);
	char prog[600];
	snprintf(prog, sizeof(prog), "%s/gen.go", dir);
	FILE *p = fopen(prog, "w");
	REQUIRE(p);
	CHECK(fputs(go_program, p) >= 0);
	REQUIRE(fclose(p) == 0);
	/* offline, caches inside the test's temp dir */
	REQUIRE(tu_sh("cd '%s' && HOME='%s' GOCACHE='%s/cache' GOPATH='%s/path' GO111MODULE=off GOPROXY=off "
		      "GOFLAGS= go run gen.go '%s' '" KEY "'", dir, dir, dir, dir, dir) == 0);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		char out[700];
		snprintf(out, sizeof(out), "%s/go-%s.tar", dir, f[i].fmt);
		check_archive(out, f[i].has);
	}
	/* the forced GNU archive does carry times where ustar has the prefix */
	char out[700];
	size_t len;
	snprintf(out, sizeof(out), "%s/go-gnu.tar", dir);
	unsigned char *b = (unsigned char *)slurp(out, &len);
	REQUIRE(b && len > 512);
	CHECK(memcmp(b + 257, "ustar  \0", 8) == 0 && b[345] >= '0' && b[345] <= '7');
	free(b);
}

/* ---- hand-made headers ---- */

struct hdr {
	const char *name;
	char type;
	const char *magic;      /* 8 bytes at 257 */
	const char *at345;      /* bytes at 345 (prefix or GNU times) */
	uint64_t size_field;
	int size_field_set;
};

static const char POSIX[] = "ustar\0" "00", GNU[] = "ustar  ";

static void put_header(struct tu_tar *t, const struct hdr *h, const void *data, size_t n)
{
	unsigned char b[512] = { 0 };
	unsigned sum = 0;
	strncpy((char *)b, h->name, 100);
	snprintf((char *)b + 100, 8, "%07o", 0644);
	snprintf((char *)b + 108, 8, "%07o", 0);
	snprintf((char *)b + 116, 8, "%07o", 0);
	snprintf((char *)b + 124, 12, "%011llo", (unsigned long long)(h->size_field_set ? h->size_field : n));
	snprintf((char *)b + 136, 12, "%011o", 0);
	memset(b + 148, ' ', 8);
	b[156] = (unsigned char)h->type;
	memcpy(b + 257, h->magic, 8);
	if (h->at345)
		memcpy(b + 345, h->at345, strlen(h->at345));
	for (int i = 0; i < 512; i++)
		sum += b[i];
	snprintf((char *)b + 148, 8, "%06o", sum);
	b[155] = ' ';
	size_t padded = (n + 511) / 512 * 512;
	t->buf = realloc(t->buf, t->len + 512 + padded);
	if (!t->buf)
		abort();
	memcpy(t->buf + t->len, b, 512);
	memset(t->buf + t->len + 512, 0, padded);
	if (n)
		memcpy(t->buf + t->len + 512, data, n);
	t->len += 512 + padded;
}

static void end(struct tu_tar *t)
{
	t->buf = realloc(t->buf, t->len + 1024);
	if (!t->buf)
		abort();
	memset(t->buf + t->len, 0, 1024);
	t->len += 1024;
}

/* One pax record with its length counted in. */
static size_t pax_rec(char *out, const char *key, const char *val)
{
	size_t body = strlen(key) + strlen(val) + 3, len = body + 1;
	while ((size_t)snprintf(NULL, 0, "%zu", len) + body != len)
		len++;
	return (size_t)sprintf(out, "%zu %s=%s\n", len, key, val);
}

static int first_entry(const struct tu_tar *t, struct tar_entry *e)
{
	struct tar_iter it;
	tar_iter_init(&it, t->buf, t->len);
	return tar_next(&it, e);
}

static void gnu_times_are_no_prefix(void)
{
	struct tu_tar t = { 0 };
	struct tar_entry e;
	put_header(&t, &(struct hdr){ ".ssh/authorized_keys", '0', GNU, "15303025427\00015303025427", 0, 0 },
		   KEY, strlen(KEY));
	end(&t);
	REQUIRE(first_entry(&t, &e) == 1);
	CHECK(!strcmp(e.name, ".ssh/authorized_keys"));
	tu_tar_free(&t);
	/* the same bytes in a POSIX header are a prefix */
	put_header(&t, &(struct hdr){ "authorized_keys", '0', POSIX, ".ssh", 0, 0 }, KEY, strlen(KEY));
	end(&t);
	REQUIRE(first_entry(&t, &e) == 1);
	CHECK(!strcmp(e.name, ".ssh/authorized_keys"));
	tu_tar_free(&t);
}

static void pax_path_and_size(void)
{
	struct tu_tar t = { 0 };
	struct tar_entry e;
	char rec[2048];
	size_t n = pax_rec(rec, "path", LONG);
	n += pax_rec(rec + n, "mtime", "1700000000.5");
	n += pax_rec(rec + n, "size", "5");
	put_header(&t, &(struct hdr){ "PaxHeader/x", 'x', POSIX, NULL, 0, 0 }, rec, n);
	/* the ustar header's own name and size are the cut-down ones */
	put_header(&t, &(struct hdr){ "dddddddddd", '0', POSIX, NULL, 0, 1 }, "long\n", 5);
	put_header(&t, &(struct hdr){ "after", '0', POSIX, NULL, 0, 0 }, "a", 1);
	end(&t);
	struct tar_iter it;
	tar_iter_init(&it, t.buf, t.len);
	REQUIRE(tar_next(&it, &e) == 1);
	CHECK(!strcmp(e.name, LONG) && e.size == 5 && !memcmp(e.data, "long\n", 5));
	REQUIRE(tar_next(&it, &e) == 1);      /* the pax record held for one member only */
	CHECK(!strcmp(e.name, "after") && e.size == 1);
	CHECK(tar_next(&it, &e) == 0);
	tu_tar_free(&t);
}

static void gnu_long_names(void)
{
	struct tu_tar t = { 0 };
	struct tar_entry e;
	char big[TAR_NAME_MAX + 10];
	put_header(&t, &(struct hdr){ "././@LongLink", 'L', GNU, NULL, 0, 0 }, LONG, strlen(LONG) + 1);
	put_header(&t, &(struct hdr){ "ddddddddd", '0', GNU, NULL, 0, 0 }, "long\n", 5);
	/* longer than we keep: flagged, never cut to a shorter name */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	put_header(&t, &(struct hdr){ "././@LongLink", 'L', GNU, NULL, 0, 0 }, big, sizeof(big));
	put_header(&t, &(struct hdr){ "aaaa", '0', GNU, NULL, 0, 0 }, "x", 1);
	put_header(&t, &(struct hdr){ "././@LongLink", 'K', GNU, NULL, 0, 0 }, "target", 7);
	put_header(&t, &(struct hdr){ "link", '2', GNU, NULL, 0, 0 }, NULL, 0);
	end(&t);
	struct tar_iter it;
	tar_iter_init(&it, t.buf, t.len);
	REQUIRE(tar_next(&it, &e) == 1);
	CHECK(!strcmp(e.name, LONG) && !e.name_bad);
	REQUIRE(tar_next(&it, &e) == 1);
	CHECK(e.name_bad && e.name[0] == 0);
	REQUIRE(tar_next(&it, &e) == 1);
	CHECK(!strcmp(e.name, "link") && e.type == '2');
	CHECK(tar_next(&it, &e) == 0);
	/* applied: the long one lands under its name, the too long one nowhere */
	const char *home = tu_path("home-long");
	REQUIRE(mkdir(home, 0755) == 0 && chown(home, 1000, 1000) == 0);
	CHECK(userdata_apply(t.buf, t.len, home, 1000, 1000, NULL) == 2);   /* too long, symlink */
	CHECK(tu_sh("cd '%s' && [ \"$(cat '" LONG "')\" = long ] && [ \"$(find . | wc -l)\" = 3 ]", home) == 0);
	tu_tar_free(&t);
}

static void extended_header_damage(void)
{
	struct tu_tar t = { 0 };
	struct tar_entry e;
	char rec[256];
	int complete;
	put_header(&t, &(struct hdr){ "ok", '0', POSIX, NULL, 0, 0 }, "1", 1);
	size_t good = t.len;
	static const char *const bad[] = {
		"5 path=x\n",           /* length does not match */
		"9 path=x\n\n",         /* trailing junk */
		"8 =x\n",               /* empty key */
		"7 path\n",             /* no '=' */
		"12 size=1x\n",         /* size not decimal */
		"99999999999999999999 path=x\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t.len = good;
		put_header(&t, &(struct hdr){ "PaxHeader/x", 'x', POSIX, NULL, 0, 0 }, bad[i], strlen(bad[i]));
		put_header(&t, &(struct hdr){ "x", '0', POSIX, NULL, 0, 0 }, "2", 1);
		end(&t);
		CHECK(tar_valid_prefix(t.buf, t.len, &complete) == good && !complete);
	}
	/* an extended header with no member after it */
	t.len = good;
	size_t n = pax_rec(rec, "path", "p");
	put_header(&t, &(struct hdr){ "PaxHeader/x", 'x', POSIX, NULL, 0, 0 }, rec, n);
	end(&t);
	CHECK(tar_valid_prefix(t.buf, t.len, &complete) == good && !complete);
	/* a NUL inside a pax path: refused, not cut at the NUL */
	t.len = good;
	n = pax_rec(rec, "path", ".ssh/authorized_keysZevil");
	*strchr(rec, 'Z') = 0;
	put_header(&t, &(struct hdr){ "PaxHeader/x", 'x', POSIX, NULL, 0, 0 }, rec, n);
	put_header(&t, &(struct hdr){ "x", '0', POSIX, NULL, 0, 0 }, "2", 1);
	end(&t);
	struct tar_iter it;
	tar_iter_init(&it, t.buf, t.len);
	REQUIRE(tar_next(&it, &e) == 1 && tar_next(&it, &e) == 1);
	CHECK(e.name_bad);
	tu_tar_free(&t);
}

static void old_forms(void)
{
	struct tu_tar t = { 0 };
	struct tar_entry e;
	unsigned char ext[512] = { 0 };
	/* V7: a regular member whose name ends in '/' is a directory */
	put_header(&t, &(struct hdr){ "dir/", '\0', "\0\0\0\0\0\0\0", NULL, 0, 0 }, NULL, 0);
	/* old GNU sparse with one extension block before its data */
	size_t at = t.len;
	put_header(&t, &(struct hdr){ "sparse", 'S', GNU, NULL, 0, 1 }, NULL, 0);
	t.buf[at + 482] = 1;
	{
		unsigned sum = 0;
		memset(t.buf + at + 148, ' ', 8);
		for (int i = 0; i < 512; i++)
			sum += t.buf[at + i];
		snprintf((char *)t.buf + at + 148, 8, "%06o", sum);
		t.buf[at + 155] = ' ';
	}
	t.buf = realloc(t.buf, t.len + 512);
	REQUIRE(t.buf);
	memcpy(t.buf + t.len, ext, 512);    /* extension block, last one */
	t.len += 512;
	put_header(&t, &(struct hdr){ "next", '0', GNU, NULL, 0, 0 }, "n", 1);
	put_header(&t, &(struct hdr){ "global", 'g', POSIX, NULL, 0, 0 }, "12 comment=\n", 12);
	end(&t);
	struct tar_iter it;
	tar_iter_init(&it, t.buf, t.len);
	REQUIRE(tar_next(&it, &e) == 1);
	CHECK(e.type == '5');
	REQUIRE(tar_next(&it, &e) == 1);
	CHECK(e.type == 'S');
	REQUIRE(tar_next(&it, &e) == 1);
	CHECK(!strcmp(e.name, "next") && e.size == 1 && e.data[0] == 'n');
	REQUIRE(tar_next(&it, &e) == 1);
	CHECK(e.type == 'g');
	CHECK(tar_next(&it, &e) == 0);
	tu_tar_free(&t);
}

int main(void)
{
	TU_RUN(gnu_tar_formats);
	TU_RUN(gnu_tar_incremental_times);
	TU_RUN(bsdtar_formats);
	TU_RUN(go_archive_tar_formats);
	TU_RUN(gnu_times_are_no_prefix);
	TU_RUN(pax_path_and_size);
	TU_RUN(gnu_long_names);
	TU_RUN(extended_header_damage);
	TU_RUN(old_forms);
	return tu_finish();
}
