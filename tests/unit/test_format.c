/* The disk decision and the format steps on image files.  Exercised for
 * real: the decision, staging record, MBR, mkfs.ext4 (with -E offset= in
 * place of a partition node), the swap header, the label switch and the
 * cleanup.  Stood in for: the kernel's partition re-read (the partition is
 * the image at an offset) and the mount that stores userdata.tar (debugfs
 * writes it into the new fs instead).  Power loss = stopping after step k
 * (stop_after), plus hand-made torn writes. */
#include <stdlib.h>
#include <string.h>

#include "mbr.h"
#include "mkfs.h"
#include "probe.h"
#include "sig_cases.h"
#include "storage_format.h"
#include "tu.h"

#define MiB (1024ull * 1024)
#define MAGIC "boot2podman, please format-me"

static int img_locate(void *ctx, const struct sdev *disk, int partno, const struct mbr_part *p,
		      char *path, size_t pathlen, uint64_t *offset)
{
	(void)ctx;
	(void)partno;
	*offset = p->start * 512;
	/* a cut path would point the format at another file */
	return st_fmt(path, pathlen, "%s", disk->path);
}

/* debugfs instead of a mount: same result on the fs, no root needed. */
static int img_populate(void *ctx, const char *path, uint64_t offset, uint64_t bytes,
			const unsigned char *ud, size_t udlen)
{
	(void)ctx;
	(void)bytes;
	const char *src = tu_path("ud.src"), *cmds = tu_path("debugfs.cmds");
	FILE *f = fopen(cmds, "w");
	if (!f)
		return -1;
	fprintf(f, "mkdir var\nmkdir var/lib\nmkdir var/lib/boot2podman\nmkdir var/lib/containers\n"
		   "mkdir home\ncd var/lib/boot2podman\n");
	if (udlen) {
		FILE *u = fopen(src, "w");
		if (!u || fwrite(ud, 1, udlen, u) != udlen || fclose(u) != 0)
			return -1;
		fprintf(f, "write %s userdata.tar\n", src);
	}
	fclose(f);
	return tu_sh("debugfs -w -f %s '%s?offset=%llu' >/dev/null 2>&1", cmds, path,
		     (unsigned long long)offset) == 0 ? 0 : -1;
}

static struct fmt_env env = { img_locate, img_populate, NULL, 0 };

static int decide(const char *img, uint64_t swap, struct decision *d)
{
	struct sdev disk;
	if (sdev_open(&disk, img, 0, 0, 0) < 0)
		return -1;
	int rc = storage_classify(&disk, swap, d);
	sdev_close(&disk);
	if (rc == 0)
		fprintf(stderr, "    %s: %s: %s\n", img, verdict_name(d->v), d->why);
	return rc;
}

static enum verdict verdict_of(const char *img)
{
	struct decision d;
	if (decide(img, 0, &d) < 0)
		return (enum verdict)-1;
	decision_free(&d);
	return d.v;
}

/* Classifies and runs the format (to the end, or stopping after k). */
static int run_format(const char *img, uint64_t swap, int stop_after, enum verdict *seen)
{
	struct decision d;
	struct sdev disk;
	if (decide(img, swap, &d) < 0)
		return -1;
	if (seen)
		*seen = d.v;
	if (sdev_open(&disk, img, 0, 0, 1) < 0) {
		decision_free(&d);
		return -1;
	}
	env.stop_after = stop_after;
	int rc = storage_format(&disk, &d, &env);
	env.stop_after = 0;
	sdev_close(&disk);
	decision_free(&d);
	return rc;
}

static int make_magic_disk(const char *img, uint64_t size, const char *key, struct tu_tar *t)
{
	tu_machine_tar(t, MAGIC, key);
	if (tu_image(img, size) < 0)
		return -1;
	return tu_pwrite(img, 0, t->buf, t->len);
}

/* The finished state: our MBR, no magic, no staging, a clean fs labelled
 * boot2podman-data holding exactly the userdata (when any). */
