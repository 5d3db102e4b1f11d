/* Tiny-Core-style package loading: each <name>.tcz is checked, mounted
 * read-only on a loop device under /tmp/tcloop/<name> and linked into /
 * file by file, so the image stays compressed in memory. */
#ifndef B2P_PKGLOAD_H
#define B2P_PKGLOAD_H

#define TCLOOP "/tmp/tcloop"

struct pkgload_result {
	int loaded;
	int failed;             /* includes dependents skipped */
};

/* Loads everything <tcedir>/onboot.lst names (with dependencies) from
 * <tcedir>/optional into root ("/" at boot, a temp dir in tests is not
 * possible: mounting needs root).  Reports each failure and a summary. */
void pkgload_all(const char *tcedir, struct pkgload_result *r);

#endif
