/* The machine's daemons: DHCP on each ethernet interface, ntpd, sshd (host
 * keys in the state dir) and the podman API service.  Each is supervised
 * by services.c and only started when its binary exists. */
#ifndef B2P_DAEMONS_H
#define B2P_DAEMONS_H

#include "ready.h"
#include "util.h"

#include <sys/types.h>

#define PODMAN_SOCK "/run/podman/podman.sock"
#define SSH_KEY_DIR B2P_STATE_DIR "/ssh"
/* The host key types made (RSA's prime search takes tens of seconds under
 * emulation). */
#define SSH_NKEY_TYPES 2
extern const char *const ssh_key_types[SSH_NKEY_TYPES];
#define KEYS_AHEAD_DIR "/run/boot2podman/hostkeys"

/* Before the boot job: the root podman API socket (group podman, 0660),
 * listening from then on; podman gets it when it starts (socket
 * activation), clients meanwhile wait in its queue. */
void daemons_early(void);
/* A new data disk is being formatted, so the host keys will be missing:
 * makes them now, in a child of its own, into KEYS_AHEAD_DIR (in RAM),
 * while the format waits on the disk; the host key job takes them from
 * there.  Not tracked: what it did not finish, the key job does. */
void daemons_keys_ahead(void);
/* Registers the daemons (the rootless socket for USER among them) and fills
 * in what the ready line must wait for (kept: sshd comes later, when its
 * host keys are made in a boot job, and may drop out of it). */
void daemons_start(const char *ntp_server, const char *user, struct ready_want *want);
/* For every reaped child: 1 when it was the host key job (sshd is then
 * added, or given up on), 0 otherwise. */
int daemons_child_exited(pid_t pid, int status);
/* At shutdown: PID 1 lets go of the sockets it made (a bound socket holds
 * its file system busy, and /run must unmount). */
void daemons_release(void);
/* The rootless podman socket while its service waits for a first client
 * (socket activation on demand), -1 otherwise: PID 1 polls it and calls
 * daemons_demand() when it is readable, which starts the service. */
int daemons_demand_fd(void);
void daemons_demand(void);
/* Keeps the podman socket right: made again if its file went away between
 * two runs; without socket activation, gives podman's own socket to group
 * podman (mode 0660) once it appears.  1 while that is still pending (the
 * caller polls again soon). */
int daemons_tick(void);

#endif
