#include "timeline.h"
#include "msg.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STEP_MAX 32

long long timeline_now_ms(void)
{
	struct timespec ts;
	/* BOOTTIME: counts from the kernel's start like /proc/uptime does,
	 * which is what the host-side bench lines up with the console. */
	if (clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		return -1;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int step_ok(const char *step)
{
	size_t n = strlen(step);
	if (n == 0 || n >= STEP_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (step[i] <= ' ' || step[i] > '~')
			return 0;
	return 1;
}

int timeline_add_to(const char *path, long long start_ms, long long dur_ms, const char *step)
{
	char line[96], dir[256];
	if (!step_ok(step) || start_ms < 0) {
		b2p_log("timeline: refusing step '%s' at %lld ms", step, start_ms);
		return -1;
	}
	if (dur_ms < 0)
		dur_ms = 0;
	int len = snprintf(line, sizeof(line), "%lld %lld %s\n", start_ms, dur_ms, step);
	const char *slash = strrchr(path, '/');
	if (slash && slash != path && (size_t)(slash - path) < sizeof(dir)) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = 0;
		if (!path_exists(dir) && mkdir_p(dir, 0755) < 0)
			return -1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		b2p_err("timeline: open %s", path);
		return -1;
	}
	ssize_t w;
	do
		w = write(fd, line, (size_t)len);
	while (w < 0 && errno == EINTR);
	int rc = w == len ? 0 : -1;
	if (rc < 0)
		b2p_err("timeline: write %s", path);
	if (close(fd) < 0) {
		b2p_err("timeline: close %s", path);
		rc = -1;
	}
	return rc;
}

int timeline_add(long long start_ms, long long dur_ms, const char *step)
{
	return timeline_add_to(TIMELINE_PATH, start_ms, dur_ms, step);
}

void timeline_end(const char *step, long long start_ms)
{
	long long now = timeline_now_ms();
	if (start_ms >= 0 && now >= 0)
		timeline_add(start_ms, now - start_ms, step);
}

/* One line of the file: 1 when it has the three fields. */
static int parse_line(const char *line, size_t len, long long *start, long long *dur, char *step)
{
	char buf[128];
	int at = -1;
	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, line, len);
	buf[len] = 0;
	if (sscanf(buf, "%lld %lld %31s %n", start, dur, step, &at) != 3 || at != (int)len)
		return 0;
	return *start >= 0 && *dur >= 0 && step_ok(step);
}

int timeline_summary(const char *text, char *out, size_t n)
{
	size_t used = 0;
	int steps = 0;
	if (n == 0)
		return 0;
	out[0] = 0;
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		long long start, dur;
		char step[STEP_MAX], pair[STEP_MAX + 24];
		if (parse_line(text, len, &start, &dur, step)) {
			int k = snprintf(pair, sizeof(pair), "%s%s=%lld", used ? " " : "", step,
					 strcmp(step, "ready") == 0 ? start : dur);
			if (k < 0 || used + (size_t)k >= n)
				break;
			memcpy(out + used, pair, (size_t)k + 1);
			used += (size_t)k;
			steps++;
		}
		text += len + (nl != NULL);
	}
	return steps;
}

int timeline_summary_of(const char *path, char *out, size_t n)
{
	char text[16384];
	if (read_small(path, text, sizeof(text)) < 0) {
		b2p_err("timeline: read %s", path);
		if (n)
			out[0] = 0;
		return -1;
	}
	return timeline_summary(text, out, n);
}

int timeline_copy(const char *src, const char *dst)
{
	char text[16384], tmp[512];
	ssize_t n = read_small(src, text, sizeof(text));
	if (n < 0) {
		b2p_err("timeline: read %s", src);
		return -1;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.new", dst) >= (int)sizeof(tmp)) {
		b2p_log("timeline: path too long: %s", dst);
		return -1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		b2p_err("timeline: open %s", tmp);
		return -1;
	}
	int rc = write(fd, text, (size_t)n) == n ? 0 : -1;
	if (rc < 0)
		b2p_err("timeline: write %s", tmp);
	if (close(fd) < 0) {
		b2p_err("timeline: close %s", tmp);
		rc = -1;
	}
	if (rc == 0 && rename(tmp, dst) < 0) {
		b2p_err("timeline: rename %s to %s", tmp, dst);
		rc = -1;
	}
	if (rc < 0)
		unlink(tmp);
	return rc;
}
