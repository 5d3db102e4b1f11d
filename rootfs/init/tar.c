#include "tar.h"

#include <stdio.h>
#include <string.h>

void tar_iter_init(struct tar_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
}

int tar_octal(const unsigned char *f, size_t n, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;
	int digits = 0;

	while (i < n && f[i] == ' ')
		i++;
	for (; i < n && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
		if (v > (UINT64_MAX >> 3))
			return -1;
		v = v << 3 | (uint64_t)(f[i] - '0');
	}
	/* Terminated by NUL or space (or the end of the field); anything else,
	 * including GNU base-256, is refused: we never need it. */
	for (; i < n; i++)
		if (f[i] != ' ' && f[i] != 0)
			return -1;
	if (!digits)
		return -1;
	*out = v;
	return 0;
}

static int is_zero_block(const unsigned char *b)
{
	for (size_t i = 0; i < TAR_BLOCK; i++)
		if (b[i])
			return 0;
	return 1;
}

static int checksum_ok(const unsigned char *h)
{
	uint64_t want;
	unsigned long u = 0;
	long s = 0;

	if (tar_octal(h + 148, 8, &want) < 0)
		return 0;
	for (size_t i = 0; i < TAR_BLOCK; i++) {
		unsigned char c = (i >= 148 && i < 156) ? ' ' : h[i];
		u += c;
		s += (signed char)c;
	}
	/* Old writers summed signed chars; accept either. */
	return want == u || (s >= 0 && want == (uint64_t)s);
}

/* Copies a NUL-padded field that may fill its whole width. */
static size_t field(char *dst, const unsigned char *src, size_t n)
{
	size_t l = 0;
	while (l < n && src[l])
		l++;
	memcpy(dst, src, l);
	dst[l] = 0;
	return l;
}

static void entry_name(const unsigned char *h, char name[260])
{
	char pre[156], base[101];
	size_t pl = 0;

	field(base, h, 100);
	if (memcmp(h + 257, "ustar", 5) == 0)
		pl = field(pre, h + 345, 155);
	if (pl)
		/* 155 + 1 + 100 + NUL fits 260: never truncated */
		snprintf(name, 260, "%s/%s", pre, base);
	else
		snprintf(name, 260, "%s", base);
}

int tar_next(struct tar_iter *it, struct tar_entry *e)
{
	const unsigned char *h;
	uint64_t size, mode, blocks;

	if (it->len - it->pos < TAR_BLOCK)
		return -1;
	h = it->buf + it->pos;
	if (is_zero_block(h)) {
		/* Two zero blocks end the archive; accept a lone one at the very
		 * end of the buffer (GNU tar is lenient the same way). */
		it->pos += TAR_BLOCK;
		if (it->len - it->pos >= TAR_BLOCK && is_zero_block(it->buf + it->pos))
			it->pos += TAR_BLOCK;
		return 0;
	}
	if (!checksum_ok(h) || tar_octal(h + 124, 12, &size) < 0 || tar_octal(h + 100, 8, &mode) < 0)
		return -1;
	blocks = size / TAR_BLOCK + (size % TAR_BLOCK != 0);
	/* The data must be inside the buffer: no reading past what we have. */
	if (blocks > (it->len - it->pos - TAR_BLOCK) / TAR_BLOCK)
		return -1;
	memset(e, 0, sizeof(*e));
	entry_name(h, e->name);
	e->type = h[156] ? (char)h[156] : '0';
	e->mode = (unsigned)(mode & 07777);
	e->size = size;
	e->data = h + TAR_BLOCK;
	it->pos += TAR_BLOCK + (size_t)blocks * TAR_BLOCK;
	return 1;
}

size_t tar_valid_prefix(const void *buf, size_t len, int *complete)
{
	struct tar_iter it;
	struct tar_entry e;
	int rc;

	tar_iter_init(&it, buf, len);
	while ((rc = tar_next(&it, &e)) == 1)
		;
	*complete = rc == 0;
	return it.pos;
}
