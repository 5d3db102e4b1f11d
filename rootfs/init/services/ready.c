#include "ready.h"
#include "daemons.h"
#include "msg.h"
#include "netif.h"
#include "services.h"
#include "sockact.h"
#include "timeline.h"
#include "util.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* Give DHCP this long before the line goes out without an address. */
#define DHCP_GRACE_S 15.0
/* include/net/tcp_states.h: TCP_LISTEN */
#define TCP_STATE_LISTEN 0x0A
/* include/linux/net.h: __SO_ACCEPTCON, set on a listening unix socket */
#define UNIX_FLAG_ACCEPTCON 0x10000u
#define UNIX_TYPE_STREAM 1u

int tcp_table_listens(FILE *table, unsigned port)
{
	char line[512];
	int found = 0;
	/* "  sl  local_address rem_address   st ..." then one socket a line,
	 * addresses as HEX:PORT (32 hex digits for tcp6). */
	while (!found && fgets(line, sizeof(line), table)) {
		unsigned lport, state;
		if (sscanf(line, " %*u: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x", &lport, &state) == 2)
			found = lport == port && state == TCP_STATE_LISTEN;
	}
	return found;
}

int unix_table_listens(FILE *table, const char *path)
{
	char line[512 + 128];
	int found = 0;
	/* "Num RefCount Protocol Flags Type St Inode Path"; unnamed sockets
	 * have no path field at all. */
	while (!found && fgets(line, sizeof(line), table)) {
		unsigned flags, type, st;
		int at = -1;
		if (sscanf(line, "%*[0-9a-fA-F]: %*x %*x %x %x %x %*u %n", &flags, &type, &st, &at) < 3 || at < 0)
			continue;
		char *p = line + at;
		rstrip(p);
		found = (flags & UNIX_FLAG_ACCEPTCON) && type == UNIX_TYPE_STREAM && strcmp(p, path) == 0;
	}
	return found;
}

/* Runs a table parser on one /proc/net file; 0 when it cannot be read
 * (tcp6 is absent without IPv6: not an error). */
static int table_has(const char *file, int (*fn)(FILE *, const void *), const void *what)
{
	FILE *f = fopen(file, "re");
	if (!f)
		return 0;
	int r = fn(f, what);
	fclose(f);
	return r;
}

static int tcp_fn(FILE *f, const void *port)
{
	return tcp_table_listens(f, *(const unsigned *)port);
}

static int unix_fn(FILE *f, const void *path)
{
	return unix_table_listens(f, path);
}

int tcp_listening(unsigned port)
{
	return table_has("/proc/net/tcp", tcp_fn, &port) || table_has("/proc/net/tcp6", tcp_fn, &port);
}

int unix_listening(const char *path)
{
	return table_has("/proc/net/unix", unix_fn, path);
}

/* A service's step: from its (last) start until now. */
static void step_done(const char *step, const char *svc, double now)
{
	double started = svc_started(svc);
	long long end = timeline_now_ms();
	if (started <= 0 || end < 0)
		return;
	long long dur = (long long)((now - started) * 1000);
	timeline_add(end - dur, dur, step);
}

/* The line at ready: the timeline so far, step by step. */
static void summary(void)
{
	char sum[1024];
	long long t = timeline_now_ms();
	if (t >= 0)
		timeline_add(t, 0, "ready");
	if (timeline_summary_of(TIMELINE_PATH, sum, sizeof(sum)) > 0)
		b2p_log("timeline %s", sum);
}

/* The host's public keys on the console, between cloud-init's markers,
 * before the ready line: a driver that reads the console up to that line
 * knows the keys without trusting the first connection (ssh-keyscan). */
static void host_keys(void)
{
	char path[128], line[1024];
	int any = 0;
	for (int i = 0; i < SSH_NKEY_TYPES; i++) {
		snprintf(path, sizeof(path), SSH_KEY_DIR "/ssh_host_%s_key.pub", ssh_key_types[i]);
		if (read_small(path, line, sizeof(line)) < 0)
			continue;
		/* "type base64 comment": the comment stays in the guest. */
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		sp[1 + strcspn(sp + 1, " \n")] = 0;
		if (!any++)
			b2p_raw("-----BEGIN SSH HOST KEY KEYS-----");
		b2p_raw("%s", line);
	}
	if (any)
		b2p_raw("-----END SSH HOST KEY KEYS-----");
}

static void mark_ready(void)
{
	int fd = open(READY_MARK, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		b2p_err("create " READY_MARK);
	else
		close(fd);
}

int ready_poll(const struct ready_want *w, double now, double deadline)
{
	static int done, warned, ssh_seen, podman_seen;
	static double first;
	static struct api_ping ping = { .fd = -1 };
	if (done)
		return 1;
	if (first == 0)
		first = now;
	char ips[256];
	int nip = netif_ipv4(ips, sizeof(ips));
	int ssh_ok = !w->ssh || tcp_listening(22);
	if (w->ssh && ssh_ok && !ssh_seen) {
		ssh_seen = 1;
		step_done("svc:sshd", "sshd", now);
	}
	/* The socket accepts from the start (socket activation): what counts
	 * is that the service behind it answers. */
	if (w->podman_sock && !w->hold && !podman_seen && api_ping_poll(&ping, w->podman_sock)) {
		podman_seen = 1;
		step_done("svc:podman", "podman", now);
	}
	int podman_ok = !w->podman_sock || podman_seen;
	int ip_ok = !w->dhcp || nip > 0 || now - first > DHCP_GRACE_S;
	if (!(ssh_ok && podman_ok && ip_ok)) {
		if (!warned && now > deadline) {
			warned = 1;
			b2p_log("not ready yet:%s%s%s; still waiting", ssh_ok ? "" : " sshd is not listening on port 22",
				podman_ok ? "" : " the podman API does not answer",
				ip_ok ? "" : " no IPv4 address");
		}
		return 0;
	}
	struct utsname u;
	if (uname(&u) < 0)
		strcpy(u.release, "unknown");
	if (w->ssh)
		host_keys();
	b2p_raw("boot2podman: ready %s ip=%s%s%s%s uptime=%.2fs", u.release, nip ? ips : "none",
		w->ssh ? " ssh=22" : "", w->podman_sock ? " podman=unix://" : "",
		w->podman_sock ? w->podman_sock : "", uptime_s());
	summary();
	mark_ready();
	done = 1;
	return 1;
}
