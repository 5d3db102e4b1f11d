/* ready.c reads the kernel's socket tables instead of connecting (a connect
 * to sshd costs it a fork and re-exec per probe). */
#include "ready.h"
#include "tu.h"

#include <stdio.h>
#include <string.h>

#define TU_SUITE "ready"

static int tcp_in(const char *text, unsigned port)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	if (!f)
		return -1;
	int r = tcp_table_listens(f, port);
	fclose(f);
	return r;
}

static int unix_in(const char *text, const char *path)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	if (!f)
		return -1;
	int r = unix_table_listens(f, path);
	fclose(f);
	return r;
}

static const char tcp4[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	"   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0\n"
	"   1: 0F02000A:0016 0202000A:A1B2 01 00000000:00000000 02:000A7D6E 00000000     0        0 2345 2 0000000000000000 20 4 30 10 -1\n";

static const char tcp6[] =
	"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	"   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3456 1 0000000000000000 100 0 0 10 0\n";

static void tcp_listen_only(void)
{
	/* port 22 appears only as an established connection's local end */
	CHECK(tcp_in(tcp4, 22) == 0);
	CHECK(tcp_in(tcp4, 3306) == 1);
	CHECK(tcp_in(tcp6, 22) == 1);
	CHECK(tcp_in(tcp6, 2222) == 0);
	CHECK(tcp_in("", 22) == 0);
	CHECK(tcp_in("garbage\n:::: 0A\n", 22) == 0);
}

static const char unixtab[] =
	"Num       RefCount Protocol Flags    Type St Inode Path\n"
	"0000000000000000: 00000002 00000000 00010000 0001 01 11111 /run/podman/podman.sock\n"
	"0000000000000000: 00000003 00000000 00000000 0001 03 22222 /run/user/1000/podman/podman.sock\n"
	"0000000000000000: 00000002 00000000 00010000 0002 01 33333 /run/dgram.sock\n"
	"0000000000000000: 00000002 00000000 00000000 0001 01 44444\n"
	"0000000000000000: 00000002 00000000 00010000 0001 01 55555 @abstract\n";

static void unix_listen_only(void)
{
	CHECK(unix_in(unixtab, "/run/podman/podman.sock") == 1);
	/* connected, not listening */
	CHECK(unix_in(unixtab, "/run/user/1000/podman/podman.sock") == 0);
	/* listening flag on a datagram socket does not count */
	CHECK(unix_in(unixtab, "/run/dgram.sock") == 0);
	CHECK(unix_in(unixtab, "/run/podman/podman.soc") == 0);
	CHECK(unix_in(unixtab, "@abstract") == 1);
	CHECK(unix_in("", "/run/podman/podman.sock") == 0);
}

/* The live tables of this host: a socket we listen on is found, and the
 * check does not connect (the backlog stays empty). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void live_tables(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	REQUIRE(fd >= 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(sa);
	REQUIRE(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	REQUIRE(getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
	unsigned port = ntohs(sa.sin_port);
	CHECK(tcp_listening(port) == 0); /* bound, not yet listening */
	REQUIRE(listen(fd, 4) == 0);
	CHECK(tcp_listening(port) == 1);
	/* nobody connected: accept would block */
	REQUIRE(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
	CHECK(accept(fd, NULL, NULL) < 0 && errno == EAGAIN);
	close(fd);

	const char *path = tu_path("ready.sock");
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	REQUIRE(u >= 0);
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sun.sun_path)) {
		/* the long temp dir of the tests: bind through a short relative name */
		REQUIRE(chdir(tu_path("")) == 0);
		path = "ready.sock";
	}
	strcpy(sun.sun_path, path);
	REQUIRE(bind(u, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	REQUIRE(listen(u, 4) == 0);
	/* /proc/net/unix shows the path as bound, which for a relative bind is
	 * the relative name */
	CHECK(unix_listening(path) == 1);
	REQUIRE(fcntl(u, F_SETFL, O_NONBLOCK) == 0);
	CHECK(accept(u, NULL, NULL) < 0 && errno == EAGAIN);
	close(u);
	CHECK(unix_listening(path) == 0);
}

int main(void)
{
	TU_RUN(tcp_listen_only);
	TU_RUN(unix_listen_only);
	TU_RUN(live_tables);
	return tu_finish();
}
