#include "probe.h"

#include <string.h>

#define MD_MAGIC 0xa92b4efcu

static const char *const names[PROBE_NSIGS] = {
	[PROBE_NONE] = "nothing",
	[PROBE_GPT] = "a GPT partition table",
	[PROBE_VFAT] = "a FAT file system",
	[PROBE_MBR] = "an MBR partition table",
	[PROBE_EXT] = "an ext2/3/4 file system",
	[PROBE_XFS] = "an XFS file system",
	[PROBE_BTRFS] = "a btrfs file system",
	[PROBE_ISO9660] = "an ISO 9660 file system",
	[PROBE_SWAP] = "a swap signature",
	[PROBE_LVM2] = "an LVM2 physical volume label",
	[PROBE_MDRAID] = "an md RAID superblock",
};

const char *probe_name(enum probe_sig sig)
{
	return (unsigned)sig < PROBE_NSIGS ? names[sig] : "?";
}

struct prober {
	probe_read_fn rd;
	void *ctx;
	uint64_t size;
	int err;
};

/* Reads when the range exists; a short device simply lacks the signature. */
static int get(struct prober *p, uint64_t off, void *buf, size_t len)
{
	if (off > p->size || len > p->size - off)
		return 0;
	if (p->rd(p->ctx, off, buf, len) < 0) {
		p->err = 1;
		return 0;
	}
	return 1;
}

static int has(struct prober *p, uint64_t off, const char *magic)
{
	unsigned char b[16];
	size_t n = strlen(magic);
	return get(p, off, b, n) && memcmp(b, magic, n) == 0;
}

/* Copies a fixed-size label field, stopping at NUL and keeping it printable
 * so a hostile label cannot put escape sequences on the console. */
static void copy_label(char *dst, size_t dstlen, const unsigned char *src, size_t n)
{
	size_t i;
	for (i = 0; i < n && i + 1 < dstlen && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[i] = 0;
}

static int label_at(struct prober *p, uint64_t off, size_t n, struct probe_result *r)
{
	unsigned char b[64];
	if (n > sizeof(b))
		n = sizeof(b);
	if (get(p, off, b, n))
		copy_label(r->label, sizeof(r->label), b, n);
	return 1;
}

static int found(struct probe_result *r, enum probe_sig sig, uint64_t off)
{
	r->sig = sig;
	r->offset = off;
	return 1;
}

static int check_gpt(struct prober *p, struct probe_result *r)
{
	/* LBA 1 for 512-byte sectors, and for 4 KiB-sector disks. */
	if (has(p, 512, "EFI PART"))
		return found(r, PROBE_GPT, 512);
	if (has(p, 4096, "EFI PART"))
		return found(r, PROBE_GPT, 4096);
	return 0;
}

static int boot_signature(struct prober *p)
{
	unsigned char s[2];
	return get(p, 510, s, 2) && s[0] == 0x55 && s[1] == 0xaa;
}

static int check_vfat(struct prober *p, struct probe_result *r)
{
	if (!boot_signature(p))
		return 0;
	if (has(p, 0x52, "FAT32")) {
		found(r, PROBE_VFAT, 0);
		return label_at(p, 0x47, 11, r);
	}
	if (has(p, 0x36, "FAT1")) {
		found(r, PROBE_VFAT, 0);
		return label_at(p, 0x2b, 11, r);
	}
	return 0;
}

static int check_mbr(struct prober *p, struct probe_result *r)
{
	unsigned char t[64];
	if (!boot_signature(p) || !get(p, 446, t, sizeof(t)))
		return 0;
	/* A boot signature with four empty entries is not a partition table
	 * (and writes nothing anyone could lose); any used entry is. */
	for (int i = 0; i < 4; i++)
		if (t[16 * i + 4] != 0)
			return found(r, PROBE_MBR, 446 + 16 * (uint64_t)i);
	return 0;
}

static int check_ext(struct prober *p, struct probe_result *r)
{
	unsigned char m[2];
	if (!get(p, 1024 + 0x38, m, 2) || st_le16(m) != 0xEF53)
		return 0;
	found(r, PROBE_EXT, 1024);
	return label_at(p, 1024 + 0x78, 16, r);
}

static int check_xfs(struct prober *p, struct probe_result *r)
{
	if (!has(p, 0, "XFSB"))
		return 0;
	found(r, PROBE_XFS, 0);
	return label_at(p, 108, 12, r);
}

static int check_btrfs(struct prober *p, struct probe_result *r)
{
	if (!has(p, 65536 + 0x40, "_BHRfS_M"))
		return 0;
	found(r, PROBE_BTRFS, 65536);
	return label_at(p, 65536 + 0x12b, 63, r);
}

static int check_iso(struct prober *p, struct probe_result *r)
{
	if (!has(p, 32769, "CD001"))
		return 0;
	found(r, PROBE_ISO9660, 32768);
	return label_at(p, 32768 + 40, 32, r);
}

static int check_swap(struct prober *p, struct probe_result *r)
{
	/* The signature ends the first page; page size is the writer's. */
	static const uint64_t pages[] = { 4096, 8192, 16384, 32768, 65536 };
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		uint64_t off = pages[i] - 10;
		if (has(p, off, "SWAPSPACE2") || has(p, off, "SWAP-SPACE")) {
			found(r, PROBE_SWAP, off);
			return label_at(p, 1024 + 28, 16, r);
		}
	}
	return 0;
}

