#include "probe.h"
#include "msg.h"

#include <stdlib.h>
#include <string.h>

#include "probe_int.h"

#define MiB (1024ull * 1024)

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
	[PROBE_LVM2] = "an LVM physical volume label",
	[PROBE_MDRAID] = "an md RAID superblock",
	[PROBE_LUKS] = "a LUKS encrypted volume",
	[PROBE_BITLOCKER] = "a BitLocker encrypted volume",
	[PROBE_ZFS] = "a ZFS pool member",
	[PROBE_BCACHE] = "a bcache device",
	[PROBE_BCACHEFS] = "a bcachefs file system",
	[PROBE_NTFS] = "an NTFS file system",
	[PROBE_EXFAT] = "an exFAT file system",
	[PROBE_F2FS] = "an F2FS file system",
	[PROBE_REISERFS] = "a ReiserFS file system",
	[PROBE_JFS] = "a JFS file system",
	[PROBE_NILFS2] = "a NILFS2 file system",
	[PROBE_HFS] = "an HFS/HFS+ file system",
	[PROBE_APFS] = "an APFS container",
	[PROBE_UDF] = "a UDF file system",
	[PROBE_SQUASHFS] = "a squashfs image",
	[PROBE_EROFS] = "an EROFS image",
	[PROBE_SWSUSPEND] = "a hibernation image",
	[PROBE_RAID] = "firmware RAID metadata",
	[PROBE_LABEL] = "a disk label",
	[PROBE_OTHER] = "a volume signature",
};

const char *probe_name(enum probe_sig sig)
{
	return (unsigned)sig < PROBE_NSIGS ? names[sig] : "?";
}

size_t probe_sig_count(void)
{
	return probe_table_len;
}

const struct probe_sigdef *probe_sig_at(size_t i)
{
	return i < probe_table_len ? &probe_table[i].def : NULL;
}

/* ---- reading ---- */

static int fill(struct prober *p, uint64_t blk, unsigned *slot)
{
	for (unsigned i = 0; i < PB_SLOTS; i++)
		if (p->c[i].valid && p->c[i].off == blk) {
			*slot = i;
			return 1;
		}
	unsigned i = p->next++ % PB_SLOTS;
	size_t len = p->size - blk < PB_BLOCK ? (size_t)(p->size - blk) : PB_BLOCK;
	p->c[i].valid = 0;
	if (p->rd(p->ctx, blk, p->c[i].b, len) < 0) {
		p->err = 1;
		return 0;
	}
	p->c[i].off = blk;
	p->c[i].len = len;
	p->c[i].valid = 1;
	*slot = i;
	return 1;
}

int pb_get(struct prober *p, uint64_t off, void *buf, size_t len)
{
	unsigned char *out = buf;

	if (p->err || off > p->size || len > p->size - off)
		return 0;
	while (len > 0) {
		uint64_t blk = off - off % PB_BLOCK;
		unsigned s;
		if (!fill(p, blk, &s))
			return 0;
		size_t in = (size_t)(off - blk);
		size_t n = p->c[s].len - in < len ? p->c[s].len - in : len;
		memcpy(out, p->c[s].b + in, n);
		out += n;
		off += n;
		len -= n;
	}
	return 1;
}

int pb_has(struct prober *p, uint64_t off, const void *magic, size_t n)
{
	unsigned char b[64];
	if (n > sizeof(b))
		return 0;
	return pb_get(p, off, b, n) && memcmp(b, magic, n) == 0;
}

int pb_hit(struct prober *p, struct probe_result *r, uint64_t off)
{
	for (size_t i = 0; p->o && i < p->o->nignore; i++)
		if (off >= p->o->ignore[i].lo && off < p->o->ignore[i].hi)
			return 0;
	r->offset = off;
	return 1;
}

/* Fixed-size label fields stop at NUL and stay printable, so a hostile
 * label cannot put escape sequences on the console. */
