/* The signature table: every superblock and partition-table format
 * util-linux libblkid knows (offsets and magic bytes as those formats
 * define them), plus a few it lacks.  Checks here may be looser than
 * libblkid's: a false hit only leaves a disk alone, a miss formats it.
 * Order matters only for the name reported: formats that live in a boot
 * sector come before the MBR, ext and swap (what we write ourselves) come
 * before the formats with weak two-byte magics. */
#include <string.h>

#include "probe_int.h"

#define KiB 1024ull
#define MiB (1024ull * 1024)

static uint16_t be16(const unsigned char *b) { return (uint16_t)(b[0] << 8 | b[1]); }
static uint32_t be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* ---- checks that need more than one magic ---- */

static int fat_bpb_valid(const unsigned char *s)
{
	unsigned bps = st_le16(s + 11), spc = s[13], res = st_le16(s + 14), fats = s[16], media = s[21];
	return (bps == 512 || bps == 1024 || bps == 2048 || bps == 4096) && spc && !(spc & (spc - 1)) &&
	       res >= 1 && fats >= 1 && fats <= 4 && (media >= 0xf0 || media == 0);
}

static int vfat(struct prober *p, uint64_t base, struct probe_result *r)
{
	unsigned char s[512];
	if (!pb_get(p, base, s, sizeof(s)))
		return 0;
	if (!memcmp(s + 0x52, "FAT32   ", 8) || !memcmp(s + 0x52, "MSWIN", 5)) {
		if (!pb_hit(p, r, base + 0x52))
			return 0;
		pb_label(p, r, base + 0x47, 11);
		return 1;
	}
	if (!memcmp(s + 0x36, "FAT12   ", 8) || !memcmp(s + 0x36, "FAT16   ", 8) ||
	    !memcmp(s + 0x36, "FAT     ", 8) || !memcmp(s + 0x36, "MSDOS", 5)) {
		if (!pb_hit(p, r, base + 0x36))
			return 0;
		pb_label(p, r, base + 0x2b, 11);
		return 1;
	}
	/* no type string: a jump or a boot signature plus a sane BPB */
	if ((s[0] == 0xeb || s[0] == 0xe9 || (s[510] == 0x55 && s[511] == 0xaa)) && fat_bpb_valid(s))
		return pb_hit(p, r, base);
	return 0;
}

static int mbr(struct prober *p, uint64_t base, struct probe_result *r)
{
	unsigned char s[512];
	if (!pb_get(p, base, s, sizeof(s)) || s[510] != 0x55 || s[511] != 0xaa)
		return 0;
	/* A boot signature with four empty entries is not a partition table
	 * (and holds nothing anyone could lose); any used entry is. */
	for (int i = 0; i < 4; i++)
		if (s[446 + 16 * i + 4] != 0 && pb_hit(p, r, base + 446 + 16 * (uint64_t)i))
			return 1;
	return 0;
}

static int lvm2(struct prober *p, uint64_t base, struct probe_result *r)
{
	for (uint64_t s = 0; s < 4; s++) {
		uint64_t at = base + s * 512;
		if ((pb_has(p, at, "LABELONE", 8) || pb_has(p, at + 24, "LVM2 001", 8)) && pb_hit(p, r, at))
			return 1;
	}
	return 0;
}

static int lvm1(struct prober *p, uint64_t base, struct probe_result *r)
{
	unsigned char b[4];
	(void)r;
	return pb_get(p, base, b, 4) && st_le16(b + 2) >= 1 && st_le16(b + 2) <= 2;
}

static int bitlocker_togo(struct prober *p, uint64_t base, struct probe_result *r)
{
	static const unsigned char guid[16] = { 0x3b, 0xd6, 0x67, 0x49, 0x29, 0x2e, 0xd8, 0x4a,
						0x83, 0x99, 0xf6, 0xa3, 0x39, 0xe3, 0xd0, 0x01 };
	(void)r;
	return pb_has(p, base + 424, guid, 16);
}

