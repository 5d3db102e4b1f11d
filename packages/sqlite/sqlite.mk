# SQLite: podman 5's database (and skopeo/buildah link it; trixie only).
sqlite_DEBS := libsqlite3-0
sqlite_DEPS := glibc
