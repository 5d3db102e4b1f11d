/* libFuzzer target: storage_classify, the whole decision, on sparse disk
 * images in a memfd.  The input may ask for a staging record written with
 * correct CRCs (through stage_write, so the fuzzer reaches everything
 * behind the CRC check: layouts that overflow, overlap or leave the disk)
 * and for the driver's magic at byte 0, then patches bytes anywhere.
 * Checked: no read error on a readable disk; BLANK only when the first and
 * last 8 MiB really are zero; MAGIC only with the magic at byte 0;
 * RESUME/FINISH/DATA only with partitions that lie inside the disk and
 * fit an MBR; the same disk gets the same answer twice (flag 32).
 *
 * Input: u64 size selector, u8 flags, u64 swap, [record: 2 x (u8 type,
 * u64 start, u64 count), u8 flags, u16 userdata length, userdata],
 * then patches: u8 anchor, u32 position, u16 length, bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "msg.h"
#include "mbr.h"
#include "probe.h"
#include "storage_format.h"

static int memfd = -1;

static uint64_t get(const uint8_t **d, size_t *n, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes && *n; i++, (*d)++, (*n)--)
		v |= (uint64_t)**d << (8 * i);
	return v;
}

static void put(uint64_t off, const void *p, size_t n)
{
	if (n && pwrite(memfd, p, n, (off_t)off) != (ssize_t)n)
		abort();
}

static int zero_at(uint64_t off, uint64_t len)
{
	static unsigned char buf[1 << 16], zero[1 << 16];
	while (len) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		if (pread(memfd, buf, n, (off_t)off) != (ssize_t)n)
			abort();
		if (memcmp(buf, zero, n) != 0)
			return 0;
		off += n;
		len -= n;
	}
	return 1;
}

static int inside(uint64_t start_lba, uint64_t count, uint64_t disk)
{
	unsigned __int128 end = ((unsigned __int128)start_lba + count) * 512;
	return start_lba + count <= 0xFFFFFFFFull && end <= disk;
}

static int classify(const struct sdev *d, uint64_t swap, struct decision *out)
{
	int rc = storage_classify(d, swap, out);
	if (rc != 0)
		abort();        /* a memfd never fails a read */
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	b2p_quiet = 1;
	if (memfd < 0 && (memfd = memfd_create("fuzz-disk", 0)) < 0)
		abort();
	uint64_t sel = get(&data, &size, 8);
	/* 64 MiB .. 1 GiB mostly; sometimes smaller than the minimum or huge */
	uint64_t dsize = (sel & 7) == 0 ? (sel >> 3) % (64ull << 20) :
			 (sel & 7) == 1 ? ((sel >> 3) & 0x3fffff) << 20 : (64ull << 20) + ((sel >> 3) % (960ull << 20));
	unsigned flags = (unsigned)get(&data, &size, 1);
	uint64_t swap = flags & 16 ? get(&data, &size, 8) % (1ull << 40) : 0;

	if (ftruncate(memfd, 0) < 0 || ftruncate(memfd, (off_t)dsize) < 0)
		abort();
	struct sdev d = { .fd = memfd, .base = 0, .size = dsize };
	snprintf(d.path, sizeof(d.path), "fuzz-disk");

	if (flags & 1)
		put(0, flags & 2 ? "boot2docker, please format-me" : "boot2podman, please format-me", 29);
	if ((flags & 4) && dsize >= 1048576) {
		struct stage st;
		memset(&st, 0, sizeof(st));
		for (int i = 0; i < 2; i++) {
			st.layout.part[i].type = (uint8_t)get(&data, &size, 1);
			st.layout.part[i].start = get(&data, &size, 8);
			st.layout.part[i].count = get(&data, &size, 8);
		}
		/* half the time start from a plan the disk really allows */
		if (flags & 8) {
			char why[80];
			struct mbr_layout l;
			if (mbr_plan(dsize, swap, &l, why, sizeof(why)) == 0) {
				for (int i = 0; i < 2; i++) {
					st.layout.part[i].type ^= l.part[i].type;
					st.layout.part[i].start = l.part[i].start + (st.layout.part[i].start & 3);
					st.layout.part[i].count = l.part[i].count - (st.layout.part[i].count & 3);
				}
			}
		}
		st.flags = (unsigned)get(&data, &size, 1);
		size_t ud = (size_t)get(&data, &size, 2);
		if (ud > size)
			ud = size;
		st.ud = (unsigned char *)data;
		st.udlen = ud;
		if (stage_write(&d, &st) != 0)
			abort();
		data += ud;
		size -= ud;
	}
	for (int np = 0; size > 0 && np < 16; np++) {
		unsigned anchor = (unsigned)get(&data, &size, 1);
		uint64_t pos = get(&data, &size, 4);
		size_t n = (size_t)get(&data, &size, 2);
		if (n > size)
			n = size;
		uint64_t off = anchor % 4 == 0 ? pos % 2097152 :
			       anchor % 4 == 1 ? (dsize > pos % 1048576 + n ? dsize - pos % 1048576 - n : 0) :
			       dsize ? pos * 512 % dsize : 0;
		if (off > dsize)
			off = dsize;
		if (n > dsize - off)
			n = (size_t)(dsize - off);
		put(off, data, n);
		data += n;
		size -= n;
	}

	struct decision a, b;
	classify(&d, swap, &a);
	/* the same answer twice (every fourth input: a blank-looking disk
	 * costs tens of MiB of reads) */
	if (flags & 32) {
		classify(&d, swap, &b);
		if (a.v != b.v || strcmp(a.why, b.why) != 0)
			abort();
		decision_free(&b);
	}
	switch (a.v) {
	case V_BLANK: {
		uint64_t e = dsize < (8ull << 20) ? dsize : (8ull << 20);
		if (!zero_at(0, e) || !zero_at(dsize - e, e))
			abort();
		break;
	}
	case V_MAGIC: {
		unsigned char m[29];
		if (pread(memfd, m, sizeof(m), 0) != (ssize_t)sizeof(m) || !probe_magic_bytes(m))
			abort();
		break;
	}
	case V_RESUME:
	case V_FINISH:
		for (int i = 0; i < 2; i++)
			if (a.st.layout.part[i].type &&
			    !inside(a.st.layout.part[i].start, a.st.layout.part[i].count, dsize))
				abort();
		/* fall through */
	case V_DATA:
		if (a.part_offset > dsize || a.part_bytes > dsize - a.part_offset)
			abort();
		break;
	case V_FOREIGN:
		break;
	default:
		abort();
	}
	if (a.v != V_FOREIGN && a.v != V_DATA && dsize < MBR_MIN_DISK && a.v != V_FINISH && a.v != V_RESUME)
		abort();
	decision_free(&a);
	return 0;
}
