#include "netif.h"
#include "msg.h"
#include "util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int netif_up(const char *name)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		b2p_err("socket for %s", name);
		return -1;
	}
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
	if (rc == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		rc = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	if (rc < 0)
		b2p_err("bring up %s", name);
	close(fd);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Shaped like powerbtn_open's scan of /dev/input (a deliberate exception:
 * the same opendir/readdir walk, nothing else in common). */
int netif_ethernet(char names[][IF_NAMESIZE], int max)
{
	DIR *d = opendir("/sys/class/net");
	if (!d) {
		b2p_err("open /sys/class/net");
		return 0;
	}
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < max) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "lo") || strlen(e->d_name) >= IF_NAMESIZE)
			continue;
		char path[300], buf[32];
		/* ARPHRD_ETHER, and a real (or virtual-hardware) device. */
		snprintf(path, sizeof(path), "/sys/class/net/%s/type", e->d_name);
		if (read_small(path, buf, sizeof(buf)) < 0 || atoi(buf) != 1)
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/device", e->d_name);
		if (!path_exists(path))
			continue;
		memcpy(names[n++], e->d_name, strlen(e->d_name) + 1);
	}
	closedir(d);
	qsort(names, (size_t)n, IF_NAMESIZE, cmp_name);
	return n;
}

int netif_ipv4(char *buf, size_t n)
{
	struct ifaddrs *ifa;
	buf[0] = '\0';
	if (getifaddrs(&ifa) < 0)
		return 0;
	int count = 0;
	size_t len = 0;
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK))
			continue;
		char a[INET_ADDRSTRLEN];
		const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)i->ifa_addr;
		if (!inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a)))
			continue;
		int w = snprintf(buf + len, n - len, "%s%s", count ? "," : "", a);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
		count++;
	}
	freeifaddrs(ifa);
	return count;
}
