/* conrun: runs one shell command on a guest's serial console through
 * QEMU's unix-socket chardev and relays its output and exit status.
 *
 *   conrun SOCKET TIMEOUT_SECONDS COMMAND
 *
 * The guest prints __B2P_OUT__ before the output and __B2P_RC=<n>__ after
 * it; the command line we send spells both with a quote in the middle, so
 * the terminal's echo of our own input (however the line editor wraps it)
 * never matches them.  Exit status: the command's, 124 on
 * timeout, 125 on a local error. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MARK "__B2P_RC="

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "conrun: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "conrun: connect %s: %s\n", path, strerror(errno));
		return -1;
	}
	return fd;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			fprintf(stderr, "conrun: write: %s\n", strerror(errno));
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Prints what lies between the echoed command line and the marker. */
static int relay(const char *buf, const char *mark_at)
{
	const char *start = strstr(buf, "__B2P_OUT__");
	start = start ? strchr(start, '\n') : NULL;
	start = start ? start + 1 : buf;
	const char *end = mark_at;
	while (end > start && end[-1] != '\n')
		end--;
	for (const char *p = start; p < end; p++)
		if (*p != '\r')
			putchar(*p);
	return atoi(mark_at + strlen(MARK));
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: conrun SOCKET TIMEOUT COMMAND\n");
		return 125;
	}
	double deadline = now() + atof(argv[2]);
	int fd = connect_unix(argv[1]);
	if (fd < 0)
		return 125;

	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap + 1);
	char *line = NULL;
	if (!buf || asprintf(&line, "echo \"__B2P\"\"_OUT__\"; ( %s ); echo \"__B2P_RC\"\"=$?__\"\n", argv[3]) < 0) {
		fprintf(stderr, "conrun: out of memory\n");
		return 125;
	}
	if (write_all(fd, line, strlen(line)) < 0)
		return 125;

	while (now() < deadline) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = poll(&p, 1, 200);
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "conrun: poll: %s\n", strerror(errno));
			return 125;
		}
		if (r <= 0)
			continue;
		if (len == cap) /* keep the tail: the marker comes last */
			len = 0;
		ssize_t n = read(fd, buf + len, cap - len);
		if (n <= 0) {
			fprintf(stderr, "conrun: console closed\n");
			return 125;
		}
		len += (size_t)n;
		buf[len] = '\0';
		for (size_t i = 0; i < len; i++) /* NULs would end strstr early */
			if (buf[i] == '\0')
				buf[i] = ' ';
		char *m = strstr(buf, MARK);
		if (m && strstr(m + strlen(MARK), "__"))
			return relay(buf, m);
	}
	fprintf(stderr, "conrun: no answer to '%s' within %s s\n", argv[3], argv[2]);
	return 124;
}
