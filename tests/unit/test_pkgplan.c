/* Package loader logic: list and md5 parsing, dependency order (with
 * loops, duplicates, missing .dep files) and the symlink farm, on temp
 * dirs. */
#include "pkglink.h"
#include "pkgplan.h"
#include "tu.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		TU_FAILED(path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void dep(const char *dir, const char *name, const char *text)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s.tcz.dep", dir, name);
	write_text(p, text);
}

/* Position of name in the plan's order, -1 if not placed. */
static int pos(const struct pkgplan *p, const char *name)
{
	for (int i = 0; i < p->norder; i++)
		if (!strcmp(p->pkgs[p->order[i]].name, name))
			return i;
	return -1;
}

static void list_parsing(void)
{
	char names[8][PKG_NAME_MAX];
	int bad = 0;
	int n = pkg_parse_list("glibc\n  podman.tcz  \n\n# comment\r\nbad/name\n../x\nssh\r\n", names, 8, &bad);
	REQUIRE(n == 3);
	CHECK(!strcmp(names[0], "glibc"));
	CHECK(!strcmp(names[1], "podman"));
	CHECK(!strcmp(names[2], "ssh"));
	CHECK(bad == 2);
	bad = 0;
	CHECK(pkg_parse_list("", names, 8, &bad) == 0 && bad == 0);
	CHECK(pkg_parse_list("a\nb\nc", names, 2, &bad) == 2 && bad == 1);
	CHECK(!pkg_name_ok(".hidden") && !pkg_name_ok("") && !pkg_name_ok("a b") && pkg_name_ok("libc++-1.0_x"));
}

static void md5_lines(void)
{
	unsigned char d[16];
	const char *t = "0123456789abcdef0123456789ABCDEF  other.tcz\n"
			"d41d8cd98f00b204e9800998ecf8427e  podman.tcz\n";
	REQUIRE(pkg_md5_line(t, "podman.tcz", d) == 0);
	CHECK(d[0] == 0xd4 && d[15] == 0x7e);
	CHECK(pkg_md5_line(t, "other.tcz", d) == 0 && d[15] == 0xef);
	CHECK(pkg_md5_line(t, "man.tcz", d) == -1);     /* suffix of another name */
	CHECK(pkg_md5_line("d41d8cd98f00b204e9800998ecf8427e *./x.tcz\r\n", "x.tcz", d) == 0);
	CHECK(pkg_md5_line("d41d8cd98f00b204e9800998ecf8427 x.tcz", "x.tcz", d) == -1);
	CHECK(pkg_md5_line("z41d8cd98f00b204e9800998ecf8427e  x.tcz", "x.tcz", d) == -1);
	CHECK(pkg_md5_line("", "x.tcz", d) == -1);
}

static void order_deps_first_once(void)
{
	static struct pkgplan p;
	const char *dir = tu_path("opt1");
	mkdir(dir, 0755);
	dep(dir, "podman", "conmon\nglibc.tcz\nrunc\n");
	dep(dir, "conmon", "glibc\n");
	dep(dir, "runc", "glibc\nseccomp\n");
	dep(dir, "seccomp", "");
	/* glibc has no .dep file at all */
	int n = pkg_plan(&p, dir, "podman\nglibc\nssh\n");
	REQUIRE(n == 6);
	CHECK(p.problems == 0);
	CHECK(pos(&p, "glibc") == 0);
	CHECK(pos(&p, "conmon") < pos(&p, "podman"));
	CHECK(pos(&p, "runc") < pos(&p, "podman"));
	CHECK(pos(&p, "seccomp") < pos(&p, "runc"));
	CHECK(pos(&p, "ssh") == 5);
	int k = pkg_find(&p, "podman");
	REQUIRE(k >= 0);
	CHECK(p.pkgs[k].ndeps == 3);
}

static void loop_is_broken_and_reported(void)
{
	static struct pkgplan p;
	const char *dir = tu_path("opt2");
	mkdir(dir, 0755);
	dep(dir, "a", "b\n");
	dep(dir, "b", "c\n");
	dep(dir, "c", "a\nc\n"); /* a loop and a self-dependency */
	int n = pkg_plan(&p, dir, "a\nb\n");
	CHECK(n == 3);
	CHECK(p.problems == 1);
	CHECK(pos(&p, "c") < pos(&p, "b") && pos(&p, "b") < pos(&p, "a"));
}

static void duplicates_and_missing(void)
{
	static struct pkgplan p;
	const char *dir = tu_path("opt3");
	mkdir(dir, 0755);
	dep(dir, "x", "ghost\nghost\n");
	int n = pkg_plan(&p, dir, "x\nx\nghost\n");
	CHECK(n == 2);
	CHECK(pos(&p, "ghost") == 0 && pos(&p, "x") == 1);
	CHECK(p.pkgs[pkg_find(&p, "x")].ndeps == 1);
}

static void link_farm(void)
{
	const char *img = tu_path("img"), *root = tu_path("root");
	REQUIRE(tu_sh("mkdir -p %s/usr/bin %s/usr/lib/x %s/etc %s/usr/bin %s/etc && "
		      "echo a >%s/usr/bin/tool && ln -s tool %s/usr/bin/alias && "
		      "echo c >%s/usr/lib/x/lib.so && echo mine >%s/etc/conf && echo img >%s/etc/conf && "
		      "mkdir -p %s/opt && ln -s opt %s/optlink && mkdir %s/optlink && echo o >%s/optlink/f",
		      img, img, img, root, root, img, img, img, root, img, root, root, img, img) == 0);
	unsigned linked = 0, kept = 0;
	int errors = pkglink_tree(img, root, &linked, &kept);
	CHECK(errors == 0);
	CHECK(linked == 4); /* tool, alias, lib.so, optlink/f */
	CHECK(kept == 1);   /* etc/conf */
	char p[600], t[600];
	snprintf(p, sizeof(p), "%s/usr/bin/tool", root);
	ssize_t n = readlink(p, t, sizeof(t) - 1);
	REQUIRE(n > 0);
	t[n] = '\0';
	char want[600];
	snprintf(want, sizeof(want), "%s/usr/bin/tool", img);
	CHECK(!strcmp(t, want));
	snprintf(p, sizeof(p), "%s/usr/lib/x", root);
	struct stat st;
	CHECK(lstat(p, &st) == 0 && S_ISDIR(st.st_mode));
	/* An existing file is left alone. */
	CHECK(tu_sh("grep -qx mine %s/etc/conf", root) == 0);
	/* Through an existing directory symlink. */
	CHECK(tu_sh("test -L %s/opt/f", root) == 0);
	/* A second run changes nothing and keeps everything. */
	CHECK(pkglink_tree(img, root, &linked, &kept) == 0 && linked == 0 && kept == 5);
}

int main(void)
{
	TU_RUN(list_parsing);
	TU_RUN(md5_lines);
	TU_RUN(order_deps_first_once);
	TU_RUN(loop_is_broken_and_reported);
	TU_RUN(duplicates_and_missing);
	TU_RUN(link_farm);
	return tu_finish();
}
