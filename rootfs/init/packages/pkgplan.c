#include "pkgplan.h"
#include "msg.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int pkg_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= PKG_NAME_MAX || s[0] == '.' || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isalnum(c) || c == '.' || c == '_' || c == '-' || c == '+'))
			return 0;
	}
	return 1;
}

int pkg_parse_list(const char *text, char (*names)[PKG_NAME_MAX], int max, int *bad)
{
	int n = 0;
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *s = p;
		p = eol ? eol + 1 : p + len;
		while (len && isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		if (len == 0 || s[0] == '#')
			continue;
		if (len > 4 && memcmp(s + len - 4, ".tcz", 4) == 0)
			len -= 4;
		char name[PKG_NAME_MAX + 1];
		if (len >= sizeof(name)) {
			b2p_log("package name too long: %.40s...", s);
			(*bad)++;
			continue;
		}
		memcpy(name, s, len);
		name[len] = '\0';
		if (!pkg_name_ok(name)) {
			b2p_log("bad package name '%s'", name);
			(*bad)++;
			continue;
		}
		if (n == max) {
			b2p_log("too many package names (more than %d)", max);
			(*bad)++;
			break;
		}
		memcpy(names[n++], name, len + 1);
	}
	return n;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int pkg_md5_line(const char *text, const char *file, unsigned char out[16])
{
	const char *p = text;
	size_t flen = strlen(file);
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *line = p;
		p = eol ? eol + 1 : p + len;
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			len--;
		/* "<32 hex>  name" or "<32 hex> *name" (binary mode). */
		if (len < 33 + flen || line[32] != ' ')
			continue;
		const char *nm = line + 33;
		if (*nm == ' ' || *nm == '*')
			nm++;
		/* The name may carry a directory ("./podman.tcz"). */
		size_t nlen = len - (size_t)(nm - line);
		if (nlen < flen || memcmp(nm + nlen - flen, file, flen) != 0 ||
		    (nlen > flen && nm[nlen - flen - 1] != '/'))
			continue;
		int ok = 1;
		for (int i = 0; i < 16 && ok; i++) {
			int hi = hexval((unsigned char)line[2 * i]), lo = hexval((unsigned char)line[2 * i + 1]);
			if (hi < 0 || lo < 0)
				ok = 0;
			else
				out[i] = (unsigned char)(hi << 4 | lo);
		}
		if (ok)
			return 0;
	}
	return -1;
}

int pkg_find(const struct pkgplan *p, const char *name)
{
	for (int i = 0; i < p->npkgs; i++)
		if (!strcmp(p->pkgs[i].name, name))
			return i;
	return -1;
}

static int find_or_add(struct pkgplan *p, const char *name)
{
	int i = pkg_find(p, name);
	if (i >= 0)
		return i;
	if (p->npkgs == PKG_MAX) {
		b2p_log("too many packages (more than %d); ignoring %s", PKG_MAX, name);
		p->problems++;
		return -1;
	}
	struct pkg *k = &p->pkgs[p->npkgs];
	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "%s", name);
	return p->npkgs++;
}

static void read_deps(struct pkgplan *p, int idx, const char *optdir)
{
	static char text[16384];
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.tcz.dep", optdir, p->pkgs[idx].name);
	if (read_small(path, text, sizeof(text)) < 0)
		return; /* no .dep file: no dependencies */
	char names[PKG_DEPS_MAX][PKG_NAME_MAX];
	int bad = 0;
	int n = pkg_parse_list(text, names, PKG_DEPS_MAX, &bad);
	if (bad) {
		b2p_log("package %s: %d bad entries in %s", p->pkgs[idx].name, bad, path);
		p->problems += bad;
	}
	for (int i = 0; i < n; i++) {
		int d = find_or_add(p, names[i]);
		if (d < 0 || d == idx)
			continue;
		int dup = 0;
		for (int j = 0; j < p->pkgs[idx].ndeps; j++)
			dup |= p->pkgs[idx].deps[j] == d;
		if (!dup)
			p->pkgs[idx].deps[p->pkgs[idx].ndeps++] = d;
	}
}

static void visit(struct pkgplan *p, int idx, const char *optdir, int depth)
{
	struct pkg *k = &p->pkgs[idx];
	if (k->visit == 2)
		return;
	if (k->visit == 1 || depth > PKG_MAX) {
		b2p_log("package %s: dependency loop; the loop is broken here", k->name);
		p->problems++;
		return;
	}
	k->visit = 1;
	read_deps(p, idx, optdir);
	/* k may not move: pkgs is a fixed array. */
	for (int i = 0; i < k->ndeps; i++)
		visit(p, k->deps[i], optdir, depth + 1);
	k->visit = 2;
	p->order[p->norder++] = idx;
}

int pkg_plan(struct pkgplan *p, const char *optdir, const char *onboot_text)
{
	memset(p, 0, sizeof(*p));
	static char names[PKG_MAX][PKG_NAME_MAX];
	int bad = 0;
	int n = pkg_parse_list(onboot_text, names, PKG_MAX, &bad);
	p->problems += bad;
	for (int i = 0; i < n; i++) {
		int idx = find_or_add(p, names[i]);
		if (idx >= 0)
			visit(p, idx, optdir, 0);
	}
	return p->norder;
}
