#include "ready.h"
#include "log.h"
#include "netif.h"
#include "util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <unistd.h>

/* Give DHCP this long before the line goes out without an address. */
#define DHCP_GRACE_S 15.0

int tcp_listening(unsigned port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

int unix_listening(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path))
		return 0;
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	int ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

int ready_poll(const struct ready_want *w, double now, double deadline)
{
	static int done, warned;
	static double first;
	if (done)
		return 1;
	if (first == 0)
		first = now;
	char ips[256];
	int nip = netif_ipv4(ips, sizeof(ips));
	int ssh_ok = !w->ssh || tcp_listening(22);
	int podman_ok = !w->podman_sock || (!w->hold && unix_listening(w->podman_sock));
	int ip_ok = !w->dhcp || nip > 0 || now - first > DHCP_GRACE_S;
	if (!(ssh_ok && podman_ok && ip_ok)) {
		if (!warned && now > deadline) {
			warned = 1;
			b2p_log("not ready yet:%s%s%s; still waiting", ssh_ok ? "" : " sshd is not listening on port 22",
				podman_ok ? "" : " the podman socket does not answer",
				ip_ok ? "" : " no IPv4 address");
		}
		return 0;
	}
	struct utsname u;
	if (uname(&u) < 0)
		strcpy(u.release, "unknown");
	b2p_raw("boot2podman: ready %s ip=%s%s%s%s uptime=%.2fs", u.release, nip ? ips : "none",
		w->ssh ? " ssh=22" : "", w->podman_sock ? " podman=unix://" : "",
		w->podman_sock ? w->podman_sock : "", uptime_s());
	done = 1;
	return 1;
}
