/* Moving the root from the initramfs into a tmpfs: runc's pivot_root
 * cannot leave the initramfs "rootfs", so containers need / elsewhere. */
#ifndef B2P_ROOTSWITCH_H
#define B2P_ROOTSWITCH_H

#include <stddef.h>

/* Set in the environment of the second run so a detection mistake can
 * never turn into an exec loop. */
#define ROOTSWITCH_ENV "B2P_ROOT_SWITCHED"

/* 1 when / is the initramfs (needs /proc mounted), 0 when not, -1 unknown. */
int root_is_initramfs(void);

/* Copies / into a tmpfs (unlinking as it goes), moves it onto /, chroots
 * and execs /init with argv and the environment.  Returns only on failure, with the
 * reason reported; the caller then goes on from the initramfs. */
void root_switch(char **argv);

#endif