static void check_done(const char *img, const struct tu_tar *t)
{
	unsigned char s[512], h[16];
	CHECK(verdict_of(img) == V_DATA);
	REQUIRE(tu_pread(img, 0, s, sizeof(s)) == 0);
	CHECK(s[510] == 0x55 && s[511] == 0xaa && s[446 + 4] == 0x83);
	CHECK(s[446 + 8] == 0x00 && s[446 + 9] == 0x08);   /* LBA 2048 */
	CHECK(probe_magic_bytes(s) == 0);
	REQUIRE(tu_pread(img, STAGE_OFFSET, h, sizeof(h)) == 0);
	CHECK(memcmp(h, STAGE_MAGIC, 16) != 0);
	CHECK(tu_sh("e2fsck -fn '%s?offset=%llu' >/dev/null 2>&1", img, 1ull << 20) == 0);
	CHECK(tu_sh("dumpe2fs -h '%s?offset=%llu' 2>/dev/null | grep -q 'volume name: *boot2podman-data$'",
		    img, 1ull << 20) == 0);
	const char *out = tu_path("ud.out");
	int have = tu_sh("debugfs -R 'dump /var/lib/boot2podman/userdata.tar %s' '%s?offset=%llu' >/dev/null 2>&1"
			 " && test -s %s", out, img, 1ull << 20, out) == 0;
	if (!t) {
		CHECK(!have);
		return;
	}
	REQUIRE(have);
	unsigned char *got = malloc(t->len);
	REQUIRE(got);
	CHECK(tu_pread(out, 0, got, t->len) == 0 && memcmp(got, t->buf, t->len) == 0);
	CHECK(tu_sh("test $(stat -c %%s %s) = %zu", out, t->len) == 0);
	free(got);
	tu_sh("rm -f %s", out);
}

static void magic_disk_formats_with_userdata(void)
{
	const char *img = tu_path("magic.img");
	struct tu_tar t;
	enum verdict v;
	REQUIRE(make_magic_disk(img, 80 * MiB, tu_rsa4096_key(), &t) == 0);
	CHECK(run_format(img, 0, 0, &v) == FMT_CLEANUP);
	CHECK(v == V_MAGIC);
	check_done(img, &t);
	tu_tar_free(&t);
}

static void blank_disk_formats(void)
{
	const char *img = tu_path("blank.img");
	enum verdict v;
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	CHECK(run_format(img, 0, 0, &v) == FMT_CLEANUP);
	CHECK(v == V_BLANK);
	check_done(img, NULL);
}

/* Power lost after each step k: the next boot must see ours/resume (or
 * finish after the label), and end formatted with the userdata intact. */
static void power_loss_after_each_step(void)
{
	const char *img = tu_path("cut.img");
	for (int k = FMT_STAGE; k < FMT_CLEANUP; k++) {
		struct tu_tar t;
		enum verdict v;
		REQUIRE(make_magic_disk(img, 80 * MiB, tu_rsa4096_key(), &t) == 0);
		CHECK(run_format(img, 0, k, &v) == k);
		CHECK(v == V_MAGIC);
		CHECK(verdict_of(img) == (k == FMT_LABEL ? V_FINISH : V_RESUME));
		CHECK(run_format(img, 0, 0, &v) == FMT_CLEANUP);
		check_done(img, &t);
		if (tu_case_failed)
			fprintf(stderr, "    (cut after step %d)\n", k);
		tu_tar_free(&t);
	}
}

static void power_loss_blank_disk(void)
{
	const char *img = tu_path("cutb.img");
	for (int k = FMT_STAGE; k < FMT_CLEANUP; k++) {
		REQUIRE(tu_image(img, 80 * MiB) == 0);
		CHECK(run_format(img, 0, k, NULL) == k);
		CHECK(verdict_of(img) == (k == FMT_LABEL ? V_FINISH : V_RESUME));
		CHECK(run_format(img, 0, 0, NULL) == FMT_CLEANUP);
		check_done(img, NULL);
	}
}

