/* services/: what runs once the boot job is done, all driven from PID 1's
 * poll loop.
 *
 *   services.c   supervised children, restarted with back-off
 *   daemons.c    which ones: DHCP, ntpd, podman (root and rootless), sshd
 *                (after the host key job)
 *   ready.c      the "boot2podman: ready" line
 *   netif.c      network interfaces (lo, ethernet, addresses)
 *   varlog.c     /var/log: onto the data disk, rotated by size */
#include "services.h"
#include "console.h"
#include "msg.h"
#include "proc.h"
#include "util.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BACKOFF_MIN_S 0.5
#define BACKOFF_MAX_S 60.0
/* Ran this long: it was working, the next failure starts over. */
#define STABLE_S 30.0

struct svc {
	char name[32];
	char tty[32];           /* console shell when set */
	char *argv[SVC_ARGS + 1];
	pid_t pid;
	int listen_fd;          /* socket activation: handed over as fd 3, -1 none */
	int wanted;
	unsigned starts;
	double started, due, backoff;
};

static struct svc svcs[SVC_MAX];
static int nsvc;
static char log_dir[PATH_MAX] = "/var/log";

int svc_set_log_dir(const char *dir)
{
	/* Cut short, every daemon's log would land in some other directory. */
	if (strlen(dir) >= sizeof(log_dir)) {
		b2p_log("services: log directory %.64s... is too long", dir);
		return -1;
	}
	snprintf(log_dir, sizeof(log_dir), "%s", dir);
	return 0;
}

static struct svc *find(const char *name)
{
	for (int i = 0; i < nsvc; i++)
		if (!strcmp(svcs[i].name, name))
			return &svcs[i];
	return NULL;
}

static struct svc *add(const char *name)
{
	if (nsvc == SVC_MAX || find(name)) {
		b2p_log("service %s: cannot add (table full or duplicate)", name);
		return NULL;
	}
	struct svc *s = &svcs[nsvc++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->wanted = 1;
	s->listen_fd = -1;
	s->due = 0;
	s->backoff = BACKOFF_MIN_S;
	return s;
}

int svc_add_console(const char *name, const char *tty)
{
	struct svc *s = add(name);
	if (!s)
		return -1;
	snprintf(s->tty, sizeof(s->tty), "%s", tty);
	return 0;
}

int svc_add(const char *name, char *const argv[])
{
	struct svc *s = add(name);
	if (!s)
		return -1;
	for (int i = 0; argv[i] && i < SVC_ARGS; i++) {
		s->argv[i] = strdup(argv[i]);
		if (!s->argv[i]) {
			b2p_log("service %s: out of memory", name);
			nsvc--;
			return -1;
		}
	}
	return 0;
}

static pid_t start_shell(const char *tty)
{
	pid_t pid = fork();
	if (pid < 0)
		b2p_err("fork for a shell on %s", tty);
	else if (pid == 0)
		console_exec_shell(tty);
	return pid;
}

int svc_set_listen_fd(const char *name, int fd)
{
	struct svc *s = find(name);
	if (!s)
		return -1;
	s->listen_fd = fd;
	return 0;
}

/* In the child: the socket at fd 3, inheritable, and the variables that
 * say it is meant for this very process. */
static int pass_listen_fd(int fd)
{
	char pid[24];
	if (fd != 3 && dup2(fd, 3) < 0)
		return -1;
	if (fcntl(3, F_SETFD, 0) < 0)
		return -1;
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (setenv("LISTEN_PID", pid, 1) < 0 || setenv("LISTEN_FDS", "1", 1) < 0)
		return -1;
	unsetenv("LISTEN_FDNAMES");
	return 0;
}

static pid_t spawn_listener(const struct svc *s, const char *log)
{
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("fork for %s", s->name);
		return -1;
	}
	if (pid > 0)
		return pid;
	child_reset_signals();
	child_redirect(log);
	if (setsid() < 0)
		b2p_err("setsid for %s", s->name);
	if (pass_listen_fd(s->listen_fd) < 0) {
		b2p_err("%s: hand over its listening socket", s->name);
		_exit(126);
	}
	child_exec(s->argv);
	b2p_err("exec %s", s->argv[0]);
	_exit(127);
}

static void start(struct svc *s, double now)
{
	char log[sizeof(log_dir) + 40];
	snprintf(log, sizeof(log), "%s/%.31s.log", log_dir, s->name);
	/* Its own session: signals on the console never reach it. */
	pid_t pid = s->tty[0] ? start_shell(s->tty)
		    : s->listen_fd >= 0 ? spawn_listener(s, log)
		    : spawn(s->argv, log, SPAWN_SETSID);
	if (pid < 0) {
		s->due = now + s->backoff;
		return;
	}
	s->pid = pid;
	s->started = now;
	s->starts++;
	if (s->starts > 1 && !s->tty[0])
		b2p_log("%s restarted (pid %d, start %u)", s->name, (int)pid, s->starts);
	else
		b2p_dbg("%s started (pid %d)", s->name, (int)pid);
}

void svc_tick(double now)
{
	for (int i = 0; i < nsvc; i++) {
		struct svc *s = &svcs[i];
		if (s->wanted && s->pid == 0 && now >= s->due)
			start(s, now);
	}
}

double svc_next_due(double now)
{
	double best = -1;
	for (int i = 0; i < nsvc; i++) {
		const struct svc *s = &svcs[i];
		if (!s->wanted || s->pid != 0)
			continue;
		double d = s->due > now ? s->due - now : 0;
		if (best < 0 || d < best)
			best = d;
	}
	return best;
}

int svc_child_exited(pid_t pid, int status, double now)
{
	for (int i = 0; i < nsvc; i++) {
		struct svc *s = &svcs[i];
		if (s->pid != pid)
			continue;
		s->pid = 0;
		if (!s->wanted)
			return 1;
		double ran = now - s->started;
		if (ran >= STABLE_S)
			s->backoff = BACKOFF_MIN_S;
		s->due = now + s->backoff;
		char why[64];
		describe_status(status, why, sizeof(why));
		if (s->tty[0])
			b2p_dbg("%s: shell ended (%s); new one in %.1fs", s->name, why, s->backoff);
		else
			b2p_log("%s exited (%s) after %.1fs; restarting in %.1fs", s->name, why, ran, s->backoff);
		s->backoff *= 2;
		if (s->backoff > BACKOFF_MAX_S)
			s->backoff = BACKOFF_MAX_S;
		return 1;
	}
	return 0;
}

pid_t svc_pid(const char *name)
{
	const struct svc *s = find(name);
	return s ? s->pid : 0;
}

double svc_started(const char *name)
{
	const struct svc *s = find(name);
	return s ? s->started : 0;
}

unsigned svc_starts(const char *name)
{
	const struct svc *s = find(name);
	return s ? s->starts : 0;
}

void svc_stop(const char *name)
{
	for (int i = 0; i < nsvc; i++) {
		struct svc *s = &svcs[i];
		if (name && strcmp(s->name, name))
			continue;
		s->wanted = 0;
		if (s->pid > 0 && kill(s->pid, SIGTERM) < 0)
			b2p_err("kill %s", s->name);
		/* Shells ignore SIGTERM; they must not hold up the shutdown. */
		if (s->pid > 0 && s->tty[0])
			kill(s->pid, SIGKILL);
	}
}

int svc_running(void)
{
	int n = 0;
	for (int i = 0; i < nsvc; i++)
		n += svcs[i].pid > 0;
	return n;
}
