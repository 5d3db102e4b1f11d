# skopeo: inspect and copy images between registries and stores.
skopeo_DEBS := skopeo
skopeo_DEPS := glibc gpgme devmapper containers-common ca-certificates
