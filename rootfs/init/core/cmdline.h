/* The b2p.* options of the kernel command line. */
#ifndef B2P_CMDLINE_H
#define B2P_CMDLINE_H

#define CMDLINE_SHARES_MAX 8

/* A host folder (9p or virtiofs tag) and where it goes in the guest. */
struct b2p_share {
	char tag[32];
	char path[128];
};

struct b2p_cmdline {
	int nodisk;                     /* b2p.nodisk */
	char disk[128];                 /* b2p.disk=  (empty: any labelled disk) */
	int debug;                      /* b2p.debug */
	unsigned long long swap_bytes;  /* b2p.swap=SIZE[K|M|G], 0 = none */
	unsigned waitdisk_s;            /* b2p.waitdisk=SECONDS, default 5 */
	unsigned disksettle_ms;         /* b2p.disksettle=MS, default 250 */
	char user[33];                  /* b2p.user=, default tc */
	char ntp[128];                  /* b2p.ntp=SERVER (empty: no ntpd) */
	char tce[256];                  /* b2p.tce=DIR, default /tce */
	int tce_set;                    /* b2p.tce= given: no boot medium is looked for */
	char media[33];                 /* b2p.media=VOLID: the ISO the boot loader read */
	int noload;                     /* b2p.noload */
	struct b2p_share share[CMDLINE_SHARES_MAX];  /* b2p.share=TAG:PATH, repeatable */
	int nshares;
};

#define CMDLINE_WAITDISK_DEFAULT 5u
#define CMDLINE_WAITDISK_MAX 600u
#define CMDLINE_DISKSETTLE_DEFAULT 250u
#define CMDLINE_DISKSETTLE_MAX 600000u

void cmdline_defaults(struct b2p_cmdline *c);
/* Parses a whole command line (space separated, no quoting).  Unknown keys
 * are ignored; a bad value is reported and leaves the default.  Returns the
 * number of bad values. */
int cmdline_parse(const char *line, struct b2p_cmdline *c);
/* "TAG:/guest/path" -> share; 0, or -1 when the tag or path is unusable
 * (paths must be absolute, without "..", and not reserved).  Only the
 * text is checked here; the guest checks the path again once resolved
 * (shares.c). */
int cmdline_share(const char *s, struct b2p_share *out);
/* 1 when a path (as text) is "/", "/var", "/home" or inside one of the
 * system's trees: /proc /sys /dev /run /etc /usr /bin /sbin /lib /lib64
 * /tce /var/lib /var/log /var/tmp /tmp /root. */
int cmdline_path_reserved(const char *p);
/* "512M" -> bytes; 0 on success, -1 when malformed or absurd. */
int cmdline_size(const char *s, unsigned long long *out);

#endif
