/* Sockets the init makes for its services (socket activation): made
 * before the service runs, so a client's connection is accepted, and
 * queued, from the first moment; and a check that the service behind one
 * really answers. */
#ifndef B2P_SOCKACT_H
#define B2P_SOCKACT_H

#include <stddef.h>
#include <sys/types.h>

/* A listening stream socket at path (a stale file there is removed),
 * owner uid:gid and mode set before it listens; close-on-exec; *ino (if
 * not NULL) is the file's inode.  The fd, or -1 (reported). */
int sock_listen_unix(const char *path, uid_t uid, gid_t gid, mode_t mode, ino_t *ino);
/* 1 when path is still the socket file of that inode (nobody replaced or
 * removed it), 0 when not. */
int sock_still_at(ino_t ino, const char *path);

/* One HTTP "GET /_ping" in flight on a unix socket, polled without ever
 * blocking: the request waits in the socket's queue until the service
 * accepts it. */
struct api_ping {
	int fd;
	int sent;
	size_t got;
	char buf[40];
};
void api_ping_init(struct api_ping *p);
/* 1 once the service has answered 200, 0 while not (yet): nothing
 * listens, the answer has not come, or it was not a 200 (then the next
 * call asks again). */
int api_ping_poll(struct api_ping *p, const char *path);
void api_ping_close(struct api_ping *p);

#endif
