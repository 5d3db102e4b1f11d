# The two initrds: core.gz (base root filesystem, small and independent of
# the package set) and podman.gz (the .tcz packages, for direct kernel
# boots: the ISO keeps them in /cde).  core.gz keeps its name (boot loader
# configurations and drivers know it) but is zstd-compressed: 12% smaller
# than gzip -9 and quicker for the kernel to unpack (CONFIG_RD_ZSTD).
# Packed with the kernel stage's GEN_INIT_CPIO from what the rootfs and
# package stages publish.
#
# What other stages may use of this one:
#   CORE_INITRD  core.gz
#   PKG_INITRD   podman.gz

INITRD_DIR  := $(BUILD)/initrd
CORE_INITRD := $(INITRD_DIR)/core.gz
PKG_INITRD  := $(INITRD_DIR)/podman$(FSUF).gz

$(CORE_INITRD): $(ROOTFS_STAMP) $(GEN_INIT_CPIO) $(TOP)/initrd/dev.spec $(TOP)/initrd/mkcpio.sh $(TOP)/initrd/initrd.mk
	$(call msg,INITRD,$(patsubst $(O)/%,%,$@))
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TOP)/initrd/mkcpio.sh $(GEN_INIT_CPIO) $(ROOTFS) $(TOP)/initrd/dev.spec \
		| zstd -q -19 --check >$@.tmp && mv $@.tmp $@

# The package images are already xz-compressed: the cpio is stored as it
# is (the kernel knows an uncompressed initramfs by its magic; the name
# podman.gz stays, boot loaders and drivers know it).  gzip around them
# saved nothing and cost the kernel an inflate of every byte at boot.
$(PKG_INITRD): $(PKG_SET_STAMP) $(GEN_INIT_CPIO) $(TOP)/initrd/mkcpio.sh $(TOP)/initrd/initrd.mk
	$(call msg,INITRD,$(patsubst $(O)/%,%,$@))
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TOP)/initrd/mkcpio.sh $(GEN_INIT_CPIO) $(PKG_SET_DIR) >$@.tmp && mv $@.tmp $@

.PHONY: initrd
initrd: $(CORE_INITRD) $(PKG_INITRD) ## build core.gz and FLAVOR's podman[-FLAVOR].gz (out/build/initrd/)

CLEAN_FILES += $(INITRD_DIR)