/* ZFS keeps four 256 KiB labels: two at the start of the vdev, two at its
 * end.  A label holds an XDR nvlist at 16 KiB ("version", "name",
 * "pool_guid", ...) and a ring of uberblocks (magic 0x00bab10c) at 128 KiB. */
static int zfs_nvlist(struct prober *p, uint64_t lab)
{
	unsigned char b[2048];
	if (!pb_get(p, lab + 16 * KiB, b, sizeof(b)) || b[0] != 1 || b[1] > 1)
		return 0;
	for (size_t i = 0; i + 9 <= sizeof(b); i++)
		if (!memcmp(b + i, "pool_guid", 9) || !memcmp(b + i, "vdev_tree", 9))
			return 1;
	return 0;
}

static int zfs_uber(struct prober *p, uint64_t lab)
{
	static const unsigned char le[8] = { 0x0c, 0xb1, 0xba, 0, 0, 0, 0, 0 };
	static const unsigned char be[8] = { 0, 0, 0, 0, 0, 0xba, 0xb1, 0x0c };
	for (uint64_t i = 0; i < 128; i++) {
		uint64_t at = lab + 128 * KiB + i * KiB;
		if (pb_has(p, at, le, 8) || pb_has(p, at, be, 8))
			return 1;
	}
	return 0;
}

static int zfs(struct prober *p, uint64_t base, struct probe_result *r)
{
	const uint64_t L = 256 * KiB;
	uint64_t labs[4];
	int n = 0;

	labs[n++] = base;
	labs[n++] = base + L;
	if (base == 0 && p->size >= 4 * L) {
		uint64_t end = p->size - p->size % L;
		labs[n++] = end - 2 * L;
		labs[n++] = end - L;
	}
	for (int i = 0; i < n; i++) {
		/* the uberblock ring is 128 KiB to read: only at the start */
		if ((zfs_nvlist(p, labs[i]) || (base == 0 && zfs_uber(p, labs[i]))) &&
		    pb_hit(p, r, labs[i] + 16 * KiB))
			return 1;
	}
	return 0;
}

static int nilfs_sb(struct prober *p, uint64_t at)
{
	unsigned char b[16];
	if (!pb_get(p, at, b, sizeof(b)) || st_le16(b + 6) != 0x3434)
		return 0;
	/* s_rev_level 2, s_bytes covering at least the checksummed head */
	return st_le32(b) == 2 && st_le16(b + 8) >= 16 && st_le16(b + 8) <= 1024;
}

static int nilfs2(struct prober *p, uint64_t base, struct probe_result *r)
{
	if (nilfs_sb(p, base + 1024) && pb_hit(p, r, base + 1024 + 6))
		return 1;
	if (base == 0 && p->size >= 8192) {
		uint64_t at = (p->size / 512 - 8) * 512;
		if (nilfs_sb(p, at) && pb_hit(p, r, at + 6))
			return 1;
	}
	return 0;
}

static int hfs(struct prober *p, uint64_t base, struct probe_result *r)
{
	unsigned char b[64];
	if (!pb_get(p, base + 1024, b, sizeof(b)))
		return 0;
	if ((!memcmp(b, "H+", 2) && be16(b + 2) == 4) || (!memcmp(b, "HX", 2) && be16(b + 2) == 5))
		return pb_hit(p, r, base + 1024);
	if (!memcmp(b, "BD", 2)) {
		uint32_t blk = be32(b + 20);
		if (!blk || blk % 512)
			return 0;
		if (!pb_hit(p, r, base + 1024))
			return 0;
		pb_label(p, r, base + 1024 + 37, b[36] < 27 ? b[36] : 27);
		return 1;
	}
	return 0;
}

/* UDF: a volume recognition sequence at 32 KiB, one descriptor per 2 KiB
 * (or per sector when sectors are larger); NSR02/NSR03 names UDF. */
