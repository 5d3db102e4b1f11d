#include "storage_util.h"
#include "msg.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

int st_fmt(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vsnprintf(dst, n, fmt, ap);
	va_end(ap);
	if (rc < 0 || (size_t)rc >= n) {
		b2p_log("name too long: %.60s...", dst);
		return -1;
	}
	return 0;
}

static int file_size(int fd, const char *path, uint64_t *size)
{
	struct stat st;
	if (fstat(fd, &st) < 0) {
		b2p_err("stat %s", path);
		return -1;
	}
	if (S_ISBLK(st.st_mode)) {
		uint64_t b = 0;
		if (ioctl(fd, BLKGETSIZE64, &b) < 0) {
			b2p_err("size of %s (BLKGETSIZE64)", path);
			return -1;
		}
		*size = b;
		return 0;
	}
	*size = (uint64_t)st.st_size;
	return 0;
}

int sdev_open(struct sdev *d, const char *path, uint64_t base, uint64_t size, int writable)
{
	uint64_t total;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	snprintf(d->path, sizeof(d->path), "%s", path);
	d->fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (d->fd < 0) {
		b2p_err("open %s", path);
		return -1;
	}
	if (file_size(d->fd, path, &total) < 0)
		goto fail;
	if (base > total) {
		b2p_log("%s: offset %llu beyond its %llu bytes", path,
		       (unsigned long long)base, (unsigned long long)total);
		goto fail;
	}
	d->base = base;
	d->size = size ? size : total - base;
	if (d->size > total - base)
		d->size = total - base;
	return 0;
fail:
	close(d->fd);
	d->fd = -1;
	return -1;
}

void sdev_sub(struct sdev *sub, const struct sdev *d, uint64_t off, uint64_t size)
{
	*sub = *d;
	if (off > d->size)
		off = d->size;
	if (size > d->size - off)
		size = d->size - off;
	sub->base = d->base + off;
	sub->size = size;
}

void sdev_close(struct sdev *d)
{
	if (d->fd >= 0 && close(d->fd) < 0)
		b2p_err("close %s", d->path);
	d->fd = -1;
}

int sdev_has(const struct sdev *d, uint64_t off, uint64_t len)
{
	return off <= d->size && len <= d->size - off;
}

/* The whole range or -1 with a message: one loop for both directions. */
static int sdev_io(const struct sdev *d, uint64_t off, void *buf, size_t len, int writing)
{
	const char *what = writing ? "write" : "read";
	unsigned char *p = buf;

	if (!sdev_has(d, off, len)) {
		b2p_log("%s: %s of %zu bytes at %llu is past its end", d->path, what, len,
			(unsigned long long)off);
		return -1;
	}
	while (len > 0) {
		off_t at = (off_t)(d->base + off);
		ssize_t n = writing ? pwrite(d->fd, p, len, at) : pread(d->fd, p, len, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			b2p_log("%s %s at %llu: %s", what, d->path, (unsigned long long)at,
				n < 0 ? strerror(errno) : writing ? "no progress" : "unexpected end of file");
			return -1;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int sdev_read(const struct sdev *d, uint64_t off, void *buf, size_t len)
{
	return sdev_io(d, off, buf, len, 0);
}

int sdev_write(const struct sdev *d, uint64_t off, const void *buf, size_t len)
{
	/* sdev_io only reads from buf when writing */
	return sdev_io(d, off, (void *)buf, len, 1);
}

int sdev_sync(const struct sdev *d)
{
	if (fsync(d->fd) < 0) {
		b2p_err("fsync %s", d->path);
		return -1;
	}
	return 0;
}

/* Bitwise CRC32C: a few hundred bytes per boot, no table needed. */
uint32_t st_crc32c(uint32_t crc, const void *p, size_t n)
{
	const unsigned char *b = p;
	while (n--) {
		crc ^= *b++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
	}
	return crc;
}

uint16_t st_le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
uint32_t st_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
uint64_t st_le64(const unsigned char *p) { return st_le32(p) | (uint64_t)st_le32(p + 4) << 32; }
void st_put_le16(unsigned char *p, uint16_t v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
void st_put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}
void st_put_le64(unsigned char *p, uint64_t v)
{
	st_put_le32(p, (uint32_t)v);
	st_put_le32(p + 4, (uint32_t)(v >> 32));
}
