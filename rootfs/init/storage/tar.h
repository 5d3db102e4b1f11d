/* A strict, bounded tar reader for the driver's userdata: the bytes come
 * from outside, so every field is checked before it is believed.
 *
 * Reads what GNU tar, bsdtar and Go's archive/tar write: POSIX ustar
 * (prefix field), GNU and old GNU (no prefix field: those bytes are atime
 * and ctime; 'L' long names, 'K' long link names, 'D' dump directories,
 * 'S' sparse headers with extension blocks), POSIX pax ('x' records for
 * path and size), star, and V7.  A name is never truncated: one too long
 * to keep is flagged instead. */
#ifndef B2P_TAR_H
#define B2P_TAR_H

#include <stddef.h>
#include <stdint.h>

#define TAR_BLOCK 512
/* Longest member name kept, NUL included (GNU long names and pax paths
 * can be longer; such a member is flagged name_bad). */
#define TAR_NAME_MAX 1024

struct tar_entry {
	char name[TAR_NAME_MAX];        /* NUL-terminated; "" when name_bad */
	int name_bad;                   /* longer than TAR_NAME_MAX - 1, or a NUL inside a pax path */
	char type;                      /* '0' regular ('\0', '7' too), '5' directory (GNU 'D' and a
	                                   regular name ending in '/' too), 'g' pax global, others as read */
	unsigned mode;
	uint64_t size;
	const unsigned char *data;      /* size bytes inside the buffer */
};

struct tar_iter {
	const unsigned char *buf;
	size_t len;
	size_t pos;                     /* next header */
};

void tar_iter_init(struct tar_iter *it, const void *buf, size_t len);
/* 1: a member (the 'x', 'L' and 'K' headers before it are consumed with
 * it); 0: end-of-archive block reached (it->pos is just past the
 * end-of-archive marker); -1: malformed or truncated (it->pos is the offset
 * where the bad member starts, its extended headers included, i.e. the
 * length of the valid prefix). */
int tar_next(struct tar_iter *it, struct tar_entry *e);

/* Parses an octal numeric field; -1 when it is not plain octal. */
int tar_octal(const unsigned char *f, size_t n, uint64_t *out);

/* Length of the well-formed prefix of buf (whole members only) and whether
 * the archive ended properly within it. */
size_t tar_valid_prefix(const void *buf, size_t len, int *complete);

#endif
