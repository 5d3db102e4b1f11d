#include "machine.h"
#include "msg.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int machine_docker_sock(const char *link, const char *podman_sock)
{
	struct stat st;
	/* /run is a fresh tmpfs each boot; anything already there was put by
	 * someone on purpose (a real docker daemon's socket): keep it. */
	if (lstat(link, &st) == 0) {
		if (!S_ISLNK(st.st_mode)) {
			b2p_log("%s exists and is not a link: left alone", link);
			return -1;
		}
		char old[256];
		ssize_t n = readlink(link, old, sizeof(old) - 1);
		if (n >= 0) {
			old[n] = '\0';
			if (!strcmp(old, podman_sock))
				return 0;
		}
		if (unlink(link) < 0) {
			b2p_err("unlink %s", link);
			return -1;
		}
	} else if (errno != ENOENT) {
		b2p_err("lstat %s", link);
		return -1;
	}
	if (symlink(podman_sock, link) < 0) {
		b2p_err("symlink %s -> %s", link, podman_sock);
		return -1;
	}
	return 0;
}
