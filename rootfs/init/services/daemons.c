#include "daemons.h"
#include "jobs.h"
#include "msg.h"
#include "proc.h"
#include "netif.h"
#include "services.h"
#include "sockact.h"
#include "timeline.h"
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
static int podman_fd = -1;      /* the root API socket, made by the init */
static ino_t podman_ino;
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
	long long t = timeline_now_ms();
	int rc = host_keys() < 0;
	timeline_end("hostkeys", t);
	return rc;
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

/* The directory and group of the root API socket: 0, and *gid (0 when
 * there is no group podman: the socket then stays root's). */
static int podman_dir(gid_t *gid)
{
	struct group *g = getgrnam("podman");
	*gid = g ? g->gr_gid : 0;
	if (mkdir_p("/run/podman", 0750) < 0)
		return -1;
	if (!g)
		b2p_log("no group podman in /etc/group: the socket stays root-only");
	else if (chown("/run/podman", 0, g->gr_gid) < 0 || chmod("/run/podman", 0750) < 0)
		b2p_err("set owner of /run/podman");
	return 0;
}

static void podman_socket(void)
{
	gid_t gid;
	if (podman_dir(&gid) == 0)
		podman_fd = sock_listen_unix(PODMAN_SOCK, 0, gid, gid ? 0660 : 0600, &podman_ino);
}

void daemons_early(void)
{
	podman_socket();
}

static int start_podman(void)
{
	if (!is_executable(PODMAN)) {
		b2p_log("podman service not started: no " PODMAN " (package podman not loaded)");
		if (podman_fd >= 0) {
			close(podman_fd);
			podman_fd = -1;
			unlink(PODMAN_SOCK);
		}
		return 0;
	}
	gid_t gid;
	if (podman_dir(&gid) < 0)
		return 0;
	if (podman_fd >= 0) {
		/* No address: podman takes the socket it is handed (fd 3). */
		char *argv[] = { PODMAN, "system", "service", "--time=0", NULL };
		podman_wanted = svc_add("podman", argv) == 0 && svc_set_listen_fd("podman", podman_fd) == 0;
		return podman_wanted;
	}
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
	char run[64], sockdir[80], sock[100], cmd[512];
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
	/* Socket activation as for root: the pid stays the same through sh's
	 * and su's exec, so LISTEN_PID still names podman; su keeps the
	 * environment and fd 3. */
	snprintf(sock, sizeof(sock), "%s/podman.sock", sockdir);
	int fd = sock_listen_unix(sock, pw->pw_uid, pw->pw_gid, 0600, NULL);
	snprintf(cmd, sizeof(cmd),
		 "echo $$ >%s/cgroup.procs && exec /bin/su -s /bin/sh %s -c "
		 "'XDG_RUNTIME_DIR=%s exec " PODMAN " system service --time=0%s%s'",
		 cg, user, run, fd >= 0 ? "" : " unix://", fd >= 0 ? "" : sock);
	char *argv[] = { "/bin/sh", "-c", cmd, NULL };
	if (svc_add("podman-user", argv) == 0 && fd >= 0)
		svc_set_listen_fd("podman-user", fd);
}

void daemons_start(const char *ntp_server, const char *user, struct ready_want *w)
{
	want = w;
	want->dhcp = start_dhcp();
	start_ntp(ntp_server);
	want->podman_sock = start_podman() ? PODMAN_SOCK : NULL;
	start_podman_user(user);
	/* Running already while the first boot makes its ssh host keys. */
	svc_tick(mono_now());
	want->ssh = start_sshd();
}

int daemons_tick(void)
{
	if (!podman_wanted)
		return 0;
	if (podman_fd >= 0) {
		/* Between two runs, someone removed or replaced the file: a
		 * new socket, or the next podman serves one nobody can reach. */
		if (svc_pid("podman") == 0 && !sock_still_at(podman_ino, PODMAN_SOCK)) {
			b2p_log(PODMAN_SOCK " is gone; making it again");
			close(podman_fd);
			podman_socket();
			svc_set_listen_fd("podman", podman_fd);
		}
		return 0;
	}
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
