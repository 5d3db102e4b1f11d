/* MD5 (RFC 1321), only to check package images against their .md5.txt:
 * it catches corruption, not tampering. */
#ifndef B2P_MD5_H
#define B2P_MD5_H

#include <stddef.h>
#include <stdint.h>

struct md5 {
	uint32_t h[4];
	uint64_t len;           /* bytes so far */
	unsigned char buf[64];
	size_t fill;
};

void md5_init(struct md5 *m);
void md5_update(struct md5 *m, const void *data, size_t n);
void md5_final(struct md5 *m, unsigned char out[16]);
/* 32 lower-case hex digits + NUL. */
void md5_hex(const unsigned char d[16], char out[33]);
/* Digest of a whole file; 0, or -1 with errno set. */
int md5_file(const char *path, unsigned char out[16]);

#endif
