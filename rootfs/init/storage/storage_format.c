#include "storage_format.h"
#include "msg.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkfs.h"
#include "probe.h"
#include "userdata.h"


const char *verdict_name(enum verdict v)
{
	switch (v) {
	case V_FOREIGN: return "foreign";
	case V_DATA: return "data";
	case V_FINISH: return "finish";
	case V_RESUME: return "resume";
	case V_MAGIC: return "driver-prepared";
	case V_BLANK: return "blank";
	}
	return "?";
}

void decision_free(struct decision *d)
{
	stage_free(&d->st);
}

static int say(struct decision *d, enum verdict v, const char *fmt, const char *a, const char *b)
{
	d->v = v;
	snprintf(d->why, sizeof(d->why), fmt, a ? a : "", b ? b : "");
	return 0;
}

static int is_data_label(const char *l)
{
	return strcmp(l, MKFS_LABEL_DATA) == 0 || strcmp(l, MKFS_LABEL_OLD) == 0;
}

/* "a LUKS encrypted volume (crypto_LUKS, label "x") at byte N (M MiB)" */
static int say_sig(struct decision *d, const char *prefix, const struct probe_result *r)
{
	char lab[96] = "";
	if (r->label[0])
		snprintf(lab, sizeof(lab), ", label \"%s\"", r->label);
	d->v = V_FOREIGN;
	snprintf(d->why, sizeof(d->why), "%s%s (%s%s) at byte %llu (%llu MiB)", prefix, r->desc ? r->desc : probe_name(r->sig),
		 r->type ? r->type : "?", lab, (unsigned long long)r->offset, (unsigned long long)(r->offset >> 20));
	return 0;
}

static void part_range(const struct sdev *disk, const struct mbr_part *p, struct sdev *sub)
{
	sdev_sub(sub, disk, p->start * MBR_SECTOR, p->count * MBR_SECTOR);
}

/* What the region of a partition holds: a probe result, 0 = nothing. */
static int probe_part(const struct sdev *disk, const struct mbr_part *p, struct probe_result *r)
{
	struct sdev sub;
	part_range(disk, p, &sub);
	return probe_sdev(&sub, 0, r);
}

/* The recorded plan must be one mbr_plan could have made for this disk:
 * MBR-sized (32-bit) fields, inside the disk, swap after data.  A record
 * is outside input (its CRCs only say it is whole), so nothing here
 * multiplies or adds numbers that could wrap. */
static int layout_fits(const struct mbr_layout *l, uint64_t disk_bytes)
{
	uint64_t sectors = disk_bytes / MBR_SECTOR;
	uint64_t lim = sectors < 0xFFFFFFFFull ? sectors : 0xFFFFFFFFull;
	const struct mbr_part *data = &l->part[0], *swap = &l->part[1];

	if (data->type != MBR_TYPE_LINUX || data->start != MBR_ALIGN_LBA || data->start > lim ||
	    data->count == 0 || data->count > lim - data->start)
		return 0;
	if (!swap->type)
		return swap->start == 0 && swap->count == 0;
	return swap->type == MBR_TYPE_SWAP && swap->start >= data->start + data->count && swap->start <= lim &&
	       swap->count > 0 && swap->count <= lim - swap->start;
}

/* Our staging record is there: the disk is ours only if everything else on
 * it is something our own steps write. */
