#include "loopdev.h"
#include "msg.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* devtmpfs creates the node asynchronously after LOOP_CTL_GET_FREE. */
#define NODE_WAIT_MS 2000

static int open_node(const char *dev)
{
	for (unsigned waited = 0;; waited += 10) {
		int fd = open(dev, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT || waited >= NODE_WAIT_MS)
			return fd;
		sleep_ms(10);
	}
}

static int configure(int lfd, int ffd, const char *file)
{
	struct loop_config cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.fd = (unsigned)ffd;
	cfg.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
	snprintf((char *)cfg.info.lo_file_name, sizeof(cfg.info.lo_file_name), "%s", file);
	if (ioctl(lfd, LOOP_CONFIGURE, &cfg) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOTTY)
		return -1;
	/* Kernels before 5.8: the two-step way. */
	if (ioctl(lfd, LOOP_SET_FD, ffd) < 0)
		return -1;
	if (ioctl(lfd, LOOP_SET_STATUS64, &cfg.info) < 0) {
		int e = errno;
		ioctl(lfd, LOOP_CLR_FD, 0);
		errno = e;
		return -1;
	}
	return 0;
}

int loop_attach(const char *file, char *dev, size_t devlen, char *why, size_t whylen)
{
	int ffd = open(file, O_RDONLY | O_CLOEXEC);
	if (ffd < 0) {
		snprintf(why, whylen, "open %s: %s", file, strerror(errno));
		return -1;
	}
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		snprintf(why, whylen, "open /dev/loop-control: %s", strerror(errno));
		close(ffd);
		return -1;
	}
	int lfd = -1;
	/* Another process may grab the same free device; try again then. */
	for (int attempt = 0; attempt < 5 && lfd < 0; attempt++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			snprintf(why, whylen, "no free loop device: %s", strerror(errno));
			break;
		}
		snprintf(dev, devlen, "/dev/loop%d", n);
		lfd = open_node(dev);
		if (lfd < 0) {
			snprintf(why, whylen, "open %s: %s", dev, strerror(errno));
			break;
		}
		if (configure(lfd, ffd, file) < 0) {
			int e = errno;
			snprintf(why, whylen, "attach to %s: %s", dev, strerror(e));
			close(lfd);
			lfd = -1;
			if (e != EBUSY)
				break;
		}
	}
	close(ctl);
	close(ffd);
	return lfd;
}

int loop_detach_all(void)
{
	int n = 0;
	for (int i = 0; i < 256; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/sys/block/loop%d/loop/backing_file", i);
		if (!path_exists(path))
			continue;
		snprintf(path, sizeof(path), "/dev/loop%d", i);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (ioctl(fd, LOOP_CLR_FD, 0) == 0)
			n++;
		else if (errno != ENXIO)
			b2p_err("detach %s", path);
		close(fd);
	}
	return n;
}
