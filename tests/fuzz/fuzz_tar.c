/* libFuzzer target: the userdata tar comes from outside the VM.  Checks
 * that parsing stays inside the buffer and that every name we would
 * extract is relative and never climbs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "storage_util.h"
#include "tar.h"
#include "userdata.h"

static void check_name(const char *name)
{
	char rel[TAR_NAME_MAX];
	if (userdata_clean_name(name, rel, sizeof(rel)) < 0)
		return;
	if (rel[0] == '/' || rel[0] == 0)
		abort();
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			abort();
		p += n;
		if (*p == '/')
			p++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *ud;
	size_t n;
	int complete;
	struct tar_iter it;
	struct tar_entry e;

	b2p_quiet = 1;
	size_t valid = tar_valid_prefix(data, size, &complete);
	if (valid > size || valid % TAR_BLOCK)
		abort();
	if (userdata_from_stream(data, size, &ud, &n) == 0) {
		/* the clean copy must itself be a complete archive */
		if (tar_valid_prefix(ud, n, &complete) != n || !complete)
			abort();
		tar_iter_init(&it, ud, n);
		while (tar_next(&it, &e) == 1) {
			if (e.data < ud || e.data + e.size > ud + n)
				abort();
			/* a name too long to keep is flagged, never cut */
			if (e.name_bad && e.name[0])
				abort();
			check_name(e.name);
		}
		free(ud);
	}
	return 0;
}
