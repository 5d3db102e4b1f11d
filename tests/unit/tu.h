/* Tiny unit-test support: checks, temp images, a docker-machine-style
 * ustar writer.  Each test_*.c has a main() that calls TU_RUN per case. */
#ifndef B2P_TU_H
#define B2P_TU_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

extern int tu_case_failed;

/* Each condition is evaluated exactly once (they often have effects). */
#define TU_FAILED(text) (fprintf(stderr, "    %s:%d: check failed: %s\n", \
	__FILE__, __LINE__, text), tu_case_failed = 1)
#define CHECK(cond) do { if (!(cond)) TU_FAILED(#cond); } while (0)
#define REQUIRE(cond) do { if (!(cond)) { TU_FAILED(#cond); return; } } while (0)

/* Runs one case, prints "  PASS    file/case" or FAIL; counts failures. */
void tu_run(const char *suite, const char *name, void (*fn)(void));
#define TU_RUN(fn) tu_run(TU_SUITE, #fn, fn)
int tu_finish(void);

/* A path in the per-binary temp dir (removed at exit); same name, same
 * pointer. */
const char *tu_path(const char *name);
/* Creates a sparse zero file of `size` bytes. */
int tu_image(const char *path, uint64_t size);
int tu_pwrite(const char *path, uint64_t off, const void *buf, size_t len);
int tu_pread(const char *path, uint64_t off, void *buf, size_t len);
/* Runs a shell command quietly; returns its exit status. */
int tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether a host tool is available (tests needing it fail, loudly). */
int tu_have(const char *tool);

/* ustar stream builder, same layout as docker-machine's MakeDiskImage:
 * magic file, .ssh/ 0700, .ssh/authorized_keys, .ssh/authorized_keys2,
 * then two zero blocks. */
struct tu_tar { unsigned char *buf; size_t len, cap; };
void tu_tar_file(struct tu_tar *t, const char *name, unsigned mode, const void *data, size_t n);
void tu_tar_dir(struct tu_tar *t, const char *name, unsigned mode);
void tu_tar_entry(struct tu_tar *t, const char *name, char type, unsigned mode, const void *data, size_t n);
void tu_tar_end(struct tu_tar *t);
void tu_tar_free(struct tu_tar *t);
/* docker-machine's disk tar for a given public key text. */
void tu_machine_tar(struct tu_tar *t, const char *magic, const char *pubkey);
/* A public key as long as an RSA-4096 one (~725 bytes). */
const char *tu_rsa4096_key(void);

#endif
