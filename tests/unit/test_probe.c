/* Signature detection on image files: everything recognisable must be
 * named, a zero disk must read as nothing. */
#include <string.h>

#include "probe.h"
#include "sig_cases.h"
#include "tu.h"

#define MiB (1024ull * 1024)

static int probe_file(const char *path, unsigned skip, struct probe_result *r)
{
	struct sdev d;
	if (sdev_open(&d, path, 0, 0, 0) < 0)
		return -1;
	int rc = probe_sdev(&d, skip, r);
	sdev_close(&d);
	return rc;
}

static enum probe_sig sig_of(const char *path)
{
	struct probe_result r;
	int rc = probe_file(path, 0, &r);
	return rc == 1 ? r.sig : rc == 0 ? PROBE_NONE : (enum probe_sig)-1;
}

static void blank_is_nothing(void)
{
	const char *p = tu_path("blank.img");
	REQUIRE(tu_image(p, 64 * MiB) == 0);
	CHECK(sig_of(p) == PROBE_NONE);
	struct sdev d;
	REQUIRE(sdev_open(&d, p, 0, 0, 0) == 0);
	CHECK(probe_zero(&d, 0, MiB) == 1);
	CHECK(probe_magic(&d) == 0);
	sdev_close(&d);
}

static void tiny_device_is_nothing(void)
{
	/* Shorter than every probe offset: must not read past the end. */
	const char *p = tu_path("tiny.img");
	REQUIRE(tu_image(p, 300) == 0);
	CHECK(sig_of(p) == PROBE_NONE);
}

static void ext4_labels(void)
{
	const char *ours = tu_path("ours.img"), *other = tu_path("other.img");
	REQUIRE(tu_have("mkfs.ext4"));
	REQUIRE(tu_sh("mkfs.ext4 -q -F -L boot2podman-data %s 16M >/dev/null 2>&1", ours) == 0);
	REQUIRE(tu_sh("mkfs.ext4 -q -F -L precious %s 16M >/dev/null 2>&1", other) == 0);
	struct probe_result r;
	CHECK(probe_file(ours, 0, &r) == 1 && r.sig == PROBE_EXT);
	CHECK(strcmp(r.label, "boot2podman-data") == 0);
	CHECK(probe_file(other, 0, &r) == 1 && r.sig == PROBE_EXT);
	CHECK(strcmp(r.label, "precious") == 0);
	struct sdev d;
	char label[17];
	REQUIRE(sdev_open(&d, ours, 0, 0, 0) == 0);
	CHECK(probe_ext(&d, label) == 1 && strcmp(label, "boot2podman-data") == 0);
	sdev_close(&d);
}

static void swap_by_mkswap(void)
{
	const char *p = tu_path("swap.img");
	REQUIRE(tu_have("mkswap"));
	REQUIRE(tu_image(p, 16 * MiB) == 0);
	REQUIRE(tu_sh("mkswap -L sw %s >/dev/null 2>&1", p) == 0);
	struct probe_result r;
	CHECK(probe_file(p, 0, &r) == 1 && r.sig == PROBE_SWAP && strcmp(r.label, "sw") == 0);
}

static void mbr_with_partitions(void)
{
	const char *p = tu_path("mbr.img");
	unsigned char s[512] = { 0 };
	REQUIRE(tu_image(p, 64 * MiB) == 0);
	s[446 + 16 + 4] = 0x07; /* second entry: NTFS */
	s[510] = 0x55;
	s[511] = 0xaa;
	REQUIRE(tu_pwrite(p, 0, s, sizeof(s)) == 0);
	CHECK(sig_of(p) == PROBE_MBR);
	/* 0x55AA with no entries is not a partition table */
	s[446 + 16 + 4] = 0;
	REQUIRE(tu_pwrite(p, 0, s, sizeof(s)) == 0);
	CHECK(sig_of(p) == PROBE_NONE);
}

static void gpt(void)
{
	const char *p = tu_path("gpt.img");
	unsigned char s[512] = { 0 };
	REQUIRE(tu_image(p, 64 * MiB) == 0);
	s[446 + 4] = 0xee;
	s[510] = 0x55;
	s[511] = 0xaa;
	REQUIRE(tu_pwrite(p, 0, s, sizeof(s)) == 0);
	REQUIRE(tu_pwrite(p, 512, "EFI PART", 8) == 0);
	CHECK(sig_of(p) == PROBE_GPT);
}

static void lvm_label_in_sector_1(void)
{
	const char *p = tu_path("lvm.img");
	REQUIRE(tu_image(p, 64 * MiB) == 0);
	REQUIRE(tu_pwrite(p, 512, "LABELONE", 8) == 0);
	CHECK(sig_of(p) == PROBE_LVM2);
}

