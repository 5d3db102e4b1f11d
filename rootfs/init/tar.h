/* A strict, bounded ustar reader for the driver's userdata: the bytes come
 * from outside, so every field is checked before it is believed. */
#ifndef B2P_TAR_H
#define B2P_TAR_H

#include <stddef.h>
#include <stdint.h>

#define TAR_BLOCK 512

struct tar_entry {
	char name[260];                 /* prefix "/" name, NUL-terminated */
	char type;                      /* '0' regular, '5' directory, ... */
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
/* 1: an entry; 0: end-of-archive block reached (it->pos is just past the
 * end-of-archive marker); -1: malformed or truncated (it->pos is the
 * offset of the bad header, i.e. the length of the valid prefix). */
int tar_next(struct tar_iter *it, struct tar_entry *e);

/* Parses an octal numeric field; -1 when it is not plain octal. */
int tar_octal(const unsigned char *f, size_t n, uint64_t *out);

/* Length of the well-formed prefix of buf (whole members only) and whether
 * the archive ended properly within it. */
size_t tar_valid_prefix(const void *buf, size_t len, int *complete);

#endif
