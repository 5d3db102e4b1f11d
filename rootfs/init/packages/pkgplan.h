/* The pure part of the package loader: onboot.lst / .dep parsing, md5 line
 * parsing and the dependency order.  Reads small text files, never mounts. */
#ifndef B2P_PKGPLAN_H
#define B2P_PKGPLAN_H

#include <stddef.h>

#define PKG_NAME_MAX 64
#define PKG_MAX 256
#define PKG_DEPS_MAX 48

struct pkg {
	char name[PKG_NAME_MAX];
	int deps[PKG_DEPS_MAX];
	int ndeps;
	int visit;              /* 0 new, 1 on the DFS stack, 2 placed */
	int failed;             /* set by the loader (or the planner) */
	char why[192];          /* full reason, for its own message */
	char brief[96];         /* short reason, quoted by its dependents */
};

struct pkgplan {
	struct pkg pkgs[PKG_MAX];
	int npkgs;
	int order[PKG_MAX];     /* dependencies before dependents */
	int norder;
	int problems;           /* bad names, loops, overflow (reported) */
};

/* A safe package name: a file name, no path, no leading dot. */
int pkg_name_ok(const char *s);
/* Splits a one-name-per-line text (blank lines and '#' comments skipped,
 * a ".tcz" suffix removed).  Bad names are reported and counted in *bad.
 * Returns how many names were written (at most max). */
int pkg_parse_list(const char *text, char (*names)[PKG_NAME_MAX], int max, int *bad);
/* Finds the digest for `file` in md5sum output; 0 and 16 bytes in out, or
 * -1 when there is no well-formed line for it. */
int pkg_md5_line(const char *text, const char *file, unsigned char out[16]);
/* Builds the load order for the names in onboot_text, reading
 * <optdir>/<name>.tcz.dep for each package met.  Each package appears once;
 * a loop is reported and broken.  Returns the number of packages placed. */
int pkg_plan(struct pkgplan *p, const char *optdir, const char *onboot_text);
/* Index of a name in the plan, -1 if absent. */
int pkg_find(const struct pkgplan *p, const char *name);

#endif
