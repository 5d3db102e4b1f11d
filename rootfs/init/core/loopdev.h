/* Loop devices for the package images. */
#ifndef B2P_LOOPDEV_H
#define B2P_LOOPDEV_H

#include <stddef.h>

/* Attaches file read-only with autoclear (the device frees itself when
 * the mount goes away) and writes /dev/loopN into dev.  Returns an open fd
 * on the loop device (close it after mounting), or -1 with the reason in
 * why. */
int loop_attach(const char *file, char *dev, size_t devlen, char *why, size_t whylen);
/* Detaches every loop device still bound (shutdown); returns how many. */
int loop_detach_all(void);

#endif
