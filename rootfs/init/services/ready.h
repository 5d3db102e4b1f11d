/* The "boot2podman: ready" line, printed once everything present is up.
 *
 * Ready promises: sshd is listening on port 22 with its host keys made and
 * the user's keys in place, the root podman API answers a GET /_ping on its
 * socket (owned by group podman), and an ethernet card (if any) has an
 * address or had 15 s to get one.  sshd is checked in the kernel's socket
 * tables, never by connecting: a probe that connects to sshd costs it a
 * fork and a re-exec of itself per attempt, and on one slow vCPU those
 * half-open "startups" made sshd drop the first real client (MaxStartups).
 * The podman socket listens from early on (the init made it), so only an
 * answer says the service is there; one ping costs it nothing.
 *
 * It also ends the boot timeline: svc:sshd and svc:podman as each comes
 * up, then "ready", and prints the summary line. */
#ifndef B2P_READY_H
#define B2P_READY_H

#include <stdio.h>

/* What to wait for before the line may be printed. */
struct ready_want {
	int ssh;                /* sshd was started: something must listen on TCP port 22 */
	const char *podman_sock;/* podman service started: the socket must be listening */
	int dhcp;               /* ethernet interfaces exist: wait (bounded) for an address */
	int hold;               /* something is still being set up */
};

/* 1 when a /proc/net/tcp or /proc/net/tcp6 table (open stream) has a
 * socket in LISTEN state on local `port`, 0 when not. */
int tcp_table_listens(FILE *table, unsigned port);
/* 1 when a /proc/net/unix table has a listening stream socket bound to
 * `path`, 0 when not. */
int unix_table_listens(FILE *table, const char *path);

/* The same against the live tables (0 when a table cannot be read). */
int tcp_listening(unsigned port);
int unix_listening(const char *path);

/* Checks the wanted pieces; prints the line the first time all are up and
 * returns 1 from then on.  Past `deadline` (monotonic seconds) it reports
 * once what is still missing and keeps checking. */
int ready_poll(const struct ready_want *w, double now, double deadline);

#endif
