#include "hostname.h"
#include "msg.h"
#include "util.h"

#include <string.h>
#include <unistd.h>

void set_hostname_from(const char *const files[])
{
	char name[65] = "boot2podman";
	for (size_t i = 0; files[i]; i++) {
		char buf[256];
		if (read_small(files[i], buf, sizeof(buf)) <= 0)
			continue;
		char *nl = strchr(buf, '\n');
		if (nl)
			*nl = '\0';
		rstrip(buf);
		if (buf[0] && strlen(buf) < sizeof(name)) {
			strcpy(name, buf);
			break;
		}
	}
	if (sethostname(name, strlen(name)) < 0)
		b2p_err("sethostname %s", name);
}
