/* Signature detection on image files: everything recognisable must be
 * named, a zero disk must read as nothing. */
#include <string.h>

#include "probe.h"
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
	return tu_finish();
}
