/* sockact.c: the socket the init makes for a service (owner and mode set
 * before it listens, connections queued before anyone accepts), and the
 * _ping that says the service behind it answers. */
#include "sockact.h"
#include "tu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Socket paths hold at most 107 bytes, and the unit temp dir is long on
 * purpose: the sockets go in a short directory of their own. */
static char sockdir[32];

static const char *sock_path(const char *name)
{
	static char p[4][64];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", sockdir, name);
	return p[i];
}

static void listens_with_mode(void)
{
	const char *p = sock_path("api.sock");
	REQUIRE(tu_sh("echo stale >'%s'", p) == 0);
	ino_t ino = 0;
	int fd = sock_listen_unix(p, getuid(), getgid(), 0660, &ino);
	REQUIRE(fd >= 0);
	struct stat st;
	REQUIRE(stat(p, &st) == 0);
	CHECK(S_ISSOCK(st.st_mode) && (st.st_mode & 0777) == 0660);
	CHECK(sock_still_at(ino, p) == 1);
	/* nobody accepts yet: the ping's request waits, no answer */
	struct api_ping ping;
	api_ping_init(&ping);
	CHECK(api_ping_poll(&ping, p) == 0);
	CHECK(ping.fd >= 0 && ping.sent == 1);
	/* the service comes up: it finds the request queued */
	int c = accept(fd, NULL, NULL);
	REQUIRE(c >= 0);
	char req[256];
	ssize_t n = read(c, req, sizeof(req) - 1);
	REQUIRE(n > 0);
	req[n] = 0;
	CHECK(strncmp(req, "GET /_ping HTTP/1.1\r\n", 21) == 0);
	const char *ans = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK";
	CHECK(write(c, ans, strlen(ans)) == (ssize_t)strlen(ans));
	close(c);
	CHECK(api_ping_poll(&ping, p) == 1);
	CHECK(ping.fd == -1);
	unlink(p);
	CHECK(sock_still_at(ino, p) == 0);
	close(fd);
}

static void error_answer_is_not_ready(void)
{
	const char *p = sock_path("err.sock");
	int fd = sock_listen_unix(p, getuid(), getgid(), 0600, NULL);
	REQUIRE(fd >= 0);
	struct api_ping ping;
	api_ping_init(&ping);
	CHECK(api_ping_poll(&ping, p) == 0);
	int c = accept(fd, NULL, NULL);
	REQUIRE(c >= 0);
	const char *ans = "HTTP/1.1 500 Internal Server Error\r\n\r\n";
	CHECK(write(c, ans, strlen(ans)) == (ssize_t)strlen(ans));
	close(c);
	CHECK(api_ping_poll(&ping, p) == 0);
	/* closed without a word: not ready either */
	CHECK(api_ping_poll(&ping, p) == 0);
	c = accept(fd, NULL, NULL);
	REQUIRE(c >= 0);
	close(c);
	CHECK(api_ping_poll(&ping, p) == 0);
	api_ping_close(&ping);
	close(fd);
	/* nothing there at all */
	api_ping_init(&ping);
	CHECK(api_ping_poll(&ping, sock_path("none.sock")) == 0 && ping.fd == -1);
}

int main(void)
{
	snprintf(sockdir, sizeof(sockdir), "/tmp/b2p-sockXXXXXX");
	if (!mkdtemp(sockdir)) {
		perror("mkdtemp");
		return 1;
	}
	TU_RUN(listens_with_mode);
	TU_RUN(error_answer_is_not_ready);
	tu_sh("rm -rf '%s'", sockdir);
	return tu_finish();
}
