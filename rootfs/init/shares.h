/* Host folders: 9p or virtiofs tags mounted where b2p.share= says. */
#ifndef B2P_SHARES_H
#define B2P_SHARES_H

#include "cmdline.h"

/* A tag tried unless a b2p.share names it, and where it goes
 * (boot2docker's place for a host's home folder). */
#define SHARE_DEFAULT_TAG "home"
#define SHARE_DEFAULT_PATH "/hosthome"

/* Mounts every share; a missing tag is reported for a named share and
 * skipped quietly for the default one.  Returns how many were mounted. */
int shares_mount(const struct b2p_cmdline *c);

#endif
