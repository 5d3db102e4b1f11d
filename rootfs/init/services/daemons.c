#include "daemons.h"
#include "machine.h"
#include "jobs.h"
#include "msg.h"
#include "proc.h"
#include "netif.h"
#include "services.h"
#include "util.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SSHD "/usr/sbin/sshd"
#define SSH_KEYGEN "/usr/bin/ssh-keygen"
#define PODMAN "/usr/bin/podman"
#define DHCP_SCRIPT "/usr/share/udhcpc/default.script"

static unsigned podman_fixed_start;
static int podman_wanted;
static struct job keys_job;
static struct ready_want *want;

static int start_dhcp(void)
{
	char ifs[8][IF_NAMESIZE], udhcpc[64];
	int n = netif_ethernet(ifs, 8);
	if (n == 0) {
		b2p_log("no ethernet interface: no network");
		return 0;
	}
	if (!path_find("udhcpc", udhcpc, sizeof(udhcpc))) {
		b2p_log("no udhcpc: interfaces are up but not configured");
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (netif_up(ifs[i]) < 0)
			continue;
		char name[32];
		snprintf(name, sizeof(name), "udhcpc-%.*s", IF_NAMESIZE - 1, ifs[i]);
		/* Foreground, so it stays supervised; it retries by itself
		 * while there is no link. */
		char *argv[] = { udhcpc, "-f", "-i", ifs[i], "-s", DHCP_SCRIPT, NULL };
		svc_add(name, argv);
	}
	return 1;
}

static void start_ntp(const char *server)
{
	char ntpd[64];
	if (!server || !server[0])
		return;
	if (!path_find("ntpd", ntpd, sizeof(ntpd))) {
		b2p_log("b2p.ntp given but there is no ntpd");
		return;
	}
	char *argv[] = { ntpd, "-n", "-p", (char *)server, NULL };
	svc_add("ntpd", argv);
}

static int host_keys(void)
{
	/* No RSA: its prime search takes tens of seconds under emulation, and
	 * every OpenSSH client since 6.5 takes ed25519. */
	static const char *const types[] = { "ed25519", "ecdsa" };
	if (mkdir_p(SSH_KEY_DIR, 0700) < 0)
		return -1;
	int made = 0;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		char key[128];
		snprintf(key, sizeof(key), SSH_KEY_DIR "/ssh_host_%s_key", types[i]);
		struct stat st;
		if (stat(key, &st) == 0 && st.st_size > 0)
			continue;
		unlink(key); /* an empty file from an interrupted run */
		char pub[140];
		snprintf(pub, sizeof(pub), "%s.pub", key);
		unlink(pub);
		char *argv[] = { SSH_KEYGEN, "-q", "-t", (char *)types[i], "-N", "", "-C", "boot2podman", "-f", key, NULL };
		if (run_wait(argv, "/var/log/sshd.log", 120000) != 0) {
			b2p_log("ssh-keygen -t %s failed; see /var/log/sshd.log", types[i]);
			return -1;
		}
		made++;
	}
	if (made)
		b2p_log("made %d ssh host keys in " SSH_KEY_DIR, made);
	return 0;
}

static int keys_job_fn(void *ctx, void *out)
{
	(void)ctx;
	(void)out;
	return host_keys() < 0;
}

/* Starts the host key job; sshd follows when it ends well (see
 * daemons_child_exited).  1 when sshd is on its way. */
static int start_sshd(void)
{
	if (!is_executable(SSHD)) {
		b2p_log("sshd not started: no " SSHD " (package openssh not loaded)");
		return 0;
	}
	/* Debian's sshd uses /run/sshd as its privilege-separation chroot. */
	if (!is_executable(SSH_KEYGEN) || mkdir_p("/run/sshd", 0755) < 0 ||
	    job_start(&keys_job, "ssh host keys", keys_job_fn, NULL, NULL, 0) < 0) {
		b2p_log("sshd not started: no host keys");
		return 0;
	}
	return 1;
}

int daemons_child_exited(pid_t pid, int status)
{
	int r = job_ended(&keys_job, pid, status);
	if (r == 0)
		return 0;
	char *argv[] = { SSHD, "-D", "-e", NULL };
	if (r < 0) {
		b2p_log("sshd not started: no host keys");
		want->ssh = 0;
	} else if (svc_add("sshd", argv) < 0) {
		want->ssh = 0;
	} else {
		svc_tick(mono_now());
	}
	return 1;
}

