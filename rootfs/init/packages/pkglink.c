#include "pkglink.h"
#include "msg.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Past this many, link errors of one package are only counted. */
#define LINK_ERRORS_SHOWN 5

struct linker {
	char src[4096];
	char dst[4096];
	unsigned linked, kept, errors;
};

static void link_error(struct linker *l, const char *what)
{
	if (++l->errors <= LINK_ERRORS_SHOWN)
		b2p_err("%s %s", what, l->dst);
}

/* src and dst hold the current directory; walks it depth first. */
static void link_dir(struct linker *l)
{
	DIR *d = opendir(l->src);
	if (!d) {
		link_error(l, "read directory for");
		return;
	}
	size_t sl = strlen(l->src), dl = strlen(l->dst);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t nl = strlen(e->d_name);
		if (sl + nl + 2 > sizeof(l->src) || dl + nl + 2 > sizeof(l->dst)) {
			errno = ENAMETOOLONG;
			link_error(l, "path");
			continue;
		}
		l->src[sl] = '/';
		memcpy(l->src + sl + 1, e->d_name, nl + 1);
		/* dst "/" + name must not give "//name". */
		size_t off = dl == 1 && l->dst[0] == '/' ? 0 : dl;
		l->dst[off] = '/';
		memcpy(l->dst + off + 1, e->d_name, nl + 1);
		struct stat st;
		if (lstat(l->src, &st) < 0) {
			link_error(l, "stat source of");
		} else if (S_ISDIR(st.st_mode)) {
			struct stat dt;
			if (mkdir(l->dst, st.st_mode & 07777) == 0) {
				if (chown(l->dst, st.st_uid, st.st_gid) < 0 || chmod(l->dst, st.st_mode & 07777) < 0)
					link_error(l, "set owner/mode of");
				link_dir(l);
			} else if (errno == EEXIST && stat(l->dst, &dt) == 0 && S_ISDIR(dt.st_mode)) {
				link_dir(l); /* shared directory (or a link to one) */
			} else if (errno == EEXIST) {
				l->kept++;
				b2p_dbg("%s exists and is not a directory; its package contents are not linked", l->dst);
			} else {
				link_error(l, "mkdir");
			}
		} else if (symlink(l->src, l->dst) == 0) {
			l->linked++;
		} else if (errno == EEXIST) {
			l->kept++;
			b2p_dbg("%s exists; not replaced by %s", l->dst, l->src);
		} else {
			link_error(l, "symlink");
		}
		l->src[sl] = '\0';
		l->dst[dl] = '\0';
	}
	closedir(d);
}

int pkglink_tree(const char *src, const char *dst, unsigned *linked, unsigned *kept)
{
	static struct linker l;
	memset(&l, 0, sizeof(l));
	snprintf(l.src, sizeof(l.src), "%s", src);
	snprintf(l.dst, sizeof(l.dst), "%s", dst);
	link_dir(&l);
	if (l.errors > LINK_ERRORS_SHOWN)
		b2p_log("... and %u more link errors", l.errors - LINK_ERRORS_SHOWN);
	*linked = l.linked;
	*kept = l.kept;
	return (int)l.errors;
}
