#include "cmdline.h"
#include "msg.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void cmdline_defaults(struct b2p_cmdline *c)
{
	memset(c, 0, sizeof(*c));
	c->waitdisk_s = CMDLINE_WAITDISK_DEFAULT;
	c->disksettle_ms = CMDLINE_DISKSETTLE_DEFAULT;
	strcpy(c->user, "tc");
	strcpy(c->tce, "/tce");
}

int cmdline_size(const char *s, unsigned long long *out)
{
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return -1;
	}
	if (*end == 'i' || *end == 'I')
		end++; /* "Mi", "GiB" */
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end != '\0')
		return -1;
	/* Anything above 16 TiB is a typo, not a swap size. */
	if (v > (1ULL << 44) >> shift)
		return -1;
	*out = v << shift;
	return 0;
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int user_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32 || !(islower((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* Copies a string value; empty or too long is bad. */
static int set_str(char *dst, size_t n, const char *v)
{
	size_t len = strlen(v);
	if (len == 0 || len >= n)
		return -1;
	memcpy(dst, v, len + 1);
	return 0;
}

/* A flag is "b2p.x", "b2p.x=1|yes|on" or "b2p.x=0|no|off". */
static int parse_flag(const char *v, int *out)
{
	if (!v || !strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "true")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "false")) {
		*out = 0;
		return 0;
	}
	return -1;
}

static int tag_ok(const char *s, size_t n)
{
	if (n == 0 || n >= sizeof(((struct b2p_share *)0)->tag))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

/* Mounting over these would break the running system or hand PID 1's
 * files (keys, logs) to whoever serves the share. */
int cmdline_path_reserved(const char *p)
{
	static const char *const sys[] = { "/proc", "/sys", "/dev", "/run", "/etc", "/usr", "/bin",
					   "/sbin", "/lib", "/lib64", "/tce", "/var/lib", "/var/log",
					   "/var/tmp", "/tmp", "/root" };
	if (!strcmp(p, "/") || !strcmp(p, "/var") || !strcmp(p, "/home"))
		return 1;
	for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]); i++) {
		size_t n = strlen(sys[i]);
		if (!strncmp(p, sys[i], n) && (p[n] == '\0' || p[n] == '/'))
			return 1;
	}
	return 0;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

int cmdline_share(const char *s, struct b2p_share *out)
{
	const char *colon = strchr(s, ':');
	if (!colon || !tag_ok(s, (size_t)(colon - s)))
		return -1;
	char path[sizeof(out->path)];
	size_t n = strlen(colon + 1);
	if (n >= sizeof(path))
		return -1;
	memcpy(path, colon + 1, n + 1);
	/* one spelling per mount point: no trailing slash (checked after) */
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	if (path[0] != '/' || strstr(path, "/../") || strstr(path, "/./") || strstr(path, "//") ||
	    ends_with(path, n, "/..") || ends_with(path, n, "/.") || cmdline_path_reserved(path))
		return -1;
	memcpy(out->tag, s, (size_t)(colon - s));
	out->tag[colon - s] = '\0';
	memcpy(out->path, path, n + 1);
	return 0;
}

/* One "key[=value]" word; returns 0, or -1 for a bad value. */
static int parse_word(char *w, struct b2p_cmdline *c)
{
	if (strncmp(w, "b2p.", 4) != 0)
		return 0;
	char *key = w + 4;
	char *val = strchr(key, '=');
	if (val)
		*val++ = '\0';
	int rc = 0;
	if (!strcmp(key, "nodisk"))
		rc = parse_flag(val, &c->nodisk);
	else if (!strcmp(key, "debug"))
		rc = parse_flag(val, &c->debug);
	else if (!strcmp(key, "noload"))
		rc = parse_flag(val, &c->noload);
	else if (!strcmp(key, "disk"))
		rc = val ? set_str(c->disk, sizeof(c->disk), val) : -1;
	else if (!strcmp(key, "ntp"))
		rc = val ? set_str(c->ntp, sizeof(c->ntp), val) : -1;
	else if (!strcmp(key, "tce")) {
		rc = val && val[0] == '/' ? set_str(c->tce, sizeof(c->tce), val) : -1;
		c->tce_set |= rc == 0;
	} else if (!strcmp(key, "media"))
		rc = val && *val ? set_str(c->media, sizeof(c->media), val) : -1;
	else if (!strcmp(key, "user"))
		rc = val && user_ok(val) ? set_str(c->user, sizeof(c->user), val) : -1;
	else if (!strcmp(key, "swap")) {
		unsigned long long v;
		rc = val ? cmdline_size(val, &v) : -1;
		if (rc == 0)
			c->swap_bytes = v;
	} else if (!strcmp(key, "share")) {
		if (c->nshares == CMDLINE_SHARES_MAX)
			rc = -1;
		else if ((rc = val ? cmdline_share(val, &c->share[c->nshares]) : -1) == 0)
			c->nshares++;
	} else if (!strcmp(key, "waitdisk")) {
		unsigned v;
		rc = val ? parse_uint(val, CMDLINE_WAITDISK_MAX, &v) : -1;
		if (rc == 0)
			c->waitdisk_s = v;
	} else if (!strcmp(key, "disksettle")) {
		unsigned v;
		rc = val ? parse_uint(val, CMDLINE_DISKSETTLE_MAX, &v) : -1;
		if (rc == 0)
			c->disksettle_ms = v;
	} else {
		b2p_dbg("ignoring unknown option b2p.%s", key);
		return 0;
	}
	if (rc < 0)
		b2p_log("bad value for b2p.%s: '%s'; using the default", key, val ? val : "");
	return rc;
}

int cmdline_parse(const char *line, struct b2p_cmdline *c)
{
	int bad = 0;
	const char *p = line;
	while (*p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		const char *start = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - start);
		if (n == 0)
			break;
		char word[512];
		if (n >= sizeof(word)) {
			if (strncmp(start, "b2p.", 4) == 0) {
				b2p_log("kernel command line option too long: %.40s...", start);
				bad++;
			}
			continue;
		}
		memcpy(word, start, n);
		word[n] = '\0';
		if (parse_word(word, c) < 0)
			bad++;
	}
	return bad;
}
