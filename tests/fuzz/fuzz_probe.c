/* libFuzzer target: the signature prober on arbitrary device contents
 * (the input is the device; reads outside it must never happen). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "probe.h"

struct mem { const uint8_t *p; size_t n; };

static int rd(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mem *m = ctx;
	if (off > m->n || len > m->n - off)
		abort();        /* the prober must bound its reads */
	memcpy(buf, m->p + off, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct probe_result r;

	b2p_quiet = 1;
	for (unsigned skip = 0; skip < 2; skip++) {
		int rc = probe_any(rd, &m, size, skip ? PROBE_SKIP(PROBE_MBR) : 0, &r);
		if (rc == 1 && (r.sig <= PROBE_NONE || r.sig >= PROBE_NSIGS || strlen(r.label) >= sizeof(r.label)))
			abort();
		if (rc == 1 && skip && r.sig == PROBE_MBR)
			abort();
	}
	return 0;
}
