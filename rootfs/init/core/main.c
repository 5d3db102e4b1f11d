/* b2pinit: PID 1 of the boot2podman ISO.  See docs/boot-sequence.md. */
#include "cmdline.h"
#include "console.h"
#include "daemons.h"
#include "msg.h"
#include "varlog.h"
#include "mounts.h"
#include "netif.h"
#include "pkgload.h"
#include "powerbtn.h"
#include "signals.h"
#include "ready.h"
#include "shares.h"
#include "rootswitch.h"
#include "services.h"
#include "shutdown.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if __has_include("storage.h")
#include "storage.h"
#define HAVE_STORAGE 1
#endif

/* Everything wanted at ready time should be up well before this. */
#define READY_WARN_S 180.0
#define LOG_ROTATE_EVERY_S 30
#define CONSOLES_LATEST_S 60.0

static struct b2p_cmdline opts;
static struct ready_want want;
#ifdef HAVE_STORAGE
static struct storage_result storage;
#endif

static void read_cmdline(void)
{
	char line[4096];
	cmdline_defaults(&opts);
	if (read_small("/proc/cmdline", line, sizeof(line)) < 0) {
		b2p_err("read /proc/cmdline");
		return;
	}
	cmdline_parse(line, &opts);
	b2p_debug = opts.debug;
}

static void setup_storage(void)
{
#ifdef HAVE_STORAGE
	struct storage_opts so = {
		.nodisk = opts.nodisk,
		.disk = opts.disk[0] ? opts.disk : NULL,
		.waitdisk_s = opts.waitdisk_s,
		.swap_bytes = opts.swap_bytes,
		.debug = opts.debug,
		.user = opts.user,
	};
	storage_setup(&so, &storage);
	if (storage.persistent)
		varlog_persist(STORAGE_STATE_DIR);
#else
	b2p_log("built without storage support: nothing will persist");
#endif
}

static void ensure_home(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (!pw || path_exists(pw->pw_dir))
		return;
	if (mkdir_p(pw->pw_dir, 0755) < 0)
		return;
	if (chown(pw->pw_dir, pw->pw_uid, pw->pw_gid) < 0)
		b2p_err("chown %s", pw->pw_dir);
}

static void start_consoles(void)
{
	static const char *const ttys[][2] = {
		{ "ttyS0", "/dev/ttyS0" },
		{ "tty1", "/dev/tty1" },
	};
	int n = 0;
	for (size_t i = 0; i < sizeof(ttys) / sizeof(ttys[0]); i++) {
		if (!console_usable(ttys[i][1])) {
			b2p_dbg("no usable %s: no shell there", ttys[i][1]);
			continue;
		}
		char name[32];
		snprintf(name, sizeof(name), "console-%s", ttys[i][0]);
		n += svc_add_console(name, ttys[i][1]) == 0;
	}
	if (n == 0)
		b2p_log("no terminal for a console shell (tried /dev/ttyS0, /dev/tty1)");
}

/* The user's hooks in the state dir (boot2docker's names): bootsync.sh
 * before the daemons, waited for (bounded); bootlocal.sh after, not.
 * Only ever from the chosen data disk: never in RAM mode. */
static void run_user_script(const char *name, int wait)
{
	char path[128];
#ifdef HAVE_STORAGE
	if (!storage_user_script(&storage, STORAGE_STATE_DIR, name, path, sizeof(path)))
		return;
#else
	(void)path;
	(void)wait;
	b2p_dbg("no storage support: %s not run", name);
	return;
#endif
	char *argv[] = { "/bin/sh", path, NULL };
	b2p_log("running %s", path);
	if (wait) {
		int rc = run_wait(argv, "/var/log/bootscripts.log", 60000);
		if (rc != 0)
			b2p_log("%s failed (%d); see /var/log/bootscripts.log", name, rc);
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		b2p_err("fork for %s", name);
	} else if (pid == 0) {
		child_reset_signals();
		child_redirect("/var/log/bootscripts.log");
		setsid();
		execv(argv[0], argv);
		_exit(127);
	}
}

static void handle_signal(int sig)
{
	switch (sig) {
	case SIGUSR2:
		shutdown_system(SHUTDOWN_POWEROFF);
	case SIGUSR1:
		shutdown_system(SHUTDOWN_HALT);
	case SIGTERM:
	case SIGINT:
		shutdown_system(SHUTDOWN_REBOOT);
	default:
		break; /* SIGCHLD and the rest: reaping happens every round */
	}
}

