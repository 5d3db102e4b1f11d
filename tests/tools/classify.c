/* Host driver for tests/cases/34-disk-signatures.sh: runs the boot's own
 * disk decision (storage_classify) on image files and prints, per image,
 * "PATH<TAB>verdict<TAB>reason".  Read-only: it never formats. */
#include <stdio.h>

#include "storage_format.h"

int main(int argc, char **argv)
{
	int bad = 0;
	for (int i = 1; i < argc; i++) {
		struct sdev d;
		struct decision dec;
		if (sdev_open(&d, argv[i], 0, 0, 0) < 0) {
			bad = 1;
			continue;
		}
		int rc = storage_classify(&d, 0, &dec);
		sdev_close(&d);
		if (rc < 0) {
			printf("%s\terror\tcould not be read\n", argv[i]);
			bad = 1;
			continue;
		}
		printf("%s\t%s\t%s\n", argv[i], verdict_name(dec.v), dec.why);
		decision_free(&dec);
	}
	return bad;
}
