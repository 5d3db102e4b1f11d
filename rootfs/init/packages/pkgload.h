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

/* Links every non-directory under src into dst (same relative path) as a
 * symlink to its src path, making directories as needed and never
 * replacing what exists.  Returns the number of errors (reported);
 * *linked and *kept count links made and existing paths left alone. */
int pkg_link_tree(const char *src, const char *dst, unsigned *linked, unsigned *kept);

#endif
