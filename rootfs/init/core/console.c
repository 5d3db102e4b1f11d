#include "console.h"
#include "msg.h"
#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static int open_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd >= 0)
		return fd;
	/* No node in the initramfs: borrow one from a devtmpfs. */
	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) < 0)
		return -1;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	umount2("/dev", MNT_DETACH);
	return fd;
}

void console_stdio(void)
{
	if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
		return;
	int fd = open_console();
	if (fd < 0)
		fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

int console_usable(const char *tty)
{
	int fd = open(tty, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct termios t;
	int ok = tcgetattr(fd, &t) == 0;
	close(fd);
	return ok;
}

void console_exec_shell(const char *tty)
{
	child_reset_signals();
	if (setsid() < 0)
		b2p_err("setsid for %s", tty);
	int fd = open(tty, O_RDWR);
	if (fd < 0) {
		b2p_err("open %s", tty);
		_exit(1);
	}
	/* Steal it: a previous shell's session may still own the tty. */
	if (ioctl(fd, TIOCSCTTY, 1) < 0)
		b2p_err("TIOCSCTTY %s", tty);
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	setenv("HOME", "/root", 1);
	setenv("PATH", B2P_PATH, 1);
	setenv("TERM", strncmp(tty, "/dev/ttyS", 9) == 0 ? "vt102" : "linux", 1);
	setenv("SHELL", "/bin/sh", 1);
	setenv("USER", "root", 1);
	setenv("LOGNAME", "root", 1);
	if (chdir("/root") < 0 && chdir("/") < 0)
		b2p_err("chdir /");
	char *argv[] = { "-sh", NULL };
	execv("/bin/sh", argv);
	b2p_err("exec /bin/sh on %s", tty);
	_exit(127);
}
