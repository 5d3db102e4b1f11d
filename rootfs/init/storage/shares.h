/* Host folders: 9p or virtiofs tags mounted where b2p.share= says. */
#ifndef B2P_SHARES_H
#define B2P_SHARES_H

#include <stddef.h>

#include "cmdline.h"

/* A tag tried unless a b2p.share names it, and where it goes
 * (boot2docker's place for a host's home folder). */
#define SHARE_DEFAULT_TAG "home"
#define SHARE_DEFAULT_PATH "/hosthome"

/* Mounts every share (nosuid, nodev) at its resolved path; a missing tag
 * is reported for a named share and skipped quietly for the default one;
 * a path that resolves somewhere it may not go is reported and skipped.
 * Returns how many were mounted. */
int shares_mount(const struct b2p_cmdline *c);

/* Resolves an absolute path the way mount(2) will see it: realpath of the
 * longest prefix that exists (every symlink in it followed), then the
 * rest, which does not exist and so holds no link.  -1 when an existing
 * component cannot be resolved (a dangling or looping link, a file in the
 * middle), the rest holds "." or "..", or out is too small. */
int shares_resolve(const char *path, char *out, size_t n);

/* Why a share may not be mounted at a resolved path, or NULL when it may:
 * a reserved system tree (cmdline_path_reserved), the user's home or
 * below it, a mount point or below one other than "/", or above one
 * (it would hide it).  mountinfo is /proc/self/mountinfo's text. */
const char *shares_refusal(const char *resolved, const char *home, const char *mountinfo);

#endif
