# Compression libraries shared by systemd, glib, openssh, e2fsprogs.
compress_DEBS := zlib1g liblzma5 liblz4-1 libzstd1 libbz2-1.0
compress_DEPS := glibc
compress_DEBS.trixie := zlib1g liblzma5 liblz4-1 libzstd1 libbz2-1.0 libxxhash0
