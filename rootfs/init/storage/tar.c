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
	 * including GNU base-256, is refused: only sizes above 8 GiB need it. */
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

/* The three header layouts that matter for names. */
static int is_posix(const unsigned char *h)
{
	return memcmp(h + 257, "ustar\0", 6) == 0;
}

static int is_gnu(const unsigned char *h)
{
	return memcmp(h + 257, "ustar  \0", 8) == 0;
}

/* What the headers before a member said about it. */
struct pending {
	const unsigned char *path;      /* pax "path" */
	size_t pathlen;
	const unsigned char *longname;  /* GNU 'L' */
	size_t longlen;
	int has_size;                   /* pax "size" */
	uint64_t size;
	int sparse;                     /* pax GNU.sparse.*: data is not the file */
};

static void set_name(struct tar_entry *e, const unsigned char *s, size_t n)
{
	if (n >= TAR_NAME_MAX || memchr(s, 0, n)) {
		e->name[0] = 0;
		e->name_bad = 1;
		return;
	}
	memcpy(e->name, s, n);
	e->name[n] = 0;
}

static size_t field_len(const unsigned char *f, size_t n)
{
	size_t l = 0;
	while (l < n && f[l])
		l++;
	return l;
}

/* Name from the header itself: the prefix field exists only in POSIX
 * ustar (155 bytes; star keeps 131 and puts times after them).  In GNU
 * headers those bytes are atime and ctime. */
static void header_name(const unsigned char *h, struct tar_entry *e)
{
	unsigned char both[156 + 1 + 100];
	size_t nl = field_len(h, 100), pl = 0;

	if (is_posix(h))
		pl = field_len(h + 345, memcmp(h + 508, "tar\0", 4) == 0 ? 131 : 155);
	if (pl) {
		memcpy(both, h + 345, pl);
		both[pl] = '/';
		memcpy(both + pl + 1, h, nl);
		set_name(e, both, pl + 1 + nl);
	} else {
		set_name(e, h, nl);
	}
}

static int is_digits(const unsigned char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0 || n > 19)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 1;
}

static int key_is(const unsigned char *k, size_t kl, const char *want)
{
	return kl == strlen(want) && memcmp(k, want, kl) == 0;
}

/* One pax record "LEN KEY=VALUE\n" at d (n bytes left); returns its
 * length, or 0 when it is malformed. */
static size_t pax_record(const unsigned char *d, size_t n, struct pending *p)
{
	size_t i = 0, len = 0;

	while (i < n && i < 19 && d[i] >= '0' && d[i] <= '9')
		len = len * 10 + (size_t)(d[i++] - '0');
	/* digits, a space, a key of one byte or more, '=', '\n' */
	if (i == 0 || i >= n || d[i] != ' ' || len > n || len < i + 4 || d[len - 1] != '\n')
		return 0;
	const unsigned char *key = d + i + 1, *end = d + len - 1;
	const unsigned char *eq = memchr(key, '=', (size_t)(end - key));
	if (!eq || eq == key)
		return 0;
	size_t kl = (size_t)(eq - key), vl = (size_t)(end - eq - 1);
	if (key_is(key, kl, "path")) {
		p->path = vl ? eq + 1 : NULL;   /* an empty value cancels */
		p->pathlen = vl;
	} else if (key_is(key, kl, "size")) {
		if (!is_digits(eq + 1, vl, &p->size))
			return 0;
		p->has_size = 1;
	} else if (kl > 11 && memcmp(key, "GNU.sparse.", 11) == 0) {
		p->sparse = 1;
	}
	return len;
}

static int pax_parse(const unsigned char *d, size_t n, struct pending *p)
{
	for (size_t off = 0; off < n;) {
		size_t l = pax_record(d + off, n - off, p);
		if (!l)
			return -1;
		off += l;
	}
	return 0;
}

