# The two initrds: core.gz (base root filesystem, small and independent of
# the package set) and podman.gz (the .tcz packages), loaded together.

GEN_INIT_CPIO := $(BUILD)/tools/gen_init_cpio
CORE_GZ       := $(O)/iso/boot/core.gz
PODMAN_GZ     := $(O)/iso$(FSUF)/boot/podman.gz

$(GEN_INIT_CPIO): $(call stamp,kernel-extract)
	$(call msg,HOSTCC,gen_init_cpio)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) -O2 -o $@ $(KERNEL_SRC)/usr/gen_init_cpio.c

$(CORE_GZ): $(call stamp,rootfs) $(GEN_INIT_CPIO) $(TOP)/initrd/dev.spec $(TOP)/scripts/mkcpio.sh
	$(call msg,INITRD,$(patsubst $(TOP)/%,%,$@))
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TOP)/scripts/mkcpio.sh $(GEN_INIT_CPIO) $(ROOTFS) $(TOP)/initrd/dev.spec \
		| gzip -n -9 >$@.tmp && mv $@.tmp $@

# The package images are already compressed; gzip -1 only frames them.
$(PODMAN_GZ): $(PKG_STAMP) $(GEN_INIT_CPIO) $(TOP)/scripts/mkcpio.sh
	$(call msg,INITRD,$(patsubst $(TOP)/%,%,$@))
	$(Q)mkdir -p $(dir $@)
	$(Q)$(TOP)/scripts/mkcpio.sh $(GEN_INIT_CPIO) $(PKG_STAGE) \
		| gzip -n -1 >$@.tmp && mv $@.tmp $@

.PHONY: initrd
initrd: $(CORE_GZ) $(PODMAN_GZ) ## build boot/core.gz and boot/podman.gz