static int classify_staged(const struct sdev *disk, struct decision *d)
{
	struct mbr_layout cur;
	struct probe_result r;
	int used, rc;
	const struct mbr_part *data = &d->st.layout.part[0], *swap = &d->st.layout.part[1];

	if (!layout_fits(&d->st.layout, disk->size))
		return say(d, V_FOREIGN, "holds a staging record whose layout does not fit the disk%s%s", 0, 0);
	rc = mbr_read(disk, &cur, &used);
	if (rc < 0)
		return -1;
	if (rc == 1 && (used > 2 || !mbr_same(&cur, &d->st.layout)))
		return say(d, V_FOREIGN, "holds a staging record but another partition table%s%s", 0, 0);
	/* Everything but what we wrote: the driver's tar after its first
	 * sector (the same bytes the magic rule ignored), the record itself
	 * and our partitions (checked one by one below). */
	struct probe_range ign[4] = {
		{ MBR_SECTOR, d->st.udlen > MBR_SECTOR ? d->st.udlen : MBR_SECTOR },
		{ STAGE_OFFSET, MBR_ALIGN_LBA * MBR_SECTOR },
		{ data->start * MBR_SECTOR, (data->start + data->count) * MBR_SECTOR },
		{ swap->start * MBR_SECTOR, (swap->start + swap->count) * MBR_SECTOR },
	};
	struct probe_opts o = { .skip = PROBE_SKIP(PROBE_MBR), .whole_disk = 1, .ignore = ign, .nignore = 4 };
	rc = probe_sdev_opts(disk, &o, &r);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return say_sig(d, "holds a staging record but also ", &r);
	if (swap->type) {
		rc = probe_part(disk, swap, &r);
		if (rc < 0)
			return -1;
		if (rc == 1 && !(r.sig == PROBE_SWAP && strcmp(r.label, MKFS_LABEL_SWAP) == 0))
			return say_sig(d, "its swap partition holds ", &r);
	}
	rc = probe_part(disk, data, &r);
	if (rc < 0)
		return -1;
	d->partno = 1;
	d->part_offset = data->start * MBR_SECTOR;
	d->part_bytes = data->count * MBR_SECTOR;
	if (rc == 0 || (r.sig == PROBE_EXT && strcmp(r.label, MKFS_LABEL_TEMP) == 0))
		return say(d, V_RESUME, "an interrupted format (staging record found): resuming%s%s", 0, 0);
	if (r.sig == PROBE_EXT && strcmp(r.label, MKFS_LABEL_DATA) == 0)
		return say(d, V_FINISH, "formatted; clearing the staging record%s%s", 0, 0);
	return say_sig(d, "holds a staging record but its partition has ", &r);
}

/* An MBR without our record: data if a partition carries the data label. */
static int classify_table(const struct sdev *disk, const struct probe_result *table, struct decision *d)
{
	unsigned char s[MBR_SECTOR];
	struct probe_result r;

	if (sdev_read(disk, 0, s, sizeof(s)) < 0)
		return -1;
	for (int i = 0; i < 4; i++) {
		const unsigned char *e = s + 446 + 16 * i;
		struct mbr_part p = { e[4], st_le32(e + 8), st_le32(e + 12) };
		if (!p.type || p.type == 0x05 || p.type == 0x0f || p.type == 0x85)
			continue;
		int rc = probe_part(disk, &p, &r);
		if (rc == 1 && r.sig == PROBE_EXT && is_data_label(r.label)) {
			d->partno = i + 1;
			d->part_offset = p.start * MBR_SECTOR;
			d->part_bytes = p.count * MBR_SECTOR;
			return say(d, V_DATA, "partition %s is labelled %s", i == 0 ? "1" : i == 1 ? "2" : i == 2 ? "3" : "4", r.label);
		}
	}
	return say_sig(d, "has ", table);
}

/* The driver's magic: its tar (as far as it reads) is what the magic
 * explains; userdata is kept for the format.  Returns the tar's extent. */
static uint64_t magic_userdata(const struct sdev *disk, struct decision *d)
{
	if (userdata_from_disk(disk, &d->st.ud, &d->st.udlen) == 0) {
		d->st.flags |= STAGE_F_USERDATA;
		return d->st.udlen;
	}
	b2p_log("%s: the driver's userdata is unreadable; formatting without it", disk->path);
	/* only the header that carries the magic is explained then */
	return MBR_SECTOR;
}