static void others_by_bytes(void)
{
	static const struct { const char *magic; uint64_t off; enum probe_sig sig; } cases[] = {
		{ "XFSB", 0, PROBE_XFS },
		{ "_BHRfS_M", 65536 + 0x40, PROBE_BTRFS },
		{ "CD001", 32769, PROBE_ISO9660 },
		{ "SWAP-SPACE", 4096 - 10, PROBE_SWAP },
		{ "\xfc\x4e\x2b\xa9", 4096, PROBE_MDRAID },                       /* 1.2 */
		{ "\xfc\x4e\x2b\xa9", 0, PROBE_MDRAID },                          /* 1.1 */
		{ "\xfc\x4e\x2b\xa9", 64 * MiB - 8192, PROBE_MDRAID },            /* 1.0 */
		{ "\xfc\x4e\x2b\xa9", 64 * MiB - 65536, PROBE_MDRAID },           /* 0.90 */
	};
	const char *p = tu_path("sig.img");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		REQUIRE(tu_image(p, 64 * MiB) == 0);
		REQUIRE(tu_pwrite(p, cases[i].off, cases[i].magic, strlen(cases[i].magic)) == 0);
		enum probe_sig got = sig_of(p);
		if (got != cases[i].sig)
			fprintf(stderr, "    case %zu: got %s\n", i, probe_name(got));
		CHECK(got == cases[i].sig);
	}
}

static void vfat_before_mbr(void)
{
	const char *p = tu_path("fat.img");
	unsigned char s[512];
	memset(s, 0x41, sizeof(s)); /* junk where MBR entries would be */
	memcpy(s + 0x52, "FAT32   ", 8);
	memcpy(s + 0x47, "MYSTICK    ", 11);
	s[510] = 0x55;
	s[511] = 0xaa;
	REQUIRE(tu_image(p, 64 * MiB) == 0);
	REQUIRE(tu_pwrite(p, 0, s, sizeof(s)) == 0);
	struct probe_result r;
	CHECK(probe_file(p, 0, &r) == 1 && r.sig == PROBE_VFAT);
	CHECK(strncmp(r.label, "MYSTICK", 7) == 0);
}

static void skip_mask(void)
{
	const char *p = tu_path("skip.img");
	unsigned char s[512] = { 0 };
	REQUIRE(tu_image(p, 64 * MiB) == 0);
	s[446 + 4] = 0x83;
	s[510] = 0x55;
	s[511] = 0xaa;
	REQUIRE(tu_pwrite(p, 0, s, sizeof(s)) == 0);
	struct probe_result r;
	CHECK(probe_file(p, PROBE_SKIP(PROBE_MBR), &r) == 0);
}

static void magic_both_spellings(void)
{
	CHECK(probe_magic_bytes((const unsigned char *)"boot2podman, please format-me") == 1);
	CHECK(probe_magic_bytes((const unsigned char *)"boot2docker, please format-me") == 2);
	CHECK(probe_magic_bytes((const unsigned char *)"boot2podman, please format-mE") == 0);
}

/* The whole-disk scan the blank decision uses. */
static int scan_file(const char *path, int lost_parts, int whole, struct probe_result *r)
{
	struct sdev d;
	struct probe_opts o = { .whole_disk = whole, .lost_parts = lost_parts };
	if (sdev_open(&d, path, 0, 0, 0) < 0)
		return -1;
	int rc = probe_sdev_opts(&d, &o, r);
	sdev_close(&d);
	return rc;
}

static int case_found(const char *img, const struct sig_case *c, int lost_parts, const char *where)
{
	struct probe_result r;
	int rc = scan_file(img, lost_parts, 1, &r);
	if (rc == 1 && strcmp(r.type, c->type) == 0)
		return 1;
	fprintf(stderr, "    %s %s: got %s\n", c->type, where, rc == 1 ? r.type : rc == 0 ? "nothing" : "error");
	return 0;
}

/* Every hand-made signature is named right at the start of a disk, and
 * (start-of-volume ones) at 1 MiB behind a zeroed first MiB; end-of-disk
 * metadata at the end of a 20 GiB sparse disk. */
static void every_signature_named(void)
{
	const char *p = tu_path("sc.img");
	int tried = 0;
	for (size_t i = 0; i < SIG_CASES; i++) {
		const struct sig_case *c = &sig_cases[i];
		uint64_t size = c->where == SC_END ? 20480 * MiB : 128 * MiB;
		REQUIRE(tu_image(p, size) == 0);
		REQUIRE(sc_write(p, c, 0, size) == 0);
		CHECK(case_found(p, c, 0, "at 0 / at the end"));
		tried++;
		if (c->where != SC_START)
			continue;
		REQUIRE(tu_image(p, size) == 0);
		REQUIRE(sc_write(p, c, MiB, size) == 0);
		CHECK(case_found(p, c, 1, "at 1 MiB"));
		/* and as a lost second partition, 513 MiB into a bigger disk */
		REQUIRE(tu_image(p, 2048 * MiB) == 0);
		REQUIRE(sc_write(p, c, 513 * MiB, 2048 * MiB) == 0);
		CHECK(case_found(p, c, 1, "at 513 MiB"));
		tried += 2;
	}
	fprintf(stderr, "    %d placements of %zu hand-made signatures\n", tried, SIG_CASES);
}

/* The hand-made list covers every format of the issue and every name in
 * the prober's table (so the table has no entry nobody tested). */
