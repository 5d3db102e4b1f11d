/* libFuzzer target: the kernel command line is whatever the boot loader
 * or the user typed.  Parsing must stay in bounds, and every share it
 * keeps must be one cmdline_share accepts: a tag, and an absolute path
 * outside the system's trees. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	struct b2p_cmdline c;
	cmdline_defaults(&c);
	cmdline_parse(line, &c);
	if (c.nshares < 0 || c.nshares > CMDLINE_SHARES_MAX)
		abort();
	for (int i = 0; i < c.nshares; i++) {
		char again[sizeof(c.share[i].tag) + sizeof(c.share[i].path) + 2];
		struct b2p_share s;
		strcpy(again, c.share[i].tag);
		strcat(again, ":");
		strcat(again, c.share[i].path);
		if (c.share[i].path[0] != '/' || cmdline_share(again, &s) != 0 || strcmp(s.path, c.share[i].path))
			abort();
	}
	if (c.waitdisk_s > CMDLINE_WAITDISK_MAX || c.user[0] == '\0' || c.tce[0] != '/')
		abort();
	free(line);
	return 0;
}
