#include "mbr.h"
#include "msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mbr_plan(uint64_t disk_bytes, uint64_t swap_bytes, struct mbr_layout *l, char *why, size_t whylen)
{
	uint64_t sectors = disk_bytes / MBR_SECTOR;
	uint64_t end;

	memset(l, 0, sizeof(*l));
	if (disk_bytes < MBR_MIN_DISK) {
		snprintf(why, whylen, "smaller than the %llu MiB minimum",
			 (unsigned long long)(MBR_MIN_DISK >> 20));
		return -1;
	}
	/* MBR entries hold 32-bit sector numbers: past 2 TiB we use 2 TiB. */
	if (sectors > 0xFFFFFFFFull)
		sectors = 0xFFFFFFFFull;
	end = sectors & ~(MBR_ALIGN_LBA - 1);
	if (swap_bytes) {
		uint64_t sw = (swap_bytes / MBR_SECTOR + MBR_ALIGN_LBA - 1) & ~(MBR_ALIGN_LBA - 1);
		if (end > sw && (end - sw - MBR_ALIGN_LBA) * MBR_SECTOR >= MBR_MIN_DATA) {
			end -= sw;
			l->part[1] = (struct mbr_part){ MBR_TYPE_SWAP, end, sw };
		}
		/* else: no swap, the caller says so */
	}
	l->part[0] = (struct mbr_part){ MBR_TYPE_LINUX, MBR_ALIGN_LBA, end - MBR_ALIGN_LBA };
	return 0;
}

static void put_entry(unsigned char *e, const struct mbr_part *p)
{
	memset(e, 0, 16);
	if (!p->type)
		return;
	/* CHS fields "beyond 1024 cylinders": everything reads LBA. */
	e[1] = 0xFE; e[2] = 0xFF; e[3] = 0xFF;
	e[4] = p->type;
	e[5] = 0xFE; e[6] = 0xFF; e[7] = 0xFF;
	st_put_le32(e + 8, (uint32_t)p->start);
	st_put_le32(e + 12, (uint32_t)p->count);
}

/* An entry holds 32-bit sector numbers; a plan that does not fit them
 * must not be cut to something else. */
static int entry_fits(const struct mbr_part *p)
{
	return !p->type || (p->start <= 0xFFFFFFFFull && p->count <= 0xFFFFFFFFull - p->start);
}

int mbr_write(const struct sdev *disk, const struct mbr_layout *l)
{
	unsigned char s[MBR_SECTOR];

	for (int i = 0; i < 2; i++)
		if (!entry_fits(&l->part[i])) {
			b2p_log("%s: partition %d (start %llu, %llu sectors) does not fit an MBR entry; not writing",
			       disk->path, i + 1, (unsigned long long)l->part[i].start,
			       (unsigned long long)l->part[i].count);
			return -1;
		}
	if (sdev_read(disk, 0, s, sizeof(s)) < 0)
		return -1;
	put_entry(s + 446, &l->part[0]);
	put_entry(s + 462, &l->part[1]);
	memset(s + 478, 0, 32);
	s[510] = 0x55;
	s[511] = 0xAA;
	/* One sector, one write: it is either the old or the new sector. */
	if (sdev_write(disk, 0, s, sizeof(s)) < 0)
		return -1;
	return sdev_sync(disk);
}

int mbr_read(const struct sdev *disk, struct mbr_layout *l, int *used)
{
	unsigned char s[MBR_SECTOR];

	memset(l, 0, sizeof(*l));
	*used = 0;
	if (!sdev_has(disk, 0, sizeof(s)))
		return 0;
	if (sdev_read(disk, 0, s, sizeof(s)) < 0)
		return -1;
	if (s[510] != 0x55 || s[511] != 0xAA)
		return 0;
	for (int i = 0; i < 4; i++) {
		const unsigned char *e = s + 446 + 16 * i;
		if (!e[4])
			continue;
		(*used)++;
		if (i < 2)
			l->part[i] = (struct mbr_part){ e[4], st_le32(e + 8), st_le32(e + 12) };
	}
	return *used ? 1 : 0;
}

