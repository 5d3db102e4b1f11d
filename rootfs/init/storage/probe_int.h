/* Shared between the probe engine (probe.c) and its signature table
 * (probe_sigs.c); nothing else includes this. */
#ifndef B2P_PROBE_INT_H
#define B2P_PROBE_INT_H

#include "probe.h"

#define PB_BLOCK  4096u
#define PB_SLOTS  16

/* Reads go through a few cached 4 KiB blocks: a whole-disk scan asks for
 * the same sectors many times (one table entry after the other). */
struct prober {
	probe_read_fn rd;
	void *ctx;
	uint64_t size;
	int err;
	const struct probe_opts *o;
	struct {
		uint64_t off;
		size_t len;
		int valid;
		unsigned char b[PB_BLOCK];
	} c[PB_SLOTS];
	unsigned next;
};

/* 1 and the bytes when [off, off+len) is inside the device and readable;
 * 0 otherwise (a short device simply lacks the signature; a read error
 * sets p->err). */
int pb_get(struct prober *p, uint64_t off, void *buf, size_t len);
/* The bytes at off equal magic[0..n). */
int pb_has(struct prober *p, uint64_t off, const void *magic, size_t n);
/* Records a hit at absolute offset off unless it lies in an ignored
 * range; returns whether it counts. */
int pb_hit(struct prober *p, struct probe_result *r, uint64_t off);
/* Copies a label field at off (printable ASCII only) into r->label. */
void pb_label(struct prober *p, struct probe_result *r, uint64_t off, size_t n);

/* Where an entry looks (flags). */
#define SE_END    1u    /* off counts back from the end of the range (rounded down to align) */
#define SE_WHOLE  2u    /* only on a whole disk */
#define SE_FIRST  4u    /* only at the very start of the range, not at lost-partition bases */

struct sigent {
	struct probe_sigdef def;
	unsigned flags;
	uint64_t off;
	uint32_t align;
	const char *magic;
	size_t len;
	/* Extra or whole check; base is where the volume would start. */
	int (*fn)(struct prober *p, uint64_t base, struct probe_result *r);
	uint32_t label_off, label_len;
};

extern const struct sigent probe_table[];
extern const size_t probe_table_len;

#endif
