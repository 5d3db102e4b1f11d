/* The one reader of /proc/self/mountinfo text, for the root switch (what
 * is /?) and the shutdown (what is mounted, in which order?). */
#ifndef B2P_MOUNTINFO_H
#define B2P_MOUNTINFO_H

#include <stddef.h>

struct mountinfo_entry {
	char point[512];        /* octal escapes (\040) undone */
	char fstype[64];        /* "" when the line has no " - " part */
};

/* The next readable line at *pos (advanced past it): 1 and *e filled, or
 * 0 at the end of the text.  Lines without a mount point are skipped. */
int mountinfo_next(const char **pos, struct mountinfo_entry *e);
/* Mount points of a mountinfo text, in mount order; returns the count (at
 * most max; points longer than 255 bytes are skipped). */
int mountinfo_points(const char *mountinfo, char (*mps)[256], int max);
/* File system type of the last mount on "/": 0, or -1 when there is none. */
int mountinfo_root_type(const char *mountinfo, char *type, size_t n);

#endif