int storage_classify(const struct sdev *disk, uint64_t swap_bytes, struct decision *d)
{
	struct probe_result r;
	struct probe_range tar = { 0, 0 };
	uint64_t where;
	int rc, magic;

	memset(d, 0, sizeof(*d));
	rc = stage_read(disk, &d->st);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return classify_staged(disk, d);

	magic = probe_magic(disk);
	if (magic)
		tar.hi = magic_userdata(disk, d);
	/* The whole disk, at the start, at its end, and where the partitions
	 * of a lost table would have begun. */
	struct probe_opts o = { .whole_disk = 1, .lost_parts = 1, .ignore = &tar, .nignore = magic ? 1 : 0 };
	rc = probe_sdev_opts(disk, &o, &r);
	if (rc < 0)
		return -1;
	if (rc == 1 && r.sig == PROBE_EXT && r.offset == 1024 + 0x38 && is_data_label(r.label)) {
		d->part_bytes = disk->size;
		return say(d, V_DATA, "the whole disk is labelled %s%s", r.label, 0);
	}
	if (rc == 1 && r.sig == PROBE_MBR && r.offset < MBR_SECTOR)
		return classify_table(disk, &r, d);
	if (rc == 1)
		return say_sig(d, magic ? "carries the format-me magic but also " : "has ", &r);

	if (mbr_plan(disk->size, swap_bytes, &d->st.layout, d->why, sizeof(d->why)) < 0) {
		d->v = V_FOREIGN;
		return 0;
	}
	if (!magic) {
		/* Nothing known: blank only if every place any of those formats
		 * (or a lost partition) could be is zero. */
		rc = probe_sdev_blank(disk, &where);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			d->v = V_FOREIGN;
			snprintf(d->why, sizeof(d->why), "holds data at byte %llu (%llu MiB) that no known signature explains",
				 (unsigned long long)where, (unsigned long long)(where >> 20));
			return 0;
		}
	}
	d->partno = 1;
	d->part_offset = d->st.layout.part[0].start * MBR_SECTOR;
	d->part_bytes = d->st.layout.part[0].count * MBR_SECTOR;
	if (!magic)
		return say(d, V_BLANK, "blank (no signature; first and last 8 MiB and samples across the disk all zero)%s%s", 0, 0);
	return say(d, V_MAGIC, "carries the %s format-me magic", magic == 1 ? "boot2podman" : "boot2docker", 0);
}

static int open_part(const struct sdev *disk, struct decision *d, const struct fmt_env *env, int partno,
		     struct sdev *part, char *path, size_t pathlen, uint64_t *offset)
{
	const struct mbr_part *p = &d->st.layout.part[partno - 1];
	if (env->locate(env->ctx, disk, partno, p, path, pathlen, offset) < 0)
		return -1;
	return sdev_open(part, path, *offset, p->count * MBR_SECTOR, 1);
}

/* The last look before a partition is written, through the node that
 * will be written (the kernel's view of the new partition): nothing but
 * our own earlier attempt may be there.  This is the check mke2fs would
 * make itself, except that mke2fs only asks, and only on a terminal. */
static int still_ours(const struct sdev *part, enum probe_sig ours, const char *label)
{
	struct probe_result r;
	int rc = probe_sdev(part, 0, &r);
	if (rc < 0)
		return -1;
	if (rc == 0 || (r.sig == ours && strcmp(r.label, label) == 0))
		return 0;
	b2p_log("%s: not formatting: it now holds %s (%s) at byte %llu", part->path, r.desc ? r.desc : probe_name(r.sig),
	       r.type ? r.type : "?", (unsigned long long)r.offset);
	return -1;
}

static int step_mkfs(const struct sdev *disk, struct decision *d, const struct fmt_env *env)
{
	char path[PATH_MAX];
	uint64_t off;
	struct sdev part;
	int rc;

	if (d->st.layout.part[1].type) {
		if (open_part(disk, d, env, 2, &part, path, sizeof(path), &off) < 0)
			return -1;
		rc = still_ours(&part, PROBE_SWAP, MKFS_LABEL_SWAP);
		if (rc == 0)
			rc = mkfs_swap(&part, MKFS_LABEL_SWAP);
		sdev_close(&part);
		if (rc < 0)
			return -1;
	}
	if (open_part(disk, d, env, 1, &part, path, sizeof(path), &off) < 0)
		return -1;
	rc = still_ours(&part, PROBE_EXT, MKFS_LABEL_TEMP);
	sdev_close(&part);
	if (rc < 0)
		return -1;
	return mkfs_ext4(path, off, d->st.layout.part[0].count * MBR_SECTOR, MKFS_LABEL_TEMP);
}