void pb_label(struct prober *p, struct probe_result *r, uint64_t off, size_t n)
{
	unsigned char b[64];
	size_t i;
	if (n > sizeof(b))
		n = sizeof(b);
	if (!pb_get(p, off, b, n))
		return;
	for (i = 0; i < n && i + 1 < sizeof(r->label) && b[i]; i++)
		r->label[i] = (b[i] >= 0x20 && b[i] < 0x7f) ? (char)b[i] : '?';
	r->label[i] = 0;
	/* padded with spaces in FAT, ISO 9660 and friends */
	while (i > 0 && r->label[i - 1] == ' ')
		r->label[--i] = 0;
}

/* ---- the scan ---- */

static int simple(struct prober *p, const struct sigent *e, uint64_t base, struct probe_result *r)
{
	uint64_t at;
	if (e->flags & SE_END) {
		uint64_t end = e->align ? p->size - p->size % e->align : p->size;
		if (end < e->off || end - e->off < base)
			return 0;
		at = end - e->off;
	} else {
		if (e->off > p->size - base)
			return 0;
		at = base + e->off;
	}
	if (!pb_has(p, at, e->magic, e->len) || !pb_hit(p, r, at))
		return 0;
	if (e->label_len)
		pb_label(p, r, base + e->label_off, e->label_len);
	return 1;
}

static int scan_at(struct prober *p, uint64_t base, struct probe_result *r)
{
	const struct probe_opts *o = p->o;

	for (size_t i = 0; i < probe_table_len; i++) {
		const struct sigent *e = &probe_table[i];
		if (o->skip & PROBE_SKIP(e->def.sig))
			continue;
		if ((e->flags & SE_WHOLE) && !o->whole_disk)
			continue;
		if (base && (e->flags & (SE_END | SE_FIRST)))
			continue;
		memset(r, 0, sizeof(*r));
		int hit = 0;
		if (e->magic)
			hit = simple(p, e, base, r);
		if (e->fn && (hit || !e->magic))
			hit = e->fn(p, base, r);
		if (p->err)
			return -1;
		if (hit) {
			r->sig = e->def.sig;
			r->type = e->def.type;
			r->desc = e->def.desc;
			return 1;
		}
	}
	return 0;
}

int probe_scan(probe_read_fn rd, void *ctx, uint64_t size, const struct probe_opts *o, struct probe_result *r)
{
	struct probe_opts none = { 0 };
	struct prober *p = calloc(1, sizeof(*p));
	uint64_t bases[PROBE_MAX_BASES];
	size_t n = 0;
	int rc;

	if (!p) {
		b2p_log("out of memory for the signature probe");
		return -1;
	}
	p->rd = rd;
	p->ctx = ctx;
	p->size = size;
	p->o = o ? o : &none;
	rc = scan_at(p, 0, r);
	if (rc == 0 && p->o->lost_parts)
		n = probe_bases(size, bases, PROBE_MAX_BASES);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = scan_at(p, bases[i], r);
	free(p);
	if (rc == 0)
		memset(r, 0, sizeof(*r));
	return rc;
}

int probe_any(probe_read_fn rd, void *ctx, uint64_t size, unsigned skip, struct probe_result *r)
{
	struct probe_opts o = { .skip = skip };
	return probe_scan(rd, ctx, size, &o, r);
}

static int sdev_reader(void *ctx, uint64_t off, void *buf, size_t len)
{
	return sdev_read(ctx, off, buf, len);
}

int probe_sdev(const struct sdev *d, unsigned skip, struct probe_result *r)
{
	return probe_any(sdev_reader, (void *)d, d->size, skip, r);
}

int probe_sdev_opts(const struct sdev *d, const struct probe_opts *o, struct probe_result *r)
{
	return probe_scan(sdev_reader, (void *)d, d->size, o, r);
}

