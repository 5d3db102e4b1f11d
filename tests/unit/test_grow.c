/* grow.c: partition 1 of the table we write grows into a bigger disk image,
 * sector 0's first 446 bytes and the partition's data untouched; other
 * tables are left alone; the ext superblock gives the file system's size. */
#include "grow.h"
#include "tu.h"

#include <stdlib.h>
#include <string.h>

#define MiB (1ull << 20)
#define GiB (1ull << 30)

static void plan_grows_our_table_only(void)
{
	struct mbr_layout cur, out;
	char why[128];

	REQUIRE(mbr_plan(4 * GiB, 0, &cur, why, sizeof(why)) == 0);
	CHECK(grow_plan(8 * GiB, &cur, 1, &out, why, sizeof(why)) == 1);
	CHECK(out.part[0].start == cur.part[0].start);
	CHECK(out.part[0].count * MBR_SECTOR == 8 * GiB - MiB);
	/* same size, or a few MiB more: nothing */
	CHECK(grow_plan(4 * GiB, &cur, 1, &out, why, sizeof(why)) == 0 && why[0] == '\0');
	CHECK(grow_plan(4 * GiB + 4 * MiB, &cur, 1, &out, why, sizeof(why)) == 0);
	/* a smaller disk never shrinks it */
	CHECK(grow_plan(2 * GiB, &cur, 1, &out, why, sizeof(why)) == 0);
	/* with our swap at the end, or two entries, or another start: not ours to grow */
	struct mbr_layout sw;
	REQUIRE(mbr_plan(4 * GiB, 512 * MiB, &sw, why, sizeof(why)) == 0 && sw.part[1].type);
	CHECK(grow_plan(8 * GiB, &sw, 2, &out, why, sizeof(why)) == 0 && why[0]);
	struct mbr_layout odd = cur;
	odd.part[0].start = 63;
	CHECK(grow_plan(8 * GiB, &odd, 1, &out, why, sizeof(why)) == 0 && why[0]);
	CHECK(grow_plan(8 * GiB, &cur, 3, &out, why, sizeof(why)) == 0 && why[0]);
	/* past 2 TiB the 32-bit entry caps it */
	CHECK(grow_plan(4096 * GiB, &cur, 1, &out, why, sizeof(why)) == 1);
	CHECK(out.part[0].start + out.part[0].count <= 0xFFFFFFFFull);
}

static void table_grows_on_an_image(void)
{
	const char *img = tu_path("grow.img");
	struct mbr_layout l;
	struct sdev disk;
	char why[128];
	unsigned char head[446], head2[446], data[4096], data2[4096];
	uint64_t bytes;

	REQUIRE(tu_image(img, 64 * MiB) == 0);
	for (size_t i = 0; i < sizeof(head); i++)
		head[i] = (unsigned char)(i * 7 + 1);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 13 + 5);
	REQUIRE(tu_pwrite(img, 0, head, sizeof(head)) == 0);
	REQUIRE(mbr_plan(64 * MiB, 0, &l, why, sizeof(why)) == 0);
	REQUIRE(sdev_open(&disk, img, 0, 0, 1) == 0);
	REQUIRE(mbr_write(&disk, &l) == 0);
	sdev_close(&disk);
	REQUIRE(tu_pwrite(img, 1 * MiB, data, sizeof(data)) == 0);
	REQUIRE(tu_pwrite(img, 63 * MiB - sizeof(data), data, sizeof(data)) == 0);

	/* the same disk: nothing to do, and the size is the current one */
	REQUIRE(sdev_open(&disk, img, 0, 0, 1) == 0);
	CHECK(grow_table(&disk, &bytes) == 0);
	CHECK(bytes == 63 * MiB);
	sdev_close(&disk);

	/* made bigger (as qemu-img resize does): partition 1 takes it all */
	REQUIRE(tu_sh("truncate -s 128M '%s'", img) == 0);
	REQUIRE(sdev_open(&disk, img, 0, 0, 1) == 0);
	CHECK(grow_table(&disk, &bytes) == 1);
	CHECK(bytes == 127 * MiB);
	struct mbr_layout after;
	int used = 0;
	CHECK(mbr_read(&disk, &after, &used) == 1 && used == 1);
	CHECK(after.part[0].start == 2048 && after.part[0].count * MBR_SECTOR == 127 * MiB);
	/* twice changes nothing */
	CHECK(grow_table(&disk, &bytes) == 0 && bytes == 127 * MiB);
	sdev_close(&disk);

	REQUIRE(tu_pread(img, 0, head2, sizeof(head2)) == 0);
	CHECK(memcmp(head, head2, sizeof(head)) == 0);
	REQUIRE(tu_pread(img, 1 * MiB, data2, sizeof(data2)) == 0);
	CHECK(memcmp(data, data2, sizeof(data)) == 0);
	REQUIRE(tu_pread(img, 63 * MiB - sizeof(data), data2, sizeof(data2)) == 0);
	CHECK(memcmp(data, data2, sizeof(data)) == 0);
}

static void leaves_a_foreign_table(void)
{
	const char *img = tu_path("foreign.img");
	struct sdev disk;
	uint64_t bytes;
	unsigned char before[512], after[512];

	REQUIRE(tu_image(img, 64 * MiB) == 0);
	/* two partitions, as another tool would make */
	REQUIRE(tu_sh("printf 'label: dos\\nstart=2048, size=40M, type=83\\nstart=, size=10M, type=83\\n' "
		      "| sfdisk -q '%s' >/dev/null 2>&1", img) == 0);
	REQUIRE(tu_sh("truncate -s 128M '%s'", img) == 0);
	REQUIRE(tu_pread(img, 0, before, sizeof(before)) == 0);
	REQUIRE(sdev_open(&disk, img, 0, 0, 1) == 0);
	CHECK(grow_table(&disk, &bytes) == 0);
	sdev_close(&disk);
	REQUIRE(tu_pread(img, 0, after, sizeof(after)) == 0);
	CHECK(memcmp(before, after, sizeof(before)) == 0);
}

static void reads_the_fs_size(void)
{
	const char *img = tu_path("fs.img");
	struct sdev part;
	uint64_t blocks = 0;
	uint32_t bs = 0;

	REQUIRE(tu_have("mkfs.ext4"));
	REQUIRE(tu_image(img, 48 * MiB) == 0);
	REQUIRE(tu_sh("mkfs.ext4 -q -F -b 4096 -O 64bit '%s' 40M", img) == 0);
	REQUIRE(sdev_open(&part, img, 0, 0, 0) == 0);
	CHECK(grow_fs_size(&part, &blocks, &bs) == 0);
	CHECK(bs == 4096);
	CHECK(blocks * bs == 40 * MiB);
	sdev_close(&part);

	const char *none = tu_path("nofs.img");
	REQUIRE(tu_image(none, 4 * MiB) == 0);
	REQUIRE(sdev_open(&part, none, 0, 0, 0) == 0);
	CHECK(grow_fs_size(&part, &blocks, &bs) == -1);
	sdev_close(&part);
}

int main(void)
{
	TU_RUN(plan_grows_our_table_only);
	TU_RUN(table_grows_on_an_image);
	TU_RUN(leaves_a_foreign_table);
	TU_RUN(reads_the_fs_size);
	return tu_finish();
}
