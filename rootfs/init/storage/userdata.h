/* The driver's userdata: a small tar (ssh keys) saved from the disk before
 * it is formatted, stored on the data partition, and re-applied into the
 * user's home (which lives in RAM) on every boot. */
#ifndef B2P_USERDATA_H
#define B2P_USERDATA_H

#include <stddef.h>
#include <sys/types.h>

#include "storage_util.h"

/* Upper bound of the userdata we keep.  An RSA-4096 key makes the driver's
 * tar about 5.5 KiB; this bound leaves room for many keys while the
 * staging copy (see mbr.h) still fits beside the original in the first MiB. */
#define USERDATA_MAX (512 * 1024 - 512)
#define USERDATA_NAME "userdata.tar"

/* Builds a clean copy of the tar at the start of buf: the whole valid
 * members followed by two zero blocks.  A truncated or corrupt archive
 * keeps what came before the damage.  Returns a malloc'd buffer (caller
 * frees) and its length, or -1 when not even one member is valid. */
int userdata_from_stream(const unsigned char *buf, size_t len, unsigned char **out, size_t *outlen);
/* Same, reading the first min(size, USERDATA_MAX) bytes of a disk. */
int userdata_from_disk(const struct sdev *d, unsigned char **out, size_t *outlen);

/* Writes atomically (temp file, fsync, rename, fsync of the directory),
 * mode 0600. */
int userdata_save(const char *path, const unsigned char *tar, size_t len);
/* Reads a saved userdata.tar (bounded by USERDATA_MAX). */
int userdata_load(const char *path, unsigned char **out, size_t *len);

/* Normalises an archive member name into a relative path without "." or
 * ".." components; -1 when it is absolute, climbs, is empty or too long. */
int userdata_clean_name(const char *in, char *out, size_t outlen);

/* Extracts regular files and directories into home, owned by uid:gid;
 * .ssh is 0700 and the files in it 0600.  The home is the user's and may
 * hold anything, so: no link is ever followed, directories are entered
 * only when they belong to the user (home included), and no existing file
 * is written to: each file is written fresh beside its name and renamed
 * over it (a FIFO, symlink or hard link there is replaced, never opened
 * for writing).  .ssh/authorized_keys and authorized_keys2 are merged:
 * the driver's lines first, then the user's own lines (read only from a
 * regular file of the user with one link, at most USERDATA_KEYS_MAX).
 * When root_ssh is not NULL, the driver's keys (only those) also go to
 * root_ssh/authorized_keys (0600, root) so a driver can reach the root
 * podman socket.  Bad members are reported and skipped; returns the number
 * of problems (0 = all applied). */
int userdata_apply(const unsigned char *tar, size_t len, const char *home, uid_t uid, gid_t gid,
		   const char *root_ssh);

/* Largest keys file of the user's that is merged. */
#define USERDATA_KEYS_MAX (1024 * 1024)

/* drv's text, newline-terminated, then each line of usr that is not one of
 * drv's lines (compared without trailing blanks and CR).  Applying it to
 * its own output changes nothing.  Returns a malloc'd text, or -1. */
int userdata_merge_keys(const char *drv, size_t dn, const char *usr, size_t un, char **out,
			size_t *outn);

/* Looks a user up in a passwd file: uid, gid, home. -1 when absent. */
int userdata_lookup_user(const char *passwd, const char *user, uid_t *uid, gid_t *gid,
			 char *home, size_t homelen);

#endif