static int udf(struct prober *p, uint64_t base, struct probe_result *r)
{
	static const char *const vrs[] = { "BEA01", "BOOT2", "CDW02", "NSR02", "NSR03", "TEA01" };
	static const uint64_t steps[] = { 2048, 4096, 512, 1024 };

	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++)
		for (uint64_t k = 0; k < 32; k++) {
			uint64_t at = base + 32 * KiB + k * steps[s] + 1;
			if ((pb_has(p, at, "NSR02", 5) || pb_has(p, at, "NSR03", 5)) && pb_hit(p, r, at))
				return 1;
		}
	for (size_t i = 0; i < sizeof(vrs) / sizeof(vrs[0]); i++)
		if (pb_has(p, base + 32 * KiB + 1, vrs[i], 5) && pb_hit(p, r, base + 32 * KiB + 1))
			return 1;
	return 0;
}

static int sun(struct prober *p, uint64_t base, struct probe_result *r)
{
	unsigned char s[512];
	uint16_t x = 0;
	if (!pb_get(p, base, s, sizeof(s)) || s[508] != 0xda || s[509] != 0xbe)
		return 0;
	for (int i = 0; i < 512; i += 2)
		x ^= be16(s + i);
	return x == 0 && pb_hit(p, r, base + 508);
}

static int mac(struct prober *p, uint64_t base, struct probe_result *r)
{
	unsigned char b[4];
	if (!pb_get(p, base, b, 4) || b[0] != 'E' || b[1] != 'R')
		return 0;
	unsigned bs = be16(b + 2);
	if (bs != 512 && bs != 1024 && bs != 2048 && bs != 4096)
		return 0;
	return pb_has(p, base + bs, "PM", 2) && pb_hit(p, r, base);
}

static int amiga(struct prober *p, uint64_t base, struct probe_result *r)
{
	for (uint64_t s = 0; s < 16; s++)
		if (pb_has(p, base + s * 512, "RDSK", 4) && pb_hit(p, r, base + s * 512))
			return 1;
	return 0;
}

static int via(struct prober *p, uint64_t base, struct probe_result *r)
{
	unsigned char b[51];
	uint8_t sum = 0;
	(void)base;
	if (!pb_get(p, r->offset, b, sizeof(b)) || b[2] > 2)
		return 0;
	for (int i = 0; i < 50; i++)
		sum = (uint8_t)(sum + b[i]);
	return sum == b[50];
}

static int minix(struct prober *p, uint64_t base, struct probe_result *r)
{
	unsigned char b[32];
	if (!pb_get(p, base + 1024, b, sizeof(b)))
		return 0;
	for (int swap = 0; swap < 2; swap++) {
		uint16_t (*u16)(const unsigned char *) = swap ? be16 : st_le16;
		unsigned m = u16(b + 0x10);
		if ((m == 0x137f || m == 0x138f || m == 0x2468 || m == 0x2478) && u16(b) && u16(b + 4) &&
		    u16(b + 6) && u16(b + 10) == 0)
			return pb_hit(p, r, base + 1024 + 0x10);
		if (u16(b + 0x18) == 0x4d5a && u16(b + 6) && u16(b + 8) && u16(b + 0x1c) >= 512)
			return pb_hit(p, r, base + 1024 + 0x18);
	}
	return 0;
}

static int ufs(struct prober *p, uint64_t base, struct probe_result *r)
{
	static const uint32_t mags[] = { 0x19540119, 0x00011954, 0x00195612, 0x00095014, 0x00612195, 0x05231994 };
	static const uint64_t kb[] = { 0, 8, 64, 256 };
	for (size_t i = 0; i < 4; i++) {
		unsigned char b[4];
		uint64_t at = base + kb[i] * KiB + 1372;
		if (!pb_get(p, at, b, 4))
			continue;
		for (size_t m = 0; m < sizeof(mags) / sizeof(mags[0]); m++)
			if ((st_le32(b) == mags[m] || be32(b) == mags[m]) && pb_hit(p, r, at))
				return 1;
	}
	return 0;
}

static int sysv(struct prober *p, uint64_t base, struct probe_result *r)
{
	static const uint64_t blk[] = { 0, 9, 15, 18 };
	for (size_t i = 0; i < 4; i++) {
		unsigned char b[4];
		uint64_t at = base + blk[i] * KiB + 512 + 0x1f8;
		if (pb_get(p, at, b, 4) && (st_le32(b) == 0xfd187e20 || be32(b) == 0xfd187e20) && pb_hit(p, r, at))
			return 1;
	}
	return 0;
}

