/* The machine's daemons: DHCP on each ethernet interface, ntpd, sshd (host
 * keys in the state dir) and the podman API service.  Each is supervised
 * by services.c and only started when its binary exists. */
#ifndef B2P_DAEMONS_H
#define B2P_DAEMONS_H

#include "ready.h"

#define PODMAN_SOCK "/run/podman/podman.sock"
#define SSH_KEY_DIR "/var/lib/boot2podman/ssh"

/* Registers the daemons (the rootless socket for USER among them) and fills
 * in what the ready line must wait for. */
void daemons_start(const char *ntp_server, const char *user, struct ready_want *want);
/* Gives a new podman socket to group podman (mode 0660) once it appears;
 * returns 1 while that is still pending (the caller polls again soon). */
int daemons_tick(void);

#endif