static int start_podman(void)
{
	if (!is_executable(PODMAN)) {
		b2p_log("podman service not started: no " PODMAN " (package podman not loaded)");
		return 0;
	}
	if (mkdir_p("/run/podman", 0750) < 0)
		return 0;
	struct group *g = getgrnam("podman");
	if (!g)
		b2p_log("no group podman in /etc/group: the socket stays root-only");
	else if (chown("/run/podman", 0, g->gr_gid) < 0 || chmod("/run/podman", 0750) < 0)
		b2p_err("set owner of /run/podman");
	char *argv[] = { PODMAN, "system", "service", "--time=0", "unix://" PODMAN_SOCK, NULL };
	podman_wanted = svc_add("podman", argv) == 0;
	return podman_wanted;
}

/* A cgroup the user owns (delegated, as systemd gives user@.service), so
 * rootless podman reads and manages its own subtree instead of the root
 * service's.  Returns the path, or NULL (reported). */
static const char *user_cgroup(const struct passwd *pw)
{
	static char dir[64];
	static const char *const owned[] = { "", "/cgroup.procs", "/cgroup.subtree_control", "/cgroup.threads" };
	snprintf(dir, sizeof(dir), "/sys/fs/cgroup/user-%u", (unsigned)pw->pw_uid);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		b2p_err("mkdir %s", dir);
		return NULL;
	}
	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++) {
		char p[96];
		snprintf(p, sizeof(p), "%s%s", dir, owned[i]);
		if (chown(p, pw->pw_uid, pw->pw_gid) < 0) {
			b2p_err("chown %s", p);
			return NULL;
		}
	}
	return dir;
}

/* The user's rootless API socket, where podman machine clients look for
 * it (/run/user/<uid>/podman/podman.sock); busybox su drops privileges
 * after the shell has moved itself into the user's cgroup. */
static void start_podman_user(const char *user)
{
	if (!is_executable(PODMAN) || !is_executable("/usr/bin/newuidmap"))
		return;
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		b2p_log("no user %s: no rootless podman socket", user);
		return;
	}
	char run[64], sockdir[80], cmd[512];
	snprintf(run, sizeof(run), "/run/user/%u", (unsigned)pw->pw_uid);
	snprintf(sockdir, sizeof(sockdir), "%s/podman", run);
	/* podman does not make the socket's directory itself. */
	if (mkdir_p("/run/user", 0755) < 0 || mkdir_p(sockdir, 0700) < 0)
		return;
	if (chown(run, pw->pw_uid, pw->pw_gid) < 0 || chown(sockdir, pw->pw_uid, pw->pw_gid) < 0) {
		b2p_err("chown %s", sockdir);
		return;
	}
	const char *cg = user_cgroup(pw);
	if (!cg)
		return;
	snprintf(cmd, sizeof(cmd),
		 "echo $$ >%s/cgroup.procs && exec /bin/su -s /bin/sh %s -c "
		 "'XDG_RUNTIME_DIR=%s exec " PODMAN " system service --time=0 unix://%s/podman.sock'",
		 cg, user, run, sockdir);
	char *argv[] = { "/bin/sh", "-c", cmd, NULL };
	svc_add("podman-user", argv);
}

void daemons_start(const char *ntp_server, const char *user, struct ready_want *w)
{
	want = w;
	want->dhcp = start_dhcp();
	start_ntp(ntp_server);
	want->podman_sock = start_podman() ? PODMAN_SOCK : NULL;
	if (want->podman_sock)
		machine_docker_sock(DOCKER_SOCK, PODMAN_SOCK);
	machine_clock_start();
	start_podman_user(user);
	/* Running already while the first boot makes its ssh host keys. */
	svc_tick(mono_now());
	want->ssh = start_sshd();
}

int daemons_tick(void)
{
	if (!podman_wanted)
		return 0;
	unsigned starts = svc_starts("podman");
	if (starts == podman_fixed_start || svc_pid("podman") == 0)
		return starts != podman_fixed_start;
	struct stat st;
	if (stat(PODMAN_SOCK, &st) < 0 || !S_ISSOCK(st.st_mode))
		return 1;
	struct group *g = getgrnam("podman");
	if (g && (chown(PODMAN_SOCK, 0, g->gr_gid) < 0 || chmod(PODMAN_SOCK, 0660) < 0))
		b2p_err("give " PODMAN_SOCK " to group podman");
	podman_fixed_start = starts;
	return 0;
}