/* An external XFS log: record headers (0xFEEDBABE) in its first sectors. */
static int xfs_log(struct prober *p, uint64_t base, struct probe_result *r)
{
	for (uint64_t s = 0; s < 512; s++) {
		unsigned char b[8];
		uint64_t at = base + s * 512;
		if (!pb_get(p, at, b, 8))
			return 0;
		if (be32(b) == 0xfeedbabe && (be32(b + 4) == 1 || be32(b + 4) == 2 || be32(b + 4) == 3))
			return pb_hit(p, r, at);
	}
	return 0;
}

/* ---- the table ---- */

#define D(t, d, s) { (t), (d), (s) }
/* magic at off from the volume's start */
#define M(t, d, s, o, m) { D(t, d, s), 0, (o), 0, (m), sizeof(m) - 1, NULL, 0, 0 }
/* same, with a label field */
#define ML(t, d, s, o, m, lo, ll) { D(t, d, s), 0, (o), 0, (m), sizeof(m) - 1, NULL, (lo), (ll) }
/* same, confirmed by fn */
#define MC(t, d, s, o, m, fn) { D(t, d, s), 0, (o), 0, (m), sizeof(m) - 1, (fn), 0, 0 }
/* magic `back` bytes before the end (rounded down to al first) */
#define E(t, d, s, fl, back, al, m) { D(t, d, s), SE_END | (fl), (back), (al), (m), sizeof(m) - 1, NULL, 0, 0 }
#define EC(t, d, s, fl, back, al, m, fn) { D(t, d, s), SE_END | (fl), (back), (al), (m), sizeof(m) - 1, (fn), 0, 0 }
/* a check of its own */
#define F(t, d, s, fl, fn) { D(t, d, s), (fl), 0, 0, NULL, 0, (fn), 0, 0 }
#define MFL(t, d, s, fl, o, m) { D(t, d, s), (fl), (o), 0, (m), sizeof(m) - 1, NULL, 0, 0 }

#define SWAPS(page) \
	ML("swap", "a swap area", PROBE_SWAP, (page) - 10, "SWAPSPACE2", 1024 + 28, 16), \
	ML("swap", "a swap area", PROBE_SWAP, (page) - 10, "SWAP-SPACE", 1024 + 28, 16), \
	M("swsuspend", "a hibernation image", PROBE_SWSUSPEND, (page) - 10, "S1SUSPEND"), \
	M("swsuspend", "a hibernation image", PROBE_SWSUSPEND, (page) - 10, "S2SUSPEND"), \
	M("swsuspend", "a hibernation image", PROBE_SWSUSPEND, (page) - 10, "ULSUSPEND"), \
	M("swsuspend", "a hibernation image", PROBE_SWSUSPEND, (page) - 10, "LINHIB0001")

#define LUKS2(o) M("crypto_LUKS", "a LUKS2 header (second copy)", PROBE_LUKS, (o), "SKUL\xba\xbe")
#define MD_LE "\xfc\x4e\x2b\xa9"
#define MD_BE "\xa9\x2b\x4e\xfc"
#define PDC(sec) E("promise_fasttrack_raid_member", "Promise FastTrack RAID metadata", PROBE_RAID, SE_WHOLE, \
		   (sec) * 512, 512, "Promise Technology, Inc.")

/* One row per signature: rows look alike by nature (a deliberate exception
 * to "say it once"; the data differ, and a row is how a reader checks one
 * signature against its source). */
