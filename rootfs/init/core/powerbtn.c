#include "powerbtn.h"
#include "msg.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define BITS_PER_LONG (8 * sizeof(unsigned long))
#define NLONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static int test_bit(const unsigned long *bits, unsigned bit)
{
	return (bits[bit / BITS_PER_LONG] >> (bit % BITS_PER_LONG)) & 1;
}

static int has_power_key(int fd)
{
	unsigned long ev[NLONGS(EV_MAX + 1)], keys[NLONGS(KEY_MAX + 1)];
	memset(ev, 0, sizeof(ev));
	memset(keys, 0, sizeof(keys));
	if (ioctl(fd, EVIOCGBIT(0, sizeof(ev)), ev) < 0 || !test_bit(ev, EV_KEY))
		return 0;
	if (ioctl(fd, EVIOCGBIT(EV_KEY, sizeof(keys)), keys) < 0)
		return 0;
	return test_bit(keys, KEY_POWER);
}

/* Shaped like netif_ethernet's scan of /sys/class/net (a deliberate
 * exception: the same opendir/readdir walk, nothing else in common). */
int powerbtn_open(int fds[], int max)
{
	DIR *d = opendir("/dev/input");
	if (!d) {
		b2p_dbg("no /dev/input: no power button");
		return 0;
	}
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < max) {
		if (strncmp(e->d_name, "event", 5) != 0)
			continue;
		char path[300];
		snprintf(path, sizeof(path), "/dev/input/%s", e->d_name);
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			b2p_err("open %s", path);
			continue;
		}
		if (has_power_key(fd)) {
			char name[128] = "";
			ioctl(fd, EVIOCGNAME(sizeof(name) - 1), name);
			b2p_dbg("power button: %s (%s)", path, name);
			fds[n++] = fd;
		} else {
			close(fd);
		}
	}
	closedir(d);
	return n;
}

int powerbtn_pressed(int fd)
{
	struct input_event ev[16];
	int pressed = 0;
	for (;;) {
		ssize_t r = read(fd, ev, sizeof(ev));
		if (r <= 0)
			break;
		for (size_t i = 0; i < (size_t)r / sizeof(ev[0]); i++)
			if (ev[i].type == EV_KEY && ev[i].code == KEY_POWER && ev[i].value == 1)
				pressed = 1;
	}
	return pressed;
}
