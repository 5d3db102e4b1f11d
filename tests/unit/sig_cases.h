/* Hand-made signatures, one per format the prober must know, written from
 * each format's own layout (not from probe_sigs.c): test_probe checks the
 * prober names each one, test_format that a disk holding one is never
 * formatted.  Real-tool images of the same formats are made by
 * tests/cases/34-disk-signatures.sh. */
#ifndef B2P_SIG_CASES_H
#define B2P_SIG_CASES_H

#include <stdint.h>

#include "tu.h"

#define SC_START 0      /* bytes at `off` from the volume's start */
#define SC_END   1      /* bytes `off` before the end of a whole disk */
#define SC_FIRST 2      /* start of the disk only (never looked for at 1 MiB) */

struct sc_piece {
	uint64_t off;
	const char *bytes;
	size_t len;
};

struct sig_case {
	const char *type;       /* what the prober must call it */
	int where;
	struct sc_piece p[3];
};

#define P(o, b) { (o), (b), sizeof(b) - 1 }

static const struct sig_case sig_cases[] = {
	{ "gpt", SC_START, { P(512, "EFI PART") } },
	{ "gpt", SC_END, { P(512, "EFI PART") } },
	{ "crypto_LUKS", SC_START, { P(0, "LUKS\xba\xbe\x00\x02") } },
	{ "crypto_LUKS", SC_START, { P(0x4000, "SKUL\xba\xbe\x00\x02") } },
	{ "BitLocker", SC_START, { P(0, "\xeb\x58\x90-FVE-FS-") } },
	{ "BitLocker", SC_START, { P(0, "\xeb\x58\x90MSWIN4.1"),
				   P(424, "\x3b\xd6\x67\x49\x29\x2e\xd8\x4a\x83\x99\xf6\xa3\x39\xe3\xd0\x01") } },
	{ "ntfs", SC_START, { P(0, "\xeb\x52\x90NTFS    "), P(510, "\x55\xaa") } },
	{ "exfat", SC_START, { P(0, "\xeb\x76\x90" "EXFAT   "), P(510, "\x55\xaa") } },
	{ "refs", SC_START, { P(3, "ReFS") } },
	{ "vfat", SC_START, { P(0x52, "FAT32   "), P(510, "\x55\xaa") } },
	{ "vfat", SC_START, { P(0x36, "FAT16   "), P(510, "\x55\xaa") } },
	/* no type string: jump, BPB (512 B/sector, 4 per cluster, 1
	 * reserved, 2 FATs, media F8) and boot signature */
	{ "vfat", SC_START, { P(0, "\xeb\x3c\x90MKFS.FAT\x00\x02\x04\x01\x00\x02\x00\x02\x00\x00\xf8"),
			      P(510, "\x55\xaa") } },
	{ "dos", SC_START, { P(446 + 4, "\x83"), P(510, "\x55\xaa") } },
	{ "dos", SC_START, { P(446 + 4, "\xee"), P(510, "\x55\xaa") } },
	{ "ext2/3/4", SC_START, { P(1024 + 0x38, "\x53\xef") } },
	{ "swap", SC_START, { P(4096 - 10, "SWAPSPACE2") } },
	{ "swap", SC_START, { P(65536 - 10, "SWAP-SPACE") } },
	{ "swsuspend", SC_START, { P(4096 - 10, "S1SUSPEND") } },
	{ "swsuspend", SC_START, { P(8192 - 10, "LINHIB0001") } },
	{ "swsuspend", SC_START, { P(0, "\xed\xc3\x02\xe9\x98\x56\xe5\x0c") } },
	{ "xfs", SC_START, { P(0, "XFSB") } },
	{ "LVM2_member", SC_START, { P(512, "LABELONE"), P(512 + 24, "LVM2 001") } },
	{ "LVM2_member", SC_START, { P(1536 + 24, "LVM2 001") } },
	{ "LVM1_member", SC_START, { P(0, "HM\x01\x00") } },
	{ "linux_raid_member", SC_START, { P(0, "\xfc\x4e\x2b\xa9") } },          /* 1.1 */
	{ "linux_raid_member", SC_START, { P(4096, "\xfc\x4e\x2b\xa9") } },       /* 1.2 */
	{ "linux_raid_member", SC_END, { P(8192, "\xfc\x4e\x2b\xa9") } },         /* 1.0 */
	{ "linux_raid_member", SC_END, { P(65536, "\xa9\x2b\x4e\xfc") } },        /* 0.90, big-endian host */
	{ "bcache", SC_START, { P(4096 + 24, "\xc6\x85\x73\xf6\x4e\x1a\x45\xca\x82\x65\xf5\x7f\x48\xba\x6d\x81") } },
	{ "bcachefs", SC_START, { P(4096 + 24, "\xc6\x85\x73\xf6\x66\xce\x90\xa9\xd9\x6a\x60\xcf\x80\x3d\xf7\xef") } },
	{ "btrfs", SC_START, { P(65536 + 0x40, "_BHRfS_M") } },
	/* ZFS label: XDR nvlist header at 16 KiB with the pool's keys */
	{ "zfs_member", SC_START, { P(16384, "\x01\x01\x00\x00\x00\x00\x00\x01"), P(16384 + 40, "pool_guid") } },
	/* only the second label (at 256 KiB) left, by its uberblock ring */
	{ "zfs_member", SC_FIRST, { P(262144 + 131072 + 4096, "\x0c\xb1\xba\x00\x00\x00\x00\x00") } },
	{ "f2fs", SC_START, { P(1024, "\x10\x20\xf5\xf2") } },
	{ "f2fs", SC_START, { P(0x1400, "\x10\x20\xf5\xf2") } },
	{ "erofs", SC_START, { P(1024, "\xe2\xe1\xf5\xe0") } },
	{ "squashfs", SC_START, { P(0, "hsqs") } },
	{ "squashfs", SC_START, { P(0, "sqsh") } },
	{ "reiserfs", SC_START, { P(65536 + 52, "ReIsEr2Fs") } },
	{ "reiserfs", SC_START, { P(8192 + 52, "ReIsErFs") } },
	{ "reiser4", SC_START, { P(65536, "ReIsEr4") } },
	{ "jfs", SC_START, { P(32768, "JFS1") } },
	/* s_rev_level 2, s_magic 0x3434, s_bytes 280 */
	{ "nilfs2", SC_START, { P(1024, "\x02\x00\x00\x00\x00\x00\x34\x34\x18\x01") } },
	{ "hfsplus", SC_START, { P(1024, "H+\x00\x04") } },
	{ "hfsplus", SC_START, { P(1024, "BD"), P(1024 + 20, "\x00\x00\x02\x00") } },       /* HFS */
	{ "apfs", SC_START, { P(32, "NXSB") } },
	{ "udf", SC_START, { P(32769, "BEA01"), P(34817, "NSR02"), P(36865, "TEA01") } },
	{ "iso9660", SC_START, { P(32769, "CD001") } },
	{ "isw_raid_member", SC_END, { P(1024, "Intel Raid ISM Cfg Sig. 1.0.00") } },
	{ "ddf_raid_member", SC_END, { P(512, "\xde\x11\xde\x11") } },
	{ "lsi_mega_raid_member", SC_END, { P(512, "$XIDE$") } },
	{ "nvidia_raid_member", SC_END, { P(1024, "NVIDIA  ") } },
	{ "promise_fasttrack_raid_member", SC_END, { P(63 * 512, "Promise Technology, Inc.") } },
	{ "silicon_medley_raid_member", SC_END, { P(512 - 0x60, "\x00\x00\x00\x2f") } },
	{ "hpt45x_raid_member", SC_END, { P(11 * 512, "\xf3\x16\x78\x5a") } },
	{ "hpt37x_raid_member", SC_FIRST, { P(4608 + 32, "\xf0\x16\x78\x5a") } },
	{ "adaptec_raid_member", SC_END, { P(512, "\x37\xfc\x4d\x1e") } },
	{ "jmicron_raid_member", SC_END, { P(512, "JM") } },
	/* signature, version 1, byte sum of the first 50 bytes at 50 (0) */
	{ "via_raid_member", SC_END, { P(512, "\x55\xaa\x01") } },
	{ "drbd", SC_END, { P(4096 - 60, "\x83\x74\x02\x6b") } },
	{ "bsd", SC_START, { P(512, "\x57\x45\x56\x82") } },
	/* magic at 508 and a checksum word making the sector's XOR zero */
	{ "sun", SC_START, { P(508, "\xda\xbe\xda\xbe") } },
	{ "sgi", SC_START, { P(0, "\x0b\xe5\xa9\x41") } },
	{ "mac", SC_START, { P(0, "ER\x02\x00"), P(512, "PM") } },
	{ "aix", SC_START, { P(0, "\xc9\xc2\xd4\xc1") } },
	{ "solaris", SC_START, { P(512 + 12, "\xee\xde\x0d\x60") } },
	{ "unixware", SC_START, { P(29 * 512 + 4, "\x0d\x60\xe5\xca") } },
	{ "ultrix", SC_START, { P(31 * 512 + 440, "\x57\x29\x03\x00") } },
	{ "amiga", SC_START, { P(512, "RDSK") } },
	{ "bluestore", SC_START, { P(0, "bluestore block device") } },
	{ "vdo", SC_START, { P(0, "dmvdo001") } },
	{ "stratis", SC_START, { P(512 + 4, "!Stra0tis\x86\xff\x02^\x41rh") } },
	{ "drbdmanage_control_volume", SC_START, { P(0, "$DRBDmgr=q") } },
	{ "drbdproxy_datalog", SC_START, { P(0, "DRBDdlh*") } },
	{ "DM_snapshot_cow", SC_START, { P(0, "SnAp") } },
	{ "DM_verity_hash", SC_START, { P(0, "verity\0\0\x01") } },
	{ "DM_integrity", SC_START, { P(0, "integrt\0\x01") } },
	{ "VMFS_volume_member", SC_START, { P(1048576, "\x0d\xd0\x01\xc0") } },
	{ "VMFS", SC_START, { P(2097152, "\x5e\xf1\xab\x2f") } },
	{ "ubi", SC_START, { P(0, "UBI#") } },
	{ "ubifs", SC_START, { P(0, "\x31\x18\x10\x06") } },
	{ "mpool", SC_START, { P(0, "mpoolDev") } },
	{ "cramfs", SC_START, { P(0, "\x45\x3d\xcd\x28") } },
	{ "romfs", SC_START, { P(0, "-rom1fs-") } },
	{ "gfs2", SC_START, { P(65536, "\x01\x16\x19\x70") } },
	{ "ocfs", SC_START, { P(8192, "OracleCFS") } },
	{ "ocfs2", SC_START, { P(1024, "OCFSV2") } },
	{ "oracleasm", SC_START, { P(32, "ORCLDISK") } },
	{ "vxfs", SC_START, { P(1024, "\xf5\xfc\x01\xa5") } },
	{ "hpfs", SC_START, { P(8192, "\x49\xe8\x95\xf9") } },
	{ "befs", SC_START, { P(32, "BFS1") } },
	{ "bfs", SC_START, { P(0, "\xce\xfa\xad\x1b") } },
	{ "nss", SC_START, { P(4096, "SPB5") } },
	{ "exfs", SC_START, { P(0, "EXFS") } },
	{ "scoutfs", SC_START, { P(65536 + 4, "\x8b\x42\x3c\x10") } },
	{ "zonefs", SC_START, { P(0, "SFOZ") } },
	{ "xenix", SC_START, { P(2048, "\x2b\x55\x44") } },
	{ "sysv", SC_START, { P(512 + 0x1f8, "\x20\x7e\x18\xfd") } },
	{ "ufs", SC_START, { P(8192 + 1372, "\x54\x19\x01\x00") } },
	/* v1: 32 inodes, 64 zones, one imap and one zmap block, magic 0x137f */
	{ "minix", SC_START, { P(1024, "\x20\x00\x40\x00\x01\x00\x01\x00\x05\x00\x00\x00"), P(1024 + 0x10, "\x7f\x13") } },
	/* a log record header (version 2) in sector 3 */
	{ "xfs_external_log", SC_FIRST, { P(1536, "\xfe\xed\xba\xbe\x00\x00\x00\x02") } },
};

#undef P

/* Writes case c into an image: at base (SC_START/SC_FIRST) or before
 * the end of a disk of `size` bytes (SC_END). */
static inline int sc_write(const char *img, const struct sig_case *c, uint64_t base, uint64_t size)
{
	for (int i = 0; i < 3 && c->p[i].bytes; i++) {
		uint64_t at = c->where == SC_END ? size - c->p[i].off : base + c->p[i].off;
		if (tu_pwrite(img, at, c->p[i].bytes, c->p[i].len) < 0)
			return -1;
	}
	return 0;
}

#define SIG_CASES (sizeof(sig_cases) / sizeof(sig_cases[0]))

/* The formats the issue names, by the names the prober uses. */
static const char *const required_types[] = {
	"crypto_LUKS", "BitLocker", "zfs_member", "bcache", "bcachefs", "btrfs", "xfs", "ext2/3/4", "ntfs",
	"exfat", "vfat", "f2fs", "reiserfs", "jfs", "nilfs2", "hfsplus", "apfs", "udf", "iso9660", "squashfs",
	"erofs", "swap", "swsuspend", "LVM2_member", "linux_raid_member", "isw_raid_member", "ddf_raid_member",
	"gpt", "dos", "bsd", "sun", "mac",
};

#endif