/* Old GNU sparse members carry more map blocks between header and data. */
static int skip_sparse_ext(const struct tar_iter *it, const unsigned char *h, size_t *pos)
{
	int more = h[482] != 0;
	while (more) {
		if (it->len - *pos < TAR_BLOCK)
			return -1;
		more = it->buf[*pos + 504] != 0;
		*pos += TAR_BLOCK;
	}
	return 0;
}

/* Reads one header at *pos: checks it, finds its data, moves *pos past
 * both.  -1 when malformed or out of the buffer. */
static int read_header(const struct tar_iter *it, size_t *pos, const struct pending *p,
		       const unsigned char **hp, uint64_t *size, uint64_t *mode)
{
	const unsigned char *h = it->buf + *pos;
	uint64_t blocks;

	/* extended headers' own modes are unused (and some writers leave them empty) */
	if (!checksum_ok(h) || (p && tar_octal(h + 100, 8, mode) < 0))
		return -1;
	if (p && p->has_size)
		*size = p->size;
	else if (tar_octal(h + 124, 12, size) < 0)
		return -1;
	*pos += TAR_BLOCK;
	if (h[156] == 'S' && is_gnu(h) && skip_sparse_ext(it, h, pos) < 0)
		return -1;
	blocks = *size / TAR_BLOCK + (*size % TAR_BLOCK != 0);
	/* The data must be inside the buffer: no reading past what we have. */
	if (blocks > (it->len - *pos) / TAR_BLOCK)
		return -1;
	*hp = h;
	return 0;
}

static void fill_entry(struct tar_entry *e, const unsigned char *h, const struct pending *p,
		       uint64_t size, uint64_t mode, const unsigned char *data)
{
	memset(e, 0, sizeof(*e));
	if (p->path)
		set_name(e, p->path, p->pathlen);
	else if (p->longname)
		set_name(e, p->longname, p->longlen);
	else
		header_name(h, e);
	e->type = h[156] ? (char)h[156] : '0';
	if (e->type == '7')
		e->type = '0';          /* contiguous file: a regular one */
	if (e->type == 'D' && is_gnu(h))
		e->type = '5';          /* GNU dump directory: data lists its entries */
	size_t n = strlen(e->name);
	if (e->type == '0' && n && e->name[n - 1] == '/')
		e->type = '5';          /* old archives mark directories so */
	if (p->sparse && e->type == '0')
		e->type = 'S';
	e->mode = (unsigned)(mode & 07777);
	e->size = size;
	e->data = data;
}

int tar_next(struct tar_iter *it, struct tar_entry *e)
{
	struct pending p;
	size_t start = it->pos, pos = it->pos;

	memset(&p, 0, sizeof(p));
	for (;;) {
		const unsigned char *h;
		uint64_t size, mode = 0;

		if (it->len - pos < TAR_BLOCK)
			break;
		if (is_zero_block(it->buf + pos)) {
			/* an extended header with no member after it is damage */
			if (pos != start)
				break;
			/* Two zero blocks end the archive; accept a lone one at the
			 * very end of the buffer (GNU tar is lenient the same way). */
			it->pos = pos + TAR_BLOCK;
			if (it->len - it->pos >= TAR_BLOCK && is_zero_block(it->buf + it->pos))
				it->pos += TAR_BLOCK;
			return 0;
		}
		char t = (char)it->buf[pos + 156];
		int meta = t == 'x' || t == 'L' || t == 'K';
		if (read_header(it, &pos, meta ? NULL : &p, &h, &size, &mode) < 0)
			break;
		const unsigned char *data = it->buf + pos;
		pos += (size_t)(size / TAR_BLOCK + (size % TAR_BLOCK != 0)) * TAR_BLOCK;
		if (t == 'x') {
			if (pax_parse(data, (size_t)size, &p) < 0)
				break;
		} else if (t == 'L') {
			p.longname = data;
			p.longlen = field_len(data, (size_t)size);
		} else if (!meta) {
			fill_entry(e, h, &p, size, mode, data);
			it->pos = pos;
			return 1;
		}
	}
	it->pos = start;
	return -1;
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