static int check_lvm(struct prober *p, struct probe_result *r)
{
	for (uint64_t s = 0; s < 4; s++)
		if (has(p, s * 512, "LABELONE"))
			return found(r, PROBE_LVM2, s * 512);
	return 0;
}

static int md_at(struct prober *p, uint64_t off)
{
	unsigned char m[4];
	if (!get(p, off, m, 4))
		return 0;
	/* 0.90 superblocks are host-endian; accept both byte orders. */
	uint32_t le = st_le32(m);
	uint32_t be = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
	return le == MD_MAGIC || be == MD_MAGIC;
}

static int check_md(struct prober *p, struct probe_result *r)
{
	/* 1.1 at 0, 1.2 at 4 KiB. */
	if (md_at(p, 0))
		return found(r, PROBE_MDRAID, 0);
	if (md_at(p, 4096))
		return found(r, PROBE_MDRAID, 4096);
	if (p->size >= 128 * 1024) {
		/* 0.90: last 64 KiB-aligned 64 KiB block. */
		uint64_t off = (p->size & ~(uint64_t)65535) - 65536;
		if (md_at(p, off))
			return found(r, PROBE_MDRAID, off);
		/* 1.0: 8 KiB from the end, rounded down to 4 KiB. */
		off = ((p->size - 8192) & ~(uint64_t)4095);
		if (md_at(p, off))
			return found(r, PROBE_MDRAID, off);
	}
	return 0;
}

typedef int (*check_fn)(struct prober *, struct probe_result *);

int probe_any(probe_read_fn rd, void *ctx, uint64_t size, unsigned skip, struct probe_result *r)
{
	/* GPT before MBR (protective MBR) and FAT before MBR (a FAT boot
	 * sector carries 0x55AA and junk where partition entries would be). */
	static const struct { enum probe_sig sig; check_fn fn; } checks[] = {
		{ PROBE_GPT, check_gpt }, { PROBE_VFAT, check_vfat }, { PROBE_MBR, check_mbr },
		{ PROBE_EXT, check_ext }, { PROBE_XFS, check_xfs }, { PROBE_BTRFS, check_btrfs },
		{ PROBE_ISO9660, check_iso }, { PROBE_SWAP, check_swap }, { PROBE_LVM2, check_lvm },
		{ PROBE_MDRAID, check_md },
	};
	struct prober p = { rd, ctx, size, 0 };

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if (skip & PROBE_SKIP(checks[i].sig))
			continue;
		if (checks[i].fn(&p, r))
			return 1;
		if (p.err)
			return -1;
	}
	return p.err ? -1 : 0;
}

static int sdev_reader(void *ctx, uint64_t off, void *buf, size_t len)
{
	return sdev_read(ctx, off, buf, len);
}

int probe_sdev(const struct sdev *d, unsigned skip, struct probe_result *r)
{
	return probe_any(sdev_reader, (void *)d, d->size, skip, r);
}

int probe_magic_bytes(const unsigned char *b)
{
	if (memcmp(b, "boot2podman, please format-me", PROBE_MAGIC_LEN) == 0)
		return 1;
	if (memcmp(b, "boot2docker, please format-me", PROBE_MAGIC_LEN) == 0)
		return 2;
	return 0;
}

int probe_magic(const struct sdev *d)
{
	unsigned char b[PROBE_MAGIC_LEN];
	if (!sdev_has(d, 0, sizeof(b)) || sdev_read(d, 0, b, sizeof(b)) < 0)
		return 0;
	return probe_magic_bytes(b);
}

int probe_zero(const struct sdev *d, uint64_t off, uint64_t len)
{
	unsigned char buf[4096];
	while (len > 0) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		if (sdev_read(d, off, buf, n) < 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (buf[i])
				return 0;
		off += n;
		len -= n;
	}
	return 1;
}

int probe_ext(const struct sdev *d, char label[17])
{
	struct prober p = { sdev_reader, (void *)d, d->size, 0 };
	struct probe_result r;
	memset(&r, 0, sizeof(r));
	label[0] = 0;
	if (!check_ext(&p, &r))
		return p.err ? -1 : 0;
	memcpy(label, r.label, 17);
	label[16] = 0;
	return 1;
}
