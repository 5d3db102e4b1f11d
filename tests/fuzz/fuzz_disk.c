/* libFuzzer target: the signature probe and the blank rule on whole-disk
 * images.  The input describes a sparse disk: its size, then patches of
 * bytes anchored at its start, its end, 1 MiB, one of the lost-partition
 * offsets or anywhere; everything else reads as zero.  Reads outside the
 * disk abort; a hit must lie inside the disk and outside the ignored
 * range; the same disk must give the same answer twice.
 *
 * Input: u64 size selector, u8 flags, u32 ignore lo, u16 ignore length,
 * then patches: u8 anchor, u32 position, u16 length, bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "probe.h"

#define MAXP 16

struct patch { uint64_t off; const uint8_t *p; size_t n; };
struct disk { uint64_t size; struct patch pt[MAXP]; int np; };

static uint64_t get(const uint8_t **d, size_t *n, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes && *n; i++, (*d)++, (*n)--)
		v |= (uint64_t)**d << (8 * i);
	return v;
}

static int rd(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct disk *k = ctx;
	if (off > k->size || len > k->size - off)
		abort();        /* the prober must bound its reads */
	memset(buf, 0, len);
	for (int i = 0; i < k->np; i++) {
		uint64_t lo = k->pt[i].off > off ? k->pt[i].off : off;
		uint64_t hi = k->pt[i].off + k->pt[i].n < off + len ? k->pt[i].off + k->pt[i].n : off + len;
		if (lo < hi)
			memcpy((uint8_t *)buf + (lo - off), k->pt[i].p + (lo - k->pt[i].off), hi - lo);
	}
	return 0;
}

static uint64_t disk_size(uint64_t sel)
{
	/* mostly realistic sizes, sometimes tiny or odd ones */
	switch (sel & 3) {
	case 0: return sel >> 2 & 0xffffff;                            /* < 16 MiB, any byte count */
	case 1: return (64ull << 20) + (sel >> 2 & 0xfffffff);          /* 64..320 MiB */
	case 2: return (sel >> 2 & 0x3fffff) << 20;                     /* up to 4 TiB, MiB multiples */
	default: return (sel >> 2) & ((1ull << 43) - 1);                /* anything up to 8 TiB */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct disk k = { 0 };
	uint64_t bases[PROBE_MAX_BASES];

	b2p_quiet = 1;
	k.size = disk_size(get(&data, &size, 8));
	unsigned flags = (unsigned)get(&data, &size, 1);
	uint64_t ilo = get(&data, &size, 4), ilen = get(&data, &size, 2);
	size_t nb = probe_bases(k.size, bases, PROBE_MAX_BASES);
	for (size_t i = 0; i < nb; i++)
		if (bases[i] >= k.size || (i && bases[i] <= bases[i - 1]))
			abort();
	while (size > 0 && k.np < MAXP) {
		unsigned anchor = (unsigned)get(&data, &size, 1);
		uint64_t pos = get(&data, &size, 4);
		size_t n = (size_t)get(&data, &size, 2);
		if (n > size)
			n = size;
		uint64_t off;
		switch (anchor % 5) {
		case 0: off = pos % 1048576; break;
		case 1: off = k.size > pos % 1048576 + n ? k.size - pos % 1048576 - n : 0; break;
		case 2: off = 1048576 + pos % 1048576; break;
		case 3: off = nb ? bases[pos % nb] + (pos >> 8) % 1048576 : 0; break;
		default: off = k.size ? pos * 512 % k.size : 0; break;
		}
		if (off > k.size)
			off = k.size;
		if (n > k.size - off)
			n = (size_t)(k.size - off);
		k.pt[k.np++] = (struct patch){ off, data, n };
		data += n;
		size -= n;
	}

	struct probe_range ign = { ilo, ilo + ilen };
	struct probe_opts o = { .skip = flags & 8 ? PROBE_SKIP(PROBE_MBR) : 0, .whole_disk = flags & 1,
				.lost_parts = !!(flags & 2), .ignore = &ign, .nignore = flags & 4 ? 1 : 0 };
	struct probe_result r, r2;
	int rc = probe_scan(rd, &k, k.size, &o, &r);
	if (rc < 0 || probe_scan(rd, &k, k.size, &o, &r2) != rc)
		abort();
	if (rc == 1) {
		if (r.sig <= PROBE_NONE || r.sig >= PROBE_NSIGS || !r.type || !r.desc ||
		    strlen(r.label) >= sizeof(r.label) || r.offset >= k.size)
			abort();
		if (o.nignore && r.offset >= ign.lo && r.offset < ign.hi)
			abort();
		if ((flags & 8) && r.sig == PROBE_MBR)
			abort();
		if (r.offset != r2.offset || strcmp(r.type, r2.type) != 0)
			abort();
		for (const char *c = r.label; *c; c++)
			if (*c < 0x20 || *c > 0x7e)
				abort();
	}
	/* The blank rule: zero everywhere it looks when no patch has a
	 * non-zero byte, and a reported byte must really be non-zero. */
	uint64_t where;
	if (!(flags & 16))
		return 0;       /* reading tens of MiB: every other input */
	int blank = probe_blank_regions(rd, &k, k.size, &where);
	if (blank < 0)
		abort();
	int any = 0;
	for (int i = 0; i < k.np && !any; i++)
		for (size_t j = 0; j < k.pt[i].n; j++)
			any |= k.pt[i].p[j] != 0;
	if (!any && !blank)
		abort();
	if (!blank) {
		unsigned char b;
		if (where >= k.size || rd(&k, where, &b, 1) < 0 || b == 0)
			abort();
	}
	return 0;
}