int mbr_same(const struct mbr_layout *a, const struct mbr_layout *b)
{
	for (int i = 0; i < 2; i++)
		if (a->part[i].type != b->part[i].type || a->part[i].start != b->part[i].start ||
		    a->part[i].count != b->part[i].count)
			return 0;
	return 1;
}

/* Header layout (little-endian):
 *   0 magic[16]  16 version  20 flags  24 udlen(64)  32 udcrc
 *  40 part0 type/start/count  64 part1 type/start/count  508 header crc */
static void put_part(unsigned char *h, const struct mbr_part *p)
{
	st_put_le32(h, p->type);
	st_put_le64(h + 4, p->start);
	st_put_le64(h + 12, p->count);
}

static void get_part(const unsigned char *h, struct mbr_part *p)
{
	p->type = (uint8_t)st_le32(h);
	p->start = st_le64(h + 4);
	p->count = st_le64(h + 12);
}

static uint32_t crc(const void *p, size_t n)
{
	return ~st_crc32c(~0u, p, n);
}

int stage_write(const struct sdev *disk, const struct stage *s)
{
	size_t n = MBR_SECTOR + s->udlen;
	unsigned char *buf;
	int rc;

	if (s->udlen > STAGE_MAX_DATA) {
		b2p_log("%s: userdata of %zu bytes does not fit the staging area", disk->path, s->udlen);
		return -1;
	}
	buf = calloc(1, n);
	if (!buf) {
		b2p_log("out of memory for the staging record");
		return -1;
	}
	memcpy(buf, STAGE_MAGIC, 16);
	st_put_le32(buf + 16, 1);
	st_put_le32(buf + 20, s->flags);
	st_put_le64(buf + 24, s->udlen);
	st_put_le32(buf + 32, s->udlen ? crc(s->ud, s->udlen) : 0);
	put_part(buf + 40, &s->layout.part[0]);
	put_part(buf + 64, &s->layout.part[1]);
	st_put_le32(buf + 508, crc(buf, 508));
	if (s->udlen)
		memcpy(buf + MBR_SECTOR, s->ud, s->udlen);
	rc = sdev_write(disk, STAGE_OFFSET, buf, n);
	free(buf);
	return rc < 0 ? -1 : sdev_sync(disk);
}

int stage_read(const struct sdev *disk, struct stage *s)
{
	unsigned char h[MBR_SECTOR];
	uint64_t udlen;

	memset(s, 0, sizeof(*s));
	if (!sdev_has(disk, STAGE_OFFSET, 1024 * 1024 - STAGE_OFFSET))
		return 0;
	if (sdev_read(disk, STAGE_OFFSET, h, sizeof(h)) < 0)
		return -1;
	if (memcmp(h, STAGE_MAGIC, 16) != 0 || st_le32(h + 16) != 1 || st_le32(h + 508) != crc(h, 508))
		return 0;
	udlen = st_le64(h + 24);
	if (udlen > STAGE_MAX_DATA)
		return 0;
	s->flags = st_le32(h + 20);
	get_part(h + 40, &s->layout.part[0]);
	get_part(h + 64, &s->layout.part[1]);
	if (udlen) {
		s->ud = malloc((size_t)udlen);
		if (!s->ud) {
			b2p_log("out of memory for the staged userdata");
			return -1;
		}
		if (sdev_read(disk, STAGE_OFFSET + MBR_SECTOR, s->ud, (size_t)udlen) < 0) {
			stage_free(s);
			return -1;
		}
		if (crc(s->ud, (size_t)udlen) != st_le32(h + 32)) {
			stage_free(s);
			return 0;
		}
		s->udlen = (size_t)udlen;
	}
	return 1;
}

int stage_clear(const struct sdev *disk)
{
	unsigned char z[MBR_SECTOR] = { 0 };
	if (sdev_write(disk, STAGE_OFFSET, z, sizeof(z)) < 0)
		return -1;
	return sdev_sync(disk);
}

void stage_free(struct stage *s)
{
	free(s->ud);
	s->ud = NULL;
	s->udlen = 0;
}
