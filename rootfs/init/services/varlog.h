/* Service logs: kept on the data disk when there is one, rotated by size. */
#ifndef B2P_VARLOG_H
#define B2P_VARLOG_H

#include <sys/types.h>

/* A log past this size is rotated to NAME.1 (one old copy kept). */
#define VARLOG_MAX_BYTES (1024 * 1024)

/* Moves /var/log onto STATEDIR/log (bind mount), keeping what early boot
 * already wrote there.  Reports failures; logs then stay in RAM. */
void varlog_persist(const char *statedir);
/* Rotates every regular file in DIR larger than MAX: copies it to NAME.1
 * and truncates it in place, so writers holding O_APPEND descriptors carry
 * on.  Returns how many were rotated. */
int varlog_rotate(const char *dir, off_t max);

#endif