/* ---- where lost partitions began ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

size_t probe_bases(uint64_t size, uint64_t *out, size_t max)
{
	/* The old DOS start (sector 63), the usual 1 MiB, and where a second
	 * partition starts behind the EFI/boot partitions installers make
	 * (100, 260, 300, 512, 550 MiB, 1 GiB; Windows adds 16 MiB MSR). */
	static const uint64_t fixed[] = {
		63 * 512, 1 * MiB, 101 * MiB, 117 * MiB, 129 * MiB, 201 * MiB, 257 * MiB, 261 * MiB,
		301 * MiB, 501 * MiB, 513 * MiB, 529 * MiB, 551 * MiB, 1025 * MiB,
	};
	uint64_t cand[PROBE_MAX_BASES * 2];
	size_t n = 0, k = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		cand[n++] = fixed[i];
	for (uint64_t b = 2 * MiB; b < size && n < 40; b *= 2)
		cand[n++] = b;
	for (uint64_t i = 1; i < 16; i++)
		cand[n++] = (size / 16 * i) & ~(MiB - 1);
	qsort(cand, n, sizeof(cand[0]), cmp_u64);
	for (size_t i = 0; i < n && k < max; i++) {
		if (cand[i] == 0 || cand[i] >= size || (k && out[k - 1] == cand[i]))
			continue;
		out[k++] = cand[i];
	}
	return k;
}

/* ---- the blank rule ---- */

static int region_zero(probe_read_fn rd, void *ctx, uint64_t off, uint64_t len, unsigned char *buf,
		       size_t bufsz, uint64_t *where)
{
	while (len > 0) {
		size_t n = len < bufsz ? (size_t)len : bufsz;
		if (rd(ctx, off, buf, n) < 0)
			return -1;
		/* word-wise: under TCG a byte loop over tens of MiB shows */
		size_t i = 0;
		for (; i + 8 <= n; i += 8) {
			uint64_t w;
			memcpy(&w, buf + i, 8);
			if (w)
				break;
		}
		for (; i < n; i++)
			if (buf[i]) {
				*where = off + i;
				return 0;
			}
		off += n;
		len -= n;
	}
	return 1;
}

int probe_blank_regions(probe_read_fn rd, void *ctx, uint64_t size, uint64_t *where)
{
	enum { BUF = 256 * 1024 };
	uint64_t bases[PROBE_MAX_BASES];
	size_t n = probe_bases(size, bases, PROBE_MAX_BASES);
	unsigned char *buf = malloc(BUF);
	uint64_t edge = size < PROBE_EDGE ? size : PROBE_EDGE;
	int rc;

	if (!buf) {
		b2p_log("out of memory for the blank check");
		return -1;
	}
	*where = 0;
	rc = region_zero(rd, ctx, 0, edge, buf, BUF, where);
	if (rc == 1)
		rc = region_zero(rd, ctx, size - edge, edge, buf, BUF, where);
	for (size_t i = 0; rc == 1 && i < n; i++) {
		uint64_t len = size - bases[i] < PROBE_SAMPLE ? size - bases[i] : PROBE_SAMPLE;
		rc = region_zero(rd, ctx, bases[i], len, buf, BUF, where);
	}
	free(buf);
	return rc;
}

int probe_sdev_blank(const struct sdev *d, uint64_t *where)
{
	return probe_blank_regions(sdev_reader, (void *)d, d->size, where);
}

/* ---- small helpers for the boot flow ---- */

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
	uint64_t where;
	if (!sdev_has(d, off, len))
		return -1;
	return region_zero(sdev_reader, (void *)d, off, len, buf, sizeof(buf), &where);
}

int probe_ext(const struct sdev *d, char label[17])
{
	/* read directly: whatever else the table may find first, rule 1
	 * only asks whether an ext superblock with a label is there */
	unsigned char sb[0x88];
	label[0] = 0;
	if (!sdev_has(d, 1024, sizeof(sb)))
		return 0;
	if (sdev_read(d, 1024, sb, sizeof(sb)) < 0)
		return -1;
	if (st_le16(sb + 0x38) != 0xEF53)
		return 0;
	size_t i;
	for (i = 0; i < 16 && sb[0x78 + i]; i++)
		label[i] = (sb[0x78 + i] >= 0x20 && sb[0x78 + i] < 0x7f) ? (char)sb[0x78 + i] : '?';
	label[i] = 0;
	return 1;
}