static void power_loss_twice(void)
{
	/* cut, resume, cut again later, resume again */
	const char *img = tu_path("twice.img");
	struct tu_tar t;
	REQUIRE(make_magic_disk(img, 80 * MiB, "ssh-ed25519 AAAA k\n", &t) == 0);
	CHECK(run_format(img, 0, FMT_MBR, NULL) == FMT_MBR);
	CHECK(run_format(img, 0, FMT_POPULATE, NULL) == FMT_POPULATE);
	CHECK(run_format(img, 0, 0, NULL) == FMT_CLEANUP);
	check_done(img, &t);
	tu_tar_free(&t);
}

static void torn_staging_write_falls_back_to_original(void)
{
	/* The record's data is torn: the record is void and the driver's
	 * tar at 0 (untouched by step 1) is read again. */
	const char *img = tu_path("torn-stage.img");
	struct tu_tar t;
	REQUIRE(make_magic_disk(img, 80 * MiB, tu_rsa4096_key(), &t) == 0);
	CHECK(run_format(img, 0, FMT_STAGE, NULL) == FMT_STAGE);
	REQUIRE(tu_pwrite(img, STAGE_OFFSET + 512 + 2000, "\xff\xff", 2) == 0);
	CHECK(verdict_of(img) == V_MAGIC);
	CHECK(run_format(img, 0, 0, NULL) == FMT_CLEANUP);
	check_done(img, &t);
	tu_tar_free(&t);
}

static void mkfs_cut_before_superblock(void)
{
	const char *img = tu_path("nosb.img");
	struct tu_tar t;
	unsigned char z[1024] = { 0 };
	REQUIRE(make_magic_disk(img, 80 * MiB, tu_rsa4096_key(), &t) == 0);
	CHECK(run_format(img, 0, FMT_MKFS, NULL) == FMT_MKFS);
	REQUIRE(tu_pwrite(img, MiB + 1024, z, sizeof(z)) == 0);
	CHECK(verdict_of(img) == V_RESUME);
	CHECK(run_format(img, 0, 0, NULL) == FMT_CLEANUP);
	check_done(img, &t);
	tu_tar_free(&t);
}

/* The label write tears between its two sectors (label in the first,
 * checksum in the second). */
static void torn_label_write(void)
{
	const char *img = tu_path("torn-label.img");
	for (int half = 0; half < 2; half++) {
		struct tu_tar t;
		unsigned char before[1024], after[1024];
		REQUIRE(make_magic_disk(img, 80 * MiB, tu_rsa4096_key(), &t) == 0);
		CHECK(run_format(img, 0, FMT_POPULATE, NULL) == FMT_POPULATE);
		REQUIRE(tu_pread(img, MiB + 1024, before, sizeof(before)) == 0);
		CHECK(run_format(img, 0, FMT_LABEL, NULL) == FMT_LABEL);
		REQUIRE(tu_pread(img, MiB + 1024, after, sizeof(after)) == 0);
		/* keep only one of the two new sectors */
		REQUIRE(tu_pwrite(img, MiB + 1024 + (half ? 0 : 512), before + (half ? 0 : 512), 512) == 0);
		CHECK(verdict_of(img) == (half ? V_RESUME : V_FINISH));
		CHECK(run_format(img, 0, 0, NULL) == FMT_CLEANUP);
		check_done(img, &t);
		tu_tar_free(&t);
	}
}

static void power_loss_inside_cleanup(void)
{
	/* cleanup's first write (magic bytes) done, the record not yet */
	const char *img = tu_path("cut-cleanup.img");
	struct tu_tar t;
	unsigned char z[446] = { 0 };
	REQUIRE(make_magic_disk(img, 80 * MiB, "k\n", &t) == 0);
	CHECK(run_format(img, 0, FMT_LABEL, NULL) == FMT_LABEL);
	REQUIRE(tu_pwrite(img, 0, z, sizeof(z)) == 0);
	CHECK(verdict_of(img) == V_FINISH);
	CHECK(run_format(img, 0, 0, NULL) == FMT_CLEANUP);
	check_done(img, &t);
	tu_tar_free(&t);
}

