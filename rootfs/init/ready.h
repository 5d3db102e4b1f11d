/* The "boot2podman: ready" line, printed once everything present is up. */
#ifndef B2P_READY_H
#define B2P_READY_H

/* What to wait for before the line may be printed. */
struct ready_want {
	int ssh;                /* sshd was started: 127.0.0.1:22 must accept */
	const char *podman_sock;/* podman service started: connect() must work */
	int dhcp;               /* ethernet interfaces exist: wait (bounded) for an address */
	int hold;               /* something is still being set up (socket ownership) */
};

/* 1 when a TCP connect to 127.0.0.1:port succeeds. */
int tcp_listening(unsigned port);
/* 1 when a stream connect to the unix socket succeeds. */
int unix_listening(const char *path);

/* Checks the wanted pieces; prints the line the first time all are up and
 * returns 1 from then on.  Past `deadline` (monotonic seconds) it reports
 * once what is still missing and keeps checking. */
int ready_poll(const struct ready_want *w, double now, double deadline);

#endif
