/* Tiny-Core-style package loading: each <name>.tcz is checked, mounted
 * read-only on a loop device under /tmp/tcloop/<name> and linked into /
 * file by file, so the image stays compressed in memory. */
#ifndef B2P_PKGLOAD_H
#define B2P_PKGLOAD_H

#include <sys/types.h>

#define TCLOOP "/tmp/tcloop"

struct pkgload_result {
	int loaded;
	int failed;             /* includes dependents skipped */
};

/* Loads everything <tcedir>/onboot.lst names (with dependencies) from
 * <tcedir>/optional into root ("/" at boot, a temp dir in tests is not
 * possible: mounting needs root).  Reports each failure and a summary.
 * check: each image's MD5 is checked before it is mounted (a failed one
 * is not loaded); 0 for the read-only boot medium, whose images
 * pkgload_check_all() checks after the boot instead. */
void pkgload_all(const char *tcedir, int check, struct pkgload_result *r);
/* The MD5 of every image onboot.lst names: each damaged one said on the
 * console (what to do about it, too) and a summary line.  The number of
 * damaged or unreadable images, or -1 when there is no onboot.lst. */
int pkgload_check_all(const char *tcedir);
/* pkgload_check_all in a background child at nice 19 (it reads every
 * image: ~40 MB).  Its pid, or -1 (reported). */
pid_t pkgload_check_start(const char *tcedir);

#endif