static int step_populate(const struct sdev *disk, struct decision *d, const struct fmt_env *env)
{
	char path[PATH_MAX];
	uint64_t off;

	if (env->locate(env->ctx, disk, 1, &d->st.layout.part[0], path, sizeof(path), &off) < 0)
		return -1;
	return env->populate(env->ctx, path, off, d->st.layout.part[0].count * MBR_SECTOR, d->st.ud, d->st.udlen);
}

static int step_label(const struct sdev *disk, struct decision *d, const struct fmt_env *env)
{
	char path[PATH_MAX];
	uint64_t off;
	struct sdev part;

	if (open_part(disk, d, env, 1, &part, path, sizeof(path), &off) < 0)
		return -1;
	int rc = mkfs_set_label(&part, MKFS_LABEL_DATA);
	sdev_close(&part);
	return rc;
}

/* After the label: the magic bytes (keeping the partition table), then
 * the staging record.  Each is one sector. */
static int step_cleanup(const struct sdev *disk, struct decision *d, const struct fmt_env *env)
{
	char path[PATH_MAX];
	uint64_t off;
	struct sdev part;
	unsigned char s[MBR_SECTOR];

	/* A torn label write leaves label and checksum disagreeing; our
	 * record is still there, so the superblock is ours to repair. */
	if (open_part(disk, d, env, 1, &part, path, sizeof(path), &off) < 0)
		return -1;
	int ok = mkfs_sb_csum_ok(&part);
	if (ok == 0) {
		b2p_log("%s: superblock checksum wrong after an interrupted label write; repairing", path);
		ok = mkfs_fix_sb_csum(&part) == 0;
	}
	sdev_close(&part);
	if (ok != 1)
		return -1;
	if (sdev_read(disk, 0, s, sizeof(s)) < 0)
		return -1;
	if (probe_magic_bytes(s)) {
		memset(s, 0, 446);
		if (sdev_write(disk, 0, s, sizeof(s)) < 0 || sdev_sync(disk) < 0)
			return -1;
	}
	/* the record goes last: while it is there, the next boot comes back
	 * here (state L) and finishes whatever this step did not */
	return stage_clear(disk);
}

int storage_format(const struct sdev *disk, struct decision *d, const struct fmt_env *env)
{
	int step = d->v == V_FINISH ? FMT_LABEL : d->v == V_RESUME ? FMT_STAGE : 0;

	if (d->v != V_FINISH && d->v != V_RESUME && d->v != V_MAGIC && d->v != V_BLANK) {
		b2p_log("%s: not formatting a %s disk", disk->path, verdict_name(d->v));
		return -1;
	}
	while (step < FMT_CLEANUP) {
		if (env->stop_after && step >= env->stop_after)
			return step;
		int next = step + 1, rc;
		switch (next) {
		case FMT_STAGE: rc = stage_write(disk, &d->st); break;
		case FMT_MBR: rc = mbr_write(disk, &d->st.layout); break;
		case FMT_MKFS: rc = step_mkfs(disk, d, env); break;
		case FMT_POPULATE: rc = step_populate(disk, d, env); break;
		case FMT_LABEL: rc = step_label(disk, d, env); break;
		default: rc = step_cleanup(disk, d, env); break;
		}
		if (rc < 0) {
			b2p_log("%s: format step %d failed; the next boot resumes it", disk->path, next);
			return -1;
		}
		b2p_dbg("%s: format step %d done", disk->path, next);
		step = next;
	}
	return step;
}
