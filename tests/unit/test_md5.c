/* md5.c against the RFC 1321 test suite, chunked updates and a file. */
#include "md5.h"
#include "tu.h"

#include <stdio.h>
#include <string.h>

static void hex_of(const void *p, size_t n, char out[33])
{
	struct md5 m;
	unsigned char d[16];
	md5_init(&m);
	md5_update(&m, p, n);
	md5_final(&m, d);
	md5_hex(d, out);
}

static void rfc1321_suite(void)
{
	static const char *const v[][2] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char got[33];
		hex_of(v[i][0], strlen(v[i][0]), got);
		if (strcmp(got, v[i][1]) != 0) {
			fprintf(stderr, "    md5(\"%s\") = %s, want %s\n", v[i][0], got, v[i][1]);
			TU_FAILED("RFC 1321 vector");
		}
	}
}

/* Every split of a 200-byte message gives the one-shot digest (covers the
 * block-boundary and padding paths: 55, 56, 63, 64 bytes...). */
static void chunked_equals_oneshot(void)
{
	unsigned char msg[200];
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(msg); len++) {
		char want[33], got[33];
		hex_of(msg, len, want);
		for (size_t cut = 0; cut <= len; cut += 13) {
			struct md5 m;
			unsigned char d[16];
			md5_init(&m);
			md5_update(&m, msg, cut);
			md5_update(&m, msg + cut, len - cut);
			md5_final(&m, d);
			md5_hex(d, got);
			REQUIRE(strcmp(got, want) == 0);
		}
	}
}

static void file_digest(void)
{
	const char *p = tu_path("md5file");
	FILE *f = fopen(p, "w");
	REQUIRE(f != NULL);
	/* A million 'a's: crosses md5_file's read buffer many times. */
	for (int i = 0; i < 1000000; i++)
		fputc('a', f);
	fclose(f);
	unsigned char d[16];
	char got[33];
	REQUIRE(md5_file(p, d) == 0);
	md5_hex(d, got);
	CHECK(strcmp(got, "7707d6ae4e027c70eea2a935c2296f21") == 0);
	CHECK(md5_file(tu_path("does-not-exist"), d) == -1);
}

int main(void)
{
	TU_RUN(rfc1321_suite);
	TU_RUN(chunked_equals_oneshot);
	TU_RUN(file_digest);
	return tu_finish();
}
