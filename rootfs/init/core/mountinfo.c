#include "mountinfo.h"

#include <stdio.h>
#include <string.h>

static void unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
		    p[3] >= '0' && p[3] <= '7') {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

int mountinfo_next(const char **pos, struct mountinfo_entry *e)
{
	while (*pos && **pos) {
		const char *line = *pos;
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		*pos = eol ? eol + 1 : line + len;
		char buf[2048];
		if (len >= sizeof(buf))
			continue;
		memcpy(buf, line, len);
		buf[len] = '\0';
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER-OPTIONS */
		if (sscanf(buf, "%*s %*s %*s %*s %511s", e->point) != 1)
			continue;
		unescape(e->point);
		const char *sep = strstr(buf, " - ");
		if (!sep || sscanf(sep + 3, "%63s", e->fstype) != 1)
			e->fstype[0] = '\0';
		return 1;
	}
	return 0;
}

int mountinfo_points(const char *mi, char (*mps)[256], int max)
{
	static struct mountinfo_entry e;
	int n = 0;
	while (n < max && mountinfo_next(&mi, &e))
		if (strlen(e.point) < sizeof(mps[n]))
			memcpy(mps[n++], e.point, strlen(e.point) + 1);
	return n;
}

int mountinfo_root_type(const char *mi, char *type, size_t n)
{
	struct mountinfo_entry e;
	int found = -1;
	while (mountinfo_next(&mi, &e)) {
		if (strcmp(e.point, "/") != 0 || !e.fstype[0])
			continue;
		snprintf(type, n, "%s", e.fstype);
		found = 0;
	}
	return found;
}