static void reap_children(void)
{
	int st;
	pid_t p;
	while ((p = reap_one(&st)) > 0)
		svc_child_exited(p, st, mono_now());
}

static void __attribute__((noreturn)) main_loop(int sfd)
{
	int btn[POWERBTN_MAX];
	int nbtn = powerbtn_open(btn, POWERBTN_MAX);
	if (nbtn == 0)
		b2p_log("no power button found; ACPI power-down will not work");
	double ready_deadline = mono_now() + READY_WARN_S;
	double rotate_due = mono_now() + LOG_ROTATE_EVERY_S;
	/* Shells come after the ready line, so their prompts do not run into
	 * the boot messages; a boot that hangs still gets them, later. */
	double consoles_due = mono_now() + CONSOLES_LATEST_S;
	int consoles = 0;
	int ready = 0;
	for (;;) {
		double now = mono_now();
		if (now >= rotate_due) {
			varlog_rotate("/var/log", VARLOG_MAX_BYTES);
			rotate_due = now + LOG_ROTATE_EVERY_S;
		}
		svc_tick(now);
		int pending = daemons_tick();
		want.hold = pending;
		if (!ready)
			ready = ready_poll(&want, now, ready_deadline);
		if (!consoles && (ready || now >= consoles_due)) {
			start_consoles();
			consoles = 1;
			svc_tick(mono_now());
			/* After the services are up, as boot2docker ran it. */
			run_user_script("bootlocal.sh", 0);
		}
		double due = svc_next_due(mono_now());
		int timeout = due < 0 ? -1 : (int)(due * 1000) + 1;
		if ((!ready || pending) && (timeout < 0 || timeout > 200))
			timeout = 200;
		if (timeout < 0 || timeout > LOG_ROTATE_EVERY_S * 1000)
			timeout = LOG_ROTATE_EVERY_S * 1000;
		struct pollfd pfd[1 + POWERBTN_MAX];
		int n = 0;
		if (sfd >= 0)
			pfd[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		for (int i = 0; i < nbtn; i++)
			pfd[n++] = (struct pollfd){ .fd = btn[i], .events = POLLIN };
		if (sfd < 0 && (timeout < 0 || timeout > 200))
			timeout = 200; /* no signalfd: poll the pending set instead */
		if (poll(pfd, (nfds_t)n, timeout) < 0 && errno != EINTR)
			b2p_err("poll");
		int sig;
		while ((sig = signals_read(sfd)) > 0)
			handle_signal(sig);
		reap_children();
		for (int i = sfd >= 0 ? 1 : 0; i < n; i++) {
			if ((pfd[i].revents & POLLIN) && powerbtn_pressed(pfd[i].fd)) {
				b2p_log("power button pressed");
				shutdown_system(SHUTDOWN_POWEROFF);
			}
		}
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	console_stdio();
	umask(022);
	if (getpid() != 1)
		b2p_log("warning: running as pid %d, not as init", (int)getpid());
	setenv("PATH", B2P_PATH, 1);
	setenv("HOME", "/root", 1);
	if (chdir("/") < 0)
		b2p_err("chdir /");

	int switched = getenv(ROOTSWITCH_ENV) != NULL;
	unsetenv(ROOTSWITCH_ENV);
	if (mounts_proc() == 0) {
		int initramfs = root_is_initramfs();
		if (initramfs == 1 && !switched)
			root_switch(argv); /* returns only on failure */
		if (initramfs == 1 && switched)
			b2p_log("/ is still the initramfs after the switch; containers will fail (pivot_root)");
	}

	int sfd = signals_setup();
	mounts_setup();
	netif_up("lo");
	set_hostname_from((const char *const[]){ "/etc/hostname", NULL });
	read_cmdline();

	/* Before storage: mkfs.ext4 comes from a package. */
	struct pkgload_result pr;
	if (opts.noload)
		b2p_log("b2p.noload: not loading packages");
	else
		pkgload_all(opts.tce, &pr);
	setup_storage();
	ensure_home(opts.user); /* RAM mode: nothing else made it */
	set_hostname_from((const char *const[]){ "/var/lib/boot2podman/etc/hostname", "/etc/hostname", NULL });

	/* Before podman starts, so containers see the host's folders. */
	shares_mount(&opts);
	run_user_script("bootsync.sh", 1);
	daemons_start(opts.ntp, opts.user, &want);
	main_loop(sfd);
}
