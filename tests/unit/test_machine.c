/* machine.c: /run/docker.sock is made to point at podman's socket; a
 * stale link is replaced, a real file (another daemon's socket) is kept. */
#include "machine.h"
#include "tu.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int link_is(const char *link, const char *want)
{
	char got[PATH_MAX];
	ssize_t n = readlink(link, got, sizeof(got) - 1);
	if (n < 0)
		return 0;
	got[n] = '\0';
	return strcmp(got, want) == 0;
}

static void makes_the_link(void)
{
	const char *l = tu_path("docker.sock");
	unlink(l);
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == 0);
	CHECK(link_is(l, "/run/podman/podman.sock"));
	/* again: nothing to do, still right */
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == 0);
	CHECK(link_is(l, "/run/podman/podman.sock"));
}

static void replaces_a_stale_link(void)
{
	const char *l = tu_path("stale.sock");
	unlink(l);
	REQUIRE(symlink("/elsewhere/docker.sock", l) == 0);
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == 0);
	CHECK(link_is(l, "/run/podman/podman.sock"));
}

static void keeps_a_real_file(void)
{
	const char *l = tu_path("real.sock");
	REQUIRE(tu_sh("echo daemon >'%s'", l) == 0);
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == -1);
	struct stat st;
	CHECK(lstat(l, &st) == 0 && S_ISREG(st.st_mode));
}

static void reports_a_missing_dir(void)
{
	const char *l = tu_path("no/such/dir/docker.sock");
	CHECK(machine_docker_sock(l, "/run/podman/podman.sock") == -1);
}

int main(void)
{
	TU_RUN(makes_the_link);
	TU_RUN(replaces_a_stale_link);
	TU_RUN(keeps_a_real_file);
	TU_RUN(reports_a_missing_dir);
	return tu_finish();
}
