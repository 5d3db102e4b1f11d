/* A mounted package's tree made visible in /: one symlink per file into
 * the read-only image, real directories where the image has them. */
#ifndef B2P_PKGLINK_H
#define B2P_PKGLINK_H

/* Links every non-directory under src into dst (same relative path) as a
 * symlink to its src path, making directories as needed and never
 * replacing what exists.  Returns the number of errors (reported);
 * *linked and *kept count links made and existing paths left alone. */
int pkglink_tree(const char *src, const char *dst, unsigned *linked, unsigned *kept);

#endif
