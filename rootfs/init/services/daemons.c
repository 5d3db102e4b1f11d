#include "daemons.h"
#include "machine.h"
#include "jobs.h"
#include "msg.h"
#include "proc.h"
#include "netif.h"
#include "services.h"
#include "sockact.h"
#include "timeline.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
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
/* The rootless service waits for its first client (see daemons_demand). */
static int user_fd = -1;
static int user_sock = -1;      /* the same socket, kept after the hand-over */
static char user_cmd[512];
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

/* No RSA: its prime search takes tens of seconds under emulation, and
 * every OpenSSH client since 6.5 takes ed25519. */
const char *const ssh_key_types[SSH_NKEY_TYPES] = { "ed25519", "ecdsa" };

static int keygen(const char *type, const char *key)
{
	char pub[160];
	snprintf(pub, sizeof(pub), "%s.pub", key);
	unlink(key); /* an empty file from an interrupted run */
	unlink(pub);
	char *argv[] = { SSH_KEYGEN, "-q", "-t", (char *)type, "-N", "", "-C", "boot2podman", "-f", (char *)key, NULL };
	if (run_wait(argv, "/var/log/sshd.log", 120000) != 0) {
		b2p_log("ssh-keygen -t %s failed; see /var/log/sshd.log", type);
		return -1;
	}
	return 0;
}

/* A small file copied whole (key files are a few hundred bytes). */
static int copy_small(const char *src, const char *dst, mode_t mode)
{
	char buf[8192];
	ssize_t n = read_small(src, buf, sizeof(buf));
	if (n <= 0)
		return -1;
	int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		b2p_err("open %s", dst);
		return -1;
	}
	int rc = write(fd, buf, (size_t)n) == n && fsync(fd) == 0 ? 0 : -1;
	if (rc < 0)
		b2p_err("write %s", dst);
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

/* Takes the key made ahead (daemons_keys_ahead) when it is complete: its
 * .pub is moved into place last, after the private key. */
static int adopt_ahead(const char *type, const char *key)
{
	char early[128], epub[140], pub[160];
	snprintf(early, sizeof(early), KEYS_AHEAD_DIR "/ssh_host_%s_key", type);
	snprintf(epub, sizeof(epub), "%s.pub", early);
	snprintf(pub, sizeof(pub), "%s.pub", key);
	struct stat st;
	if (stat(epub, &st) < 0 || st.st_size == 0)
		return -1;
	if (copy_small(early, key, 0600) < 0 || copy_small(epub, pub, 0644) < 0) {
		unlink(key);
		unlink(pub);
		return -1;
	}
	return 0;
}

/* The keys made ahead are cheaper to wait for than to make a second time
 * beside them; bounded, in case their maker died. */
static void wait_ahead(void)
{
	for (int i = 0; i < 300 && path_exists(KEYS_AHEAD_DIR "/busy"); i++)
		sleep_ms(100);
}

static int host_keys(void)
{
	if (mkdir_p(SSH_KEY_DIR, 0700) < 0)
		return -1;
	wait_ahead();
	int made = 0, adopted = 0;
	for (size_t i = 0; i < SSH_NKEY_TYPES; i++) {
		char key[128];
		snprintf(key, sizeof(key), SSH_KEY_DIR "/ssh_host_%s_key", ssh_key_types[i]);
		struct stat st;
		if (stat(key, &st) == 0 && st.st_size > 0)
			continue;
		if (adopt_ahead(ssh_key_types[i], key) == 0) {
			adopted++;
			continue;
		}
		if (keygen(ssh_key_types[i], key) < 0)
			return -1;
		made++;
	}
	if (made + adopted)
		b2p_log("made %d ssh host keys in " SSH_KEY_DIR "%s", made + adopted,
			adopted ? " (during the format)" : "");
	return 0;
}

void daemons_keys_ahead(void)
{
	if (!is_executable(SSH_KEYGEN) || mkdir_p(KEYS_AHEAD_DIR, 0700) < 0)
		return;
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("fork to make ssh host keys ahead");
		return;
	}
	if (pid > 0)
		return;
	long long t = timeline_now_ms();
	int busy = open(KEYS_AHEAD_DIR "/busy", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (busy < 0)
		b2p_err("create " KEYS_AHEAD_DIR "/busy");
	else
		close(busy);
	for (size_t i = 0; i < SSH_NKEY_TYPES; i++) {
		char tmp[128], key[128], tpub[140], pub[140];
		snprintf(tmp, sizeof(tmp), KEYS_AHEAD_DIR "/new_%s", ssh_key_types[i]);
		snprintf(key, sizeof(key), KEYS_AHEAD_DIR "/ssh_host_%s_key", ssh_key_types[i]);
		snprintf(tpub, sizeof(tpub), "%s.pub", tmp);
		snprintf(pub, sizeof(pub), "%s.pub", key);
		if (keygen(ssh_key_types[i], tmp) < 0)
			break;
		if (rename(tmp, key) < 0 || rename(tpub, pub) < 0) {
			b2p_err("rename %s", tmp);
			break;
		}
	}
	timeline_end("hostkeys:ahead", t);
	unlink(KEYS_AHEAD_DIR "/busy");
	_exit(0);
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
	char run[64], sockdir[80], sock[100];
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
	snprintf(user_cmd, sizeof(user_cmd),
		 "echo $$ >%s/cgroup.procs && exec /bin/su -s /bin/sh %s -c "
		 "'XDG_RUNTIME_DIR=%s exec " PODMAN " system service --time=0%s%s'",
		 cg, user, run, fd >= 0 ? "" : " unix://", fd >= 0 ? "" : sock);
	if (fd >= 0) {
		/* Started on its first client, not during the boot: a second
		 * podman starting beside the root one only slowed both. */
		user_fd = user_sock = fd;
		return;
	}
	char *argv[] = { "/bin/sh", "-c", user_cmd, NULL };
	svc_add("podman-user", argv);
}

void daemons_release(void)
{
	if (podman_fd >= 0)
		close(podman_fd);
	if (user_sock >= 0)
		close(user_sock);
	podman_fd = user_fd = user_sock = -1;
}

int daemons_demand_fd(void)
{
	return user_fd;
}

void daemons_demand(void)
{
	if (user_fd < 0)
		return;
	char *argv[] = { "/bin/sh", "-c", user_cmd, NULL };
	if (svc_add("podman-user", argv) == 0 && svc_set_listen_fd("podman-user", user_fd) == 0) {
		b2p_log("rootless podman service started for its first client");
		svc_tick(mono_now());
	}
	/* Supervised from now on like any service; the init no longer
	 * watches the socket. */
	user_fd = -1;
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