const struct sigent probe_table[] = {
	/* partition tables and boot-sector formats (before the MBR) */
	M("gpt", "a GPT partition table", PROBE_GPT, 512, "EFI PART"),
	M("gpt", "a GPT partition table (4 KiB sectors)", PROBE_GPT, 4096, "EFI PART"),
	M("crypto_LUKS", "a LUKS encrypted volume", PROBE_LUKS, 0, "LUKS\xba\xbe"),
	LUKS2(0x4000), LUKS2(0x8000), LUKS2(0x10000), LUKS2(0x20000), LUKS2(0x40000),
	LUKS2(0x80000), LUKS2(0x100000), LUKS2(0x200000), LUKS2(0x400000),
	M("BitLocker", "a BitLocker encrypted volume", PROBE_BITLOCKER, 0, "\xeb\x52\x90-FVE-FS-"),
	M("BitLocker", "a BitLocker encrypted volume", PROBE_BITLOCKER, 0, "\xeb\x58\x90-FVE-FS-"),
	MC("BitLocker", "a BitLocker To Go volume", PROBE_BITLOCKER, 0, "\xeb\x58\x90MSWIN4.1", bitlocker_togo),
	M("ntfs", "an NTFS file system", PROBE_NTFS, 3, "NTFS    "),
	M("exfat", "an exFAT file system", PROBE_EXFAT, 3, "EXFAT   "),
	M("refs", "a ReFS file system", PROBE_OTHER, 0, "\0\0\0ReFS\0"),
	F("vfat", "a FAT file system", PROBE_VFAT, 0, vfat),
	F("dos", "an MBR partition table", PROBE_MBR, 0, mbr),

	/* what we write ourselves, then the common Linux formats */
	ML("ext2/3/4", "an ext2/3/4 file system", PROBE_EXT, 1024 + 0x38, "\x53\xef", 1024 + 0x78, 16),
	SWAPS(4096), SWAPS(8192), SWAPS(16384), SWAPS(32768), SWAPS(65536),
	M("swsuspend", "a TuxOnIce hibernation image", PROBE_SWSUSPEND, 0, "\xed\xc3\x02\xe9\x98\x56\xe5\x0c"),
	ML("xfs", "an XFS file system", PROBE_XFS, 0, "XFSB", 108, 12),
	F("LVM2_member", "an LVM2 physical volume", PROBE_LVM2, 0, lvm2),
	M("linux_raid_member", "an md RAID 1.1 superblock", PROBE_MDRAID, 0, MD_LE),
	M("linux_raid_member", "an md RAID 1.1 superblock", PROBE_MDRAID, 0, MD_BE),
	M("linux_raid_member", "an md RAID 1.2 superblock", PROBE_MDRAID, 4096, MD_LE),
	M("linux_raid_member", "an md RAID 1.2 superblock", PROBE_MDRAID, 4096, MD_BE),
	E("linux_raid_member", "an md RAID 0.90 superblock", PROBE_MDRAID, 0, 65536, 65536, MD_LE),
	E("linux_raid_member", "an md RAID 0.90 superblock", PROBE_MDRAID, 0, 65536, 65536, MD_BE),
	E("linux_raid_member", "an md RAID 1.0 superblock", PROBE_MDRAID, 0, 8192, 4096, MD_LE),
	E("linux_raid_member", "an md RAID 1.0 superblock", PROBE_MDRAID, 0, 8192, 4096, MD_BE),
	M("bcache", "a bcache device", PROBE_BCACHE, 4096 + 24,
	  "\xc6\x85\x73\xf6\x4e\x1a\x45\xca\x82\x65\xf5\x7f\x48\xba\x6d\x81"),
	M("bcachefs", "a bcachefs file system", PROBE_BCACHEFS, 4096 + 24,
	  "\xc6\x85\x73\xf6\x66\xce\x90\xa9\xd9\x6a\x60\xcf\x80\x3d\xf7\xef"),
	ML("btrfs", "a btrfs file system", PROBE_BTRFS, 65536 + 0x40, "_BHRfS_M", 65536 + 0x12b, 63),
	M("btrfs", "a btrfs file system (first mirror)", PROBE_BTRFS, 64 * MiB + 0x40, "_BHRfS_M"),
	F("zfs_member", "a ZFS pool member", PROBE_ZFS, 0, zfs),
	M("f2fs", "an F2FS file system", PROBE_F2FS, 1024, "\x10\x20\xf5\xf2"),
	M("f2fs", "an F2FS file system (second superblock)", PROBE_F2FS, 0x1400, "\x10\x20\xf5\xf2"),
	M("erofs", "an EROFS image", PROBE_EROFS, 1024, "\xe2\xe1\xf5\xe0"),
	M("squashfs", "a squashfs image", PROBE_SQUASHFS, 0, "hsqs"),
	M("squashfs", "a squashfs image (big-endian)", PROBE_SQUASHFS, 0, "sqsh"),
	ML("reiserfs", "a ReiserFS file system", PROBE_REISERFS, 64 * KiB + 0x34, "ReIsErFs", 64 * KiB + 0x64, 16),
	ML("reiserfs", "a ReiserFS file system", PROBE_REISERFS, 64 * KiB + 0x34, "ReIsEr2Fs", 64 * KiB + 0x64, 16),
	ML("reiserfs", "a ReiserFS file system", PROBE_REISERFS, 64 * KiB + 0x34, "ReIsEr3Fs", 64 * KiB + 0x64, 16),
	M("reiserfs", "a ReiserFS 3.5 file system", PROBE_REISERFS, 8 * KiB + 0x34, "ReIsErFs"),
	M("reiserfs", "a ReiserFS 3.5 file system", PROBE_REISERFS, 8 * KiB + 20, "ReIsErFs"),
	M("reiser4", "a Reiser4 file system", PROBE_REISERFS, 64 * KiB, "ReIsEr4"),
	M("jfs", "a JFS file system", PROBE_JFS, 32 * KiB, "JFS1"),
	F("nilfs2", "a NILFS2 file system", PROBE_NILFS2, 0, nilfs2),
	F("hfsplus", "an HFS/HFS+ file system", PROBE_HFS, 0, hfs),
	M("apfs", "an APFS container", PROBE_APFS, 32, "NXSB"),
	F("udf", "a UDF file system", PROBE_UDF, 0, udf),
	ML("iso9660", "an ISO 9660 file system", PROBE_ISO9660, 32 * KiB + 1, "CD001", 32 * KiB + 40, 32),
	M("iso9660", "a High Sierra file system", PROBE_ISO9660, 32 * KiB + 9, "CDROM"),

	/* kept at the end of a whole disk */
	E("gpt", "a backup GPT header", PROBE_GPT, SE_WHOLE, 512, 512, "EFI PART"),
	E("gpt", "a backup GPT header (4 KiB sectors)", PROBE_GPT, SE_WHOLE, 4096, 4096, "EFI PART"),
	E("isw_raid_member", "Intel IMSM RAID metadata", PROBE_RAID, SE_WHOLE, 1024, 512, "Intel Raid ISM Cfg Sig. "),
	E("ddf_raid_member", "SNIA DDF RAID metadata", PROBE_RAID, SE_WHOLE, 512, 512, "\xde\x11\xde\x11"),
	E("ddf_raid_member", "SNIA DDF RAID metadata", PROBE_RAID, SE_WHOLE, 257 * 512, 512, "\xde\x11\xde\x11"),
	E("lsi_mega_raid_member", "LSI MegaRAID metadata", PROBE_RAID, SE_WHOLE, 512, 512, "$XIDE$"),
	E("nvidia_raid_member", "NVIDIA RAID metadata", PROBE_RAID, SE_WHOLE, 1024, 512, "NVIDIA  "),
	PDC(63), PDC(255), PDC(256), PDC(16), PDC(399), PDC(591), PDC(675), PDC(735), PDC(911),
	PDC(974), PDC(991), PDC(951), PDC(3087), PDC(3), PDC(15),
	E("silicon_medley_raid_member", "Silicon Image Medley RAID metadata", PROBE_RAID, SE_WHOLE, 512 - 0x60, 512, "\0\0\0\x2f"),
	E("hpt45x_raid_member", "HighPoint 45x RAID metadata", PROBE_RAID, SE_WHOLE, 11 * 512, 512, "\xf3\x16\x78\x5a"),
	E("hpt45x_raid_member", "HighPoint 45x RAID metadata", PROBE_RAID, SE_WHOLE, 11 * 512, 512, "\xfd\x16\x78\x5a"),
	MFL("hpt37x_raid_member", "HighPoint 37x RAID metadata", PROBE_RAID, SE_WHOLE | SE_FIRST, 4608 + 32, "\xf0\x16\x78\x5a"),
	MFL("hpt37x_raid_member", "HighPoint 37x RAID metadata", PROBE_RAID, SE_WHOLE | SE_FIRST, 4608 + 32, "\xfd\x16\x78\x5a"),
	E("adaptec_raid_member", "Adaptec RAID metadata", PROBE_RAID, SE_WHOLE, 512, 512, "\x37\xfc\x4d\x1e"),
	E("jmicron_raid_member", "JMicron RAID metadata", PROBE_RAID, SE_WHOLE, 512, 512, "JM"),
	EC("via_raid_member", "VIA RAID metadata", PROBE_RAID, SE_WHOLE, 512, 512, "\x55\xaa", via),
	E("drbd", "DRBD metadata", PROBE_OTHER, 0, 4096 - 60, 0, "\x83\x74\x02\x6b"),
	E("drbd", "DRBD metadata", PROBE_OTHER, 0, 4096 - 60, 0, "\x83\x74\x02\x6c"),
	E("drbd", "DRBD metadata", PROBE_OTHER, 0, 4096 - 60, 0, "\x83\x74\x02\x6d"),

	/* other partition tables */
	M("bsd", "a BSD disk label", PROBE_LABEL, 512, "\x57\x45\x56\x82"),
	M("bsd", "a BSD disk label", PROBE_LABEL, 64, "\x57\x45\x56\x82"),
	M("bsd", "a BSD disk label", PROBE_LABEL, 128, "\x57\x45\x56\x82"),
	F("sun", "a Sun disk label", PROBE_LABEL, 0, sun),
	M("sgi", "an SGI disk label", PROBE_LABEL, 0, "\x0b\xe5\xa9\x41"),
	F("mac", "a Mac partition map", PROBE_LABEL, 0, mac),
	M("aix", "an AIX disk label", PROBE_LABEL, 0, "\xc9\xc2\xd4\xc1"),
	M("solaris", "a Solaris x86 VTOC", PROBE_LABEL, 512 + 12, "\xee\xde\x0d\x60"),
	M("unixware", "a UnixWare disk label", PROBE_LABEL, 29 * 512 + 4, "\x0d\x60\xe5\xca"),
	M("ultrix", "an Ultrix disk label", PROBE_LABEL, 31 * 512 + 440, "\x57\x29\x03\x00"),
	F("amiga", "an Amiga rigid disk block", PROBE_LABEL, 0, amiga),

	/* other volume formats */
	M("bluestore", "a Ceph BlueStore device", PROBE_OTHER, 0, "bluestore block device"),
	M("vdo", "a VDO volume", PROBE_OTHER, 0, "dmvdo001"),
	M("stratis", "a Stratis pool member", PROBE_OTHER, 512 + 4, "!Stra0tis\x86\xff\x02^\x41rh"),
	M("stratis", "a Stratis pool member", PROBE_OTHER, 9 * 512 + 4, "!Stra0tis\x86\xff\x02^\x41rh"),
	M("drbdmanage_control_volume", "a DRBD manage volume", PROBE_OTHER, 0, "$DRBDmgr=q"),
	M("drbdproxy_datalog", "a DRBD proxy log", PROBE_OTHER, 0, "DRBDdlh*"),
	M("DM_snapshot_cow", "a device-mapper snapshot", PROBE_OTHER, 0, "SnAp"),
	M("DM_verity_hash", "a dm-verity hash device", PROBE_OTHER, 0, "verity\0\0"),
	M("DM_integrity", "a dm-integrity device", PROBE_OTHER, 0, "integrt\0"),
	M("VMFS_volume_member", "a VMware VMFS volume", PROBE_OTHER, 1 * MiB, "\x0d\xd0\x01\xc0"),
	M("VMFS", "a VMware VMFS file system", PROBE_OTHER, 2 * MiB, "\x5e\xf1\xab\x2f"),
	M("ubi", "a UBI image", PROBE_OTHER, 0, "UBI#"),
	M("ubifs", "a UBIFS image", PROBE_OTHER, 0, "\x31\x18\x10\x06"),
	M("mpool", "an mpool device", PROBE_OTHER, 0, "mpoolDev"),
	M("cramfs", "a cramfs image", PROBE_OTHER, 0, "\x45\x3d\xcd\x28"),
	M("cramfs", "a cramfs image", PROBE_OTHER, 0, "\x28\xcd\x3d\x45"),
	M("cramfs", "a cramfs image", PROBE_OTHER, 512, "\x45\x3d\xcd\x28"),
	M("cramfs", "a cramfs image", PROBE_OTHER, 512, "\x28\xcd\x3d\x45"),
	M("romfs", "a romfs image", PROBE_OTHER, 0, "-rom1fs-"),
	M("gfs2", "a GFS/GFS2 file system", PROBE_OTHER, 64 * KiB, "\x01\x16\x19\x70"),
	M("ocfs", "an OCFS file system", PROBE_OTHER, 8 * KiB, "OracleCFS"),
	M("ocfs2", "an OCFS2 file system", PROBE_OTHER, 1 * KiB, "OCFSV2"),
	M("ocfs2", "an OCFS2 file system", PROBE_OTHER, 2 * KiB, "OCFSV2"),
	M("ocfs2", "an OCFS2 file system", PROBE_OTHER, 4 * KiB, "OCFSV2"),
	M("ocfs2", "an OCFS2 file system", PROBE_OTHER, 8 * KiB, "OCFSV2"),
	M("oracleasm", "an Oracle ASM disk", PROBE_OTHER, 32, "ORCLDISK"),
	M("vxfs", "a VxFS file system", PROBE_OTHER, 1 * KiB, "\xf5\xfc\x01\xa5"),
	M("vxfs", "a VxFS file system", PROBE_OTHER, 8 * KiB, "\xa5\x01\xfc\xf5"),
	M("hpfs", "an HPFS file system", PROBE_OTHER, 8 * KiB, "\x49\xe8\x95\xf9"),
	M("befs", "a BeOS file system", PROBE_OTHER, 32, "BFS1"),
	M("befs", "a BeOS file system", PROBE_OTHER, 32, "1SFB"),
	M("befs", "a BeOS file system", PROBE_OTHER, 512 + 32, "BFS1"),
	M("befs", "a BeOS file system", PROBE_OTHER, 512 + 32, "1SFB"),
	M("bfs", "an SCO BFS file system", PROBE_OTHER, 0, "\xce\xfa\xad\x1b"),
	M("nss", "a NetWare NSS volume", PROBE_OTHER, 4 * KiB, "SPB5"),
	M("exfs", "an EXFS file system", PROBE_OTHER, 0, "EXFS"),
	M("scoutfs", "a scoutfs device", PROBE_OTHER, 64 * KiB + 4, "\x8b\x42\x3c\x10"),
	M("zonefs", "a zonefs file system", PROBE_OTHER, 0, "SFOZ"),
	M("xenix", "a Xenix file system", PROBE_OTHER, 2 * KiB, "\x2b\x55\x44"),
	M("xenix", "a Xenix file system", PROBE_OTHER, 2 * KiB, "\x44\x55\x2b"),
	F("sysv", "a System V file system", PROBE_OTHER, 0, sysv),
	F("ufs", "a UFS file system", PROBE_OTHER, 0, ufs),
	MC("LVM1_member", "an LVM1 physical volume", PROBE_LVM2, 0, "HM", lvm1),
	F("minix", "a Minix file system", PROBE_OTHER, 0, minix),
	F("xfs_external_log", "an external XFS log", PROBE_XFS, SE_FIRST, xfs_log),
};

const size_t probe_table_len = sizeof(probe_table) / sizeof(probe_table[0]);