static void staged_disk_with_foreign_fs_is_kept(void)
{
	const char *img = tu_path("staged-foreign.img");
	struct tu_tar t;
	REQUIRE(make_magic_disk(img, 80 * MiB, "k\n", &t) == 0);
	CHECK(run_format(img, 0, FMT_MBR, NULL) == FMT_MBR);
	/* somebody else's file system in our partition */
	REQUIRE(tu_sh("mkfs.ext4 -q -F -L precious -E offset=%llu %s 16M >/dev/null 2>&1", MiB, img) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	CHECK(run_format(img, 0, 0, NULL) == -1);
	CHECK(tu_sh("dumpe2fs -h '%s?offset=%llu' 2>/dev/null | grep -q 'volume name: *precious$'", img, MiB) == 0);
	/* and an XFS at byte 0 beside a staging record */
	tu_tar_free(&t);
	REQUIRE(make_magic_disk(img, 80 * MiB, "k\n", &t) == 0);
	CHECK(run_format(img, 0, FMT_STAGE, NULL) == FMT_STAGE);
	REQUIRE(tu_pwrite(img, 0, "XFSB", 4) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	/* and a different partition table */
	tu_tar_free(&t);
	REQUIRE(make_magic_disk(img, 80 * MiB, "k\n", &t) == 0);
	CHECK(run_format(img, 0, FMT_MBR, NULL) == FMT_MBR);
	REQUIRE(tu_pwrite(img, 446 + 12, "\x00\x10", 2) == 0);   /* other size */
	CHECK(verdict_of(img) == V_FOREIGN);
	tu_tar_free(&t);
}

static void foreign_disks_untouched(void)
{
	const char *img = tu_path("foreign.img");
	unsigned char s[512] = { 0 };
	/* ext4 with somebody's label on the whole disk */
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(tu_sh("mkfs.ext4 -q -F -L precious %s >/dev/null 2>&1", img) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	CHECK(run_format(img, 0, 0, NULL) == -1);
	/* MBR with someone's partitions */
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	s[446 + 4] = 0x07;
	st_put_le32(s + 446 + 8, 2048);
	st_put_le32(s + 446 + 12, 4096);
	s[510] = 0x55;
	s[511] = 0xaa;
	REQUIRE(tu_pwrite(img, 0, s, sizeof(s)) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	/* GPT */
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(tu_pwrite(img, 512, "EFI PART", 8) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	/* LVM2 PV */
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(tu_pwrite(img, 512, "LABELONE", 8) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	/* swap */
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(tu_sh("mkswap %s >/dev/null 2>&1", img) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	/* unknown bytes in the first MiB */
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(tu_pwrite(img, 300000, "x", 1) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	/* zero first MiB but a file system at 1 MiB: a lost partition table */
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(tu_sh("mkfs.ext4 -q -F -E offset=%llu %s 16M >/dev/null 2>&1", MiB, img) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	/* magic, but something else on the disk too */
	struct tu_tar t;
	REQUIRE(make_magic_disk(img, 80 * MiB, "k\n", &t) == 0);
	REQUIRE(tu_pwrite(img, 32769, "CD001", 5) == 0);
	CHECK(verdict_of(img) == V_FOREIGN);
	tu_tar_free(&t);
}

static void our_labels_are_data(void)
{
	const char *img = tu_path("ours.img");
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(tu_sh("mkfs.ext4 -q -F -L boot2podman-data %s 16M >/dev/null 2>&1", img) == 0);
	CHECK(verdict_of(img) == V_DATA);
	REQUIRE(tu_sh("mkfs.ext4 -q -F -L boot2docker-data %s 16M >/dev/null 2>&1", img) == 0);
	CHECK(verdict_of(img) == V_DATA);
	/* never formatted, even when asked */
	CHECK(run_format(img, 0, 0, NULL) == -1);
	CHECK(tu_sh("dumpe2fs -h %s 2>/dev/null | grep -q 'volume name: *boot2docker-data$'", img) == 0);
}

static void too_small_disk_kept(void)
{
	const char *img = tu_path("small.img");
	struct tu_tar t;
	REQUIRE(make_magic_disk(img, 32 * MiB, "k\n", &t) == 0);
	struct decision d;
	REQUIRE(decide(img, 0, &d) == 0);
	CHECK(d.v == V_FOREIGN && strstr(d.why, "minimum"));
	decision_free(&d);
	tu_tar_free(&t);
}

static void corrupt_userdata_still_formats(void)
{
	const char *img = tu_path("bad-ud.img");
	struct tu_tar t;
	REQUIRE(make_magic_disk(img, 80 * MiB, "k\n", &t) == 0);
	/* break the first header's checksum: the magic is still there */
	REQUIRE(tu_pwrite(img, 148, "9", 1) == 0);
	enum verdict v;
	CHECK(run_format(img, 0, 0, &v) == FMT_CLEANUP);
	CHECK(v == V_MAGIC);
	check_done(img, NULL);
	tu_tar_free(&t);
}

static void swap_partition_when_asked(void)
{
	const char *img = tu_path("swap.img");
	struct tu_tar t;
	REQUIRE(make_magic_disk(img, 1024 * MiB, "k\n", &t) == 0);
	struct decision d;
	REQUIRE(decide(img, 64 * MiB, &d) == 0);
	CHECK(d.st.layout.part[1].type == MBR_TYPE_SWAP && d.st.layout.part[1].count == 64 * 2048);
	decision_free(&d);
	/* cut after mkfs: resume must accept its own swap header */
	CHECK(run_format(img, 64 * MiB, FMT_MKFS, NULL) == FMT_MKFS);
	CHECK(verdict_of(img) == V_RESUME);
	CHECK(run_format(img, 0, 0, NULL) == FMT_CLEANUP);
	check_done(img, &t);
	struct sdev disk, sw;
	struct probe_result r;
	REQUIRE(sdev_open(&disk, img, 0, 0, 0) == 0);
	sdev_sub(&sw, &disk, (1024 - 64) * MiB, 64 * MiB);
	CHECK(probe_sdev(&sw, 0, &r) == 1 && r.sig == PROBE_SWAP && strcmp(r.label, MKFS_LABEL_SWAP) == 0);
	sdev_close(&disk);
	CHECK(tu_sh("swaplabel '%s' >/dev/null 2>&1 || true", img) == 0);
	/* a small disk gets no swap, and says so through the plan */
	struct mbr_layout l;
	char why[80];
	CHECK(mbr_plan(300 * MiB, 64 * MiB, &l, why, sizeof(why)) == 0 && l.part[1].type == 0);
	tu_tar_free(&t);
}

/* Issue 10, item 1: a zeroed first MiB (what `dd bs=1M count=1` leaves)
 * in front of a volume, or metadata only at the disk's end, is not blank;
 * and a format-me disk carrying such a signature past its tar is left
 * alone too.  One image per hand-made signature (real tools' images:
 * tests/cases/34-disk-signatures.sh). */
static int kept(const char *img, const struct sig_case *c, const char *how)
{
	struct decision d;
	int ok = decide(img, 0, &d) == 0 && d.v == V_FOREIGN && strstr(d.why, c->type) != NULL;
	if (!ok)
		fprintf(stderr, "    %s (%s): %s: %s\n", c->type, how, verdict_name(d.v), d.why);
	decision_free(&d);
	/* and the format itself refuses it */
	return ok && run_format(img, 0, 0, NULL) == -1;
}

static int bytes_still_there(const char *img, const struct sig_case *c, uint64_t base, uint64_t size)
{
	unsigned char b[64];
	for (int i = 0; i < 3 && c->p[i].bytes; i++) {
		uint64_t at = c->where == SC_END ? size - c->p[i].off : base + c->p[i].off;
		if (tu_pread(img, at, b, c->p[i].len) < 0 || memcmp(b, c->p[i].bytes, c->p[i].len) != 0)
			return 0;
	}
	return 1;
}

static void signatures_behind_zero_mib_are_kept(void)
{
	const char *img = tu_path("behind.img");
	int tried = 0;
	for (size_t i = 0; i < SIG_CASES; i++) {
		const struct sig_case *c = &sig_cases[i];
		uint64_t size = c->where == SC_END ? 20480 * MiB : 128 * MiB;
		uint64_t base = c->where == SC_START ? MiB : 0;
		REQUIRE(tu_image(img, size) == 0);
		REQUIRE(sc_write(img, c, base, size) == 0);
		CHECK(kept(img, c, c->where == SC_END ? "end of a blank disk" : "behind a zero MiB"));
		CHECK(bytes_still_there(img, c, base, size));
		tried++;
		if (c->where == SC_FIRST)
			continue;
		/* the same on a disk the driver asked us to format */
		struct tu_tar t;
		REQUIRE(make_magic_disk(img, size, "ssh-ed25519 AAAA k\n", &t) == 0);
		REQUIRE(sc_write(img, c, base, size) == 0);
		CHECK(kept(img, c, "with the format-me magic"));
		CHECK(bytes_still_there(img, c, base, size));
		tu_tar_free(&t);
		tried++;
	}
	fprintf(stderr, "    %d disks with a signature past the first MiB or at the end, all kept\n", tried);
}

/* Bytes nothing names, deep inside an otherwise zero disk. */
static void data_across_the_disk_is_kept(void)
{
	const char *img = tu_path("middle.img");
	static const uint64_t at[] = { 1 * MiB, 7 * MiB + 4095, 10240 * MiB, 20480 * MiB - 1 };
	REQUIRE(tu_image(img, 20480 * MiB) == 0);
	CHECK(verdict_of(img) == V_BLANK);
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		REQUIRE(tu_image(img, 20480 * MiB) == 0);
		REQUIRE(tu_pwrite(img, at[i], "\x42", 1) == 0);
		struct decision d;
		REQUIRE(decide(img, 0, &d) == 0);
		CHECK(d.v == V_FOREIGN && strstr(d.why, "no known signature"));
		decision_free(&d);
	}
}

/* What lies inside the driver's tar is the tar, whatever it looks like. */
static void magic_tar_contents_do_not_count(void)
{
	const char *img = tu_path("tar-text.img");
	struct tu_tar t;
	/* the key text lands at byte 2048, where OCFS2 keeps its magic */
	REQUIRE(make_magic_disk(img, 128 * MiB, "OCFSV2 ssh-ed25519 AAAA k\n", &t) == 0);
	CHECK(verdict_of(img) == V_MAGIC);
	tu_tar_free(&t);
}

/* Issue 10, item 9: a staging record with correct CRCs whose layout
 * wraps the size check: (start + count) * 512 overflows 64 bits. */
static void staged_layout_overflow_is_foreign(void)
{
	const char *img = tu_path("overflow.img");
	struct sdev disk;
	struct stage st;
	memset(&st, 0, sizeof(st));
	st.layout.part[0] = (struct mbr_part){ MBR_TYPE_LINUX, MBR_ALIGN_LBA, (1ull << 55) - MBR_ALIGN_LBA + 100 };
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(sdev_open(&disk, img, 0, 0, 1) == 0);
	REQUIRE(stage_write(&disk, &st) == 0);
	sdev_close(&disk);
	CHECK(verdict_of(img) == V_FOREIGN);
	CHECK(run_format(img, 0, 0, NULL) == -1);
	unsigned char s[512];
	REQUIRE(tu_pread(img, 0, s, sizeof(s)) == 0);
	CHECK(s[510] == 0 && s[446 + 4] == 0);          /* no table written */
	/* a swap entry that wraps the same way */
	memset(&st, 0, sizeof(st));
	st.layout.part[0] = (struct mbr_part){ MBR_TYPE_LINUX, MBR_ALIGN_LBA, 4096 };
	st.layout.part[1] = (struct mbr_part){ MBR_TYPE_SWAP, 8192, ~0ull - 8000 };
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(sdev_open(&disk, img, 0, 0, 1) == 0);
	REQUIRE(stage_write(&disk, &st) == 0);
	sdev_close(&disk);
	CHECK(verdict_of(img) == V_FOREIGN);
}

static void mbr_write_refuses_what_does_not_fit(void)
{
	const char *img = tu_path("mbr33.img");
	struct sdev disk;
	struct mbr_layout l;
	memset(&l, 0, sizeof(l));
	l.part[0] = (struct mbr_part){ MBR_TYPE_LINUX, MBR_ALIGN_LBA, (1ull << 32) + 5 };
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(sdev_open(&disk, img, 0, 0, 1) == 0);
	CHECK(mbr_write(&disk, &l) == -1);
	l.part[0].count = 0xFFFFFFFFull - MBR_ALIGN_LBA;        /* exactly fits */
	CHECK(mbr_write(&disk, &l) == 0);
	sdev_close(&disk);
}

/* Something appears in the partition between the decision and mkfs: the
 * last look before writing refuses (mkfs.ext4 itself would not). */
static void mkfs_refuses_a_partition_that_changed(void)
{
	const char *img = tu_path("race.img");
	struct decision d;
	struct sdev disk;
	REQUIRE(tu_image(img, 80 * MiB) == 0);
	REQUIRE(decide(img, 0, &d) == 0);
	CHECK(d.v == V_BLANK);
	REQUIRE(tu_pwrite(img, MiB, "LUKS\xba\xbe\x00\x02", 8) == 0);
	REQUIRE(sdev_open(&disk, img, 0, 0, 1) == 0);
	CHECK(storage_format(&disk, &d, &env) == -1);
	sdev_close(&disk);
	decision_free(&d);
	unsigned char b[8];
	REQUIRE(tu_pread(img, MiB, b, 8) == 0);
	CHECK(memcmp(b, "LUKS\xba\xbe\x00\x02", 8) == 0);
	/* and the next boot sees our record beside a foreign partition */
	CHECK(verdict_of(img) == V_FOREIGN);
}

int main(void)
{
	if (!tu_have("mkfs.ext4") || !tu_have("debugfs") || !tu_have("e2fsck") || !tu_have("dumpe2fs"))
		return 1;
	TU_RUN(magic_disk_formats_with_userdata);
	TU_RUN(blank_disk_formats);
	TU_RUN(power_loss_after_each_step);
	TU_RUN(power_loss_blank_disk);
	TU_RUN(power_loss_twice);
	TU_RUN(torn_staging_write_falls_back_to_original);
	TU_RUN(mkfs_cut_before_superblock);
	TU_RUN(torn_label_write);
	TU_RUN(power_loss_inside_cleanup);
	TU_RUN(staged_disk_with_foreign_fs_is_kept);
	TU_RUN(foreign_disks_untouched);
	TU_RUN(our_labels_are_data);
	TU_RUN(too_small_disk_kept);
	TU_RUN(corrupt_userdata_still_formats);
	TU_RUN(swap_partition_when_asked);
	TU_RUN(signatures_behind_zero_mib_are_kept);
	TU_RUN(data_across_the_disk_is_kept);
	TU_RUN(magic_tar_contents_do_not_count);
	TU_RUN(staged_layout_overflow_is_foreign);
	TU_RUN(mbr_write_refuses_what_does_not_fit);
	TU_RUN(mkfs_refuses_a_partition_that_changed);
	return tu_finish();
}
