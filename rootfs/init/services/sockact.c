#include "sockact.h"
#include "msg.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define LISTEN_BACKLOG 128

static int unix_addr(const char *path, struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a->sun_path)) {
		b2p_log("socket path too long: %s", path);
		return -1;
	}
	memcpy(a->sun_path, path, strlen(path) + 1);
	return 0;
}

int sock_listen_unix(const char *path, uid_t uid, gid_t gid, mode_t mode, ino_t *ino)
{
	struct stat st;
	struct sockaddr_un a;
	if (unix_addr(path, &a) < 0)
		return -1;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		b2p_err("socket for %s", path);
		return -1;
	}
	if (unlink(path) < 0 && errno != ENOENT)
		b2p_err("remove old %s", path);
	/* Owner and mode before listen(): no client ever finds it wider. */
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		b2p_err("bind %s", path);
	} else if (chown(path, uid, gid) < 0 || chmod(path, mode) < 0 || stat(path, &st) < 0) {
		b2p_err("set owner and mode of %s", path);
	} else if (listen(fd, LISTEN_BACKLOG) < 0) {
		b2p_err("listen on %s", path);
	} else {
		if (ino)
			*ino = st.st_ino;
		return fd;
	}
	close(fd);
	unlink(path);
	return -1;
}

int sock_still_at(ino_t ino, const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_ino == ino;
}

void api_ping_init(struct api_ping *p)
{
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}

void api_ping_close(struct api_ping *p)
{
	if (p->fd >= 0)
		close(p->fd);
	api_ping_init(p);
}

static int ping_connect(struct api_ping *p, const char *path)
{
	struct sockaddr_un a;
	if (unix_addr(path, &a) < 0)
		return -1;
	p->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0) {
		b2p_err("socket to ask %s", path);
		return -1;
	}
	/* Not there yet, or its queue is full (EAGAIN): ask again later. */
	if (connect(p->fd, (struct sockaddr *)&a, sizeof(a)) < 0 && errno != EINPROGRESS) {
		api_ping_close(p);
		return -1;
	}
	return 0;
}

int api_ping_poll(struct api_ping *p, const char *path)
{
	static const char req[] = "GET /_ping HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n";
	if (p->fd < 0 && ping_connect(p, path) < 0)
		return 0;
	if (!p->sent) {
		ssize_t n = send(p->fd, req, sizeof(req) - 1, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == ENOTCONN))
			return 0;
		if (n != (ssize_t)sizeof(req) - 1) {
			api_ping_close(p);
			return 0;
		}
		p->sent = 1;
	}
	ssize_t n = recv(p->fd, p->buf + p->got, sizeof(p->buf) - 1 - p->got, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n > 0)
		p->got += (size_t)n;
	p->buf[p->got] = 0;
	/* "HTTP/1.1 200" is all it takes; anything else, or the end before
	 * it, starts over. */
	if (n > 0 && p->got < 12 && !memchr(p->buf, '\n', p->got))
		return 0;
	int ok = p->got >= 12 && strncmp(p->buf, "HTTP/1.", 7) == 0 && strncmp(p->buf + 8, " 200", 4) == 0;
	api_ping_close(p);
	return ok;
}