static void table_and_cases_cover_the_list(void)
{
	for (size_t i = 0; i < sizeof(required_types) / sizeof(required_types[0]); i++) {
		int in_table = 0, in_cases = 0;
		for (size_t k = 0; k < probe_sig_count(); k++)
			in_table |= strcmp(probe_sig_at(k)->type, required_types[i]) == 0;
		for (size_t k = 0; k < SIG_CASES; k++)
			in_cases |= strcmp(sig_cases[k].type, required_types[i]) == 0;
		if (!in_table || !in_cases)
			fprintf(stderr, "    %s: table %d cases %d\n", required_types[i], in_table, in_cases);
		CHECK(in_table && in_cases);
	}
	for (size_t k = 0; k < probe_sig_count(); k++) {
		int tested = 0;
		for (size_t i = 0; i < SIG_CASES; i++)
			tested |= strcmp(sig_cases[i].type, probe_sig_at(k)->type) == 0;
		if (!tested)
			fprintf(stderr, "    table entry %s has no case\n", probe_sig_at(k)->type);
		CHECK(tested);
	}
}

/* A partition (not a whole disk) does not own the disk's last sectors. */
static void raid_metadata_only_on_whole_disks(void)
{
	const char *p = tu_path("raid.img");
	struct probe_result r;
	REQUIRE(tu_image(p, 128 * MiB) == 0);
	REQUIRE(tu_pwrite(p, 128 * MiB - 1024, "Intel Raid ISM Cfg Sig. ", 24) == 0);
	CHECK(scan_file(p, 0, 1, &r) == 1 && strcmp(r.type, "isw_raid_member") == 0 && r.offset == 128 * MiB - 1024);
	CHECK(scan_file(p, 0, 0, &r) == 0);
}

static void ignored_ranges_do_not_count(void)
{
	const char *p = tu_path("ign.img");
	struct sdev d;
	struct probe_result r;
	struct probe_range tar = { 0, 4096 };
	struct probe_opts o = { .whole_disk = 1, .lost_parts = 1, .ignore = &tar, .nignore = 1 };
	REQUIRE(tu_image(p, 128 * MiB) == 0);
	REQUIRE(tu_pwrite(p, 2048, "OCFSV2", 6) == 0);
	REQUIRE(sdev_open(&d, p, 0, 0, 0) == 0);
	CHECK(probe_sdev_opts(&d, &o, &r) == 0);
	/* the same bytes past the range do */
	REQUIRE(tu_pwrite(p, 4096, "\xfc\x4e\x2b\xa9", 4) == 0);
	CHECK(probe_sdev_opts(&d, &o, &r) == 1 && r.sig == PROBE_MDRAID && r.offset == 4096);
	sdev_close(&d);
}

static void bases_are_sorted_and_inside(void)
{
	uint64_t b[PROBE_MAX_BASES];
	size_t n = probe_bases(20480 * MiB, b, PROBE_MAX_BASES);
	int has1 = 0, has513 = 0;
	CHECK(n >= 30);
	for (size_t i = 0; i < n; i++) {
		CHECK(b[i] > 0 && b[i] < 20480 * MiB);
		CHECK(i == 0 || b[i] > b[i - 1]);
		has1 |= b[i] == MiB;
		has513 |= b[i] == 513 * MiB;
	}
	CHECK(has1 && has513);
	/* a tiny disk: nothing past its end */
	n = probe_bases(3 * MiB, b, PROBE_MAX_BASES);
	for (size_t i = 0; i < n; i++)
		CHECK(b[i] < 3 * MiB);
}

static void blank_regions(void)
{
	const char *p = tu_path("regions.img");
	struct sdev d;
	uint64_t where, size = 20480 * MiB;
	REQUIRE(tu_image(p, size) == 0);
	REQUIRE(sdev_open(&d, p, 0, 0, 0) == 0);
	CHECK(probe_sdev_blank(&d, &where) == 1);
	/* one byte in each kind of region */
	static const uint64_t at[] = { 7 * MiB + 5, 20480 * MiB - 8 * MiB, 10240 * MiB + 1000, 513 * MiB + 77 };
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		REQUIRE(tu_image(p, size) == 0);
		REQUIRE(tu_pwrite(p, at[i], "x", 1) == 0);
		CHECK(probe_sdev_blank(&d, &where) == 0 && where == at[i]);
	}
	sdev_close(&d);
}

int main(void)
{
	TU_RUN(blank_is_nothing);
	TU_RUN(tiny_device_is_nothing);
	TU_RUN(ext4_labels);
	TU_RUN(swap_by_mkswap);
	TU_RUN(mbr_with_partitions);
	TU_RUN(gpt);
	TU_RUN(lvm_label_in_sector_1);
	TU_RUN(others_by_bytes);
	TU_RUN(vfat_before_mbr);
	TU_RUN(skip_mask);
	TU_RUN(magic_both_spellings);
	TU_RUN(every_signature_named);
	TU_RUN(table_and_cases_cover_the_list);
	TU_RUN(raid_metadata_only_on_whole_disks);
	TU_RUN(ignored_ranges_do_not_count);
	TU_RUN(bases_are_sorted_and_inside);
	TU_RUN(blank_regions);
	return tu_finish();
}
