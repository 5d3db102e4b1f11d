/* Small helpers shared by the storage code: positioned I/O on a device or
 * image file, CRC32C, little-endian fields. */
#ifndef B2P_STORAGE_UTIL_H
#define B2P_STORAGE_UTIL_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

/* A byte range of a block device or image file.  Tests point `base` at a
 * partition inside an image file; the boot uses base 0 on /dev nodes. */
struct sdev {
	int fd;
	uint64_t base;          /* byte offset of this range in the file */
	uint64_t size;          /* bytes in the range */
	char path[PATH_MAX];    /* for messages */
};

/* Opens path; size 0 means "up to the end of the file/device". */
int sdev_open(struct sdev *d, const char *path, uint64_t base, uint64_t size, int writable);
/* Same fd, sub-range (e.g. a partition inside a disk image). */
void sdev_sub(struct sdev *sub, const struct sdev *d, uint64_t off, uint64_t size);
void sdev_close(struct sdev *d);
/* Full read/write or -1 with a message; out-of-range access is an error. */
int sdev_read(const struct sdev *d, uint64_t off, void *buf, size_t len);
int sdev_write(const struct sdev *d, uint64_t off, const void *buf, size_t len);
int sdev_sync(const struct sdev *d);
/* 1 when [off, off+len) lies inside the range. */
int sdev_has(const struct sdev *d, uint64_t off, uint64_t len);

/* snprintf that reports truncation: 0, or -1 with a message. */
int st_fmt(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* CRC32C (Castagnoli) without pre/post inversion, as ext4 uses it. */
uint32_t st_crc32c(uint32_t crc, const void *p, size_t n);

/* Little-endian field access (on-disk formats are little-endian). */
uint16_t st_le16(const unsigned char *p);
uint32_t st_le32(const unsigned char *p);
uint64_t st_le64(const unsigned char *p);
void st_put_le16(unsigned char *p, uint16_t v);
void st_put_le32(unsigned char *p, uint32_t v);
void st_put_le64(unsigned char *p, uint64_t v);

#endif
