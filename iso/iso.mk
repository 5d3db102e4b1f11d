# xorriso takes SOURCE_DATE_EPOCH (exported) for the volume dates and UUID.
# The hybrid ISO: isolinux from Debian's packages, an isohybrid MBR so the
# same file boots as a CD and as a raw disk, volume ID carrying the version
# (machine drivers read it at byte 0x8028).

ISO         := $(O)/boot2podman.iso
ISO_TREE    := $(O)/iso
ISO_VOLID   := boot2podman-v$(VERSION)
SYSLINUX    := $(BUILD)/syslinux
ISOLINUX_DEB := $(call dl,deb,isolinux)
SYSLINUX_DEB := $(call dl,deb,syslinux-common)

$(call stamp,syslinux): $(call dl-key,deb,isolinux) $(call dl-key,deb,syslinux-common) \
		| $(ISOLINUX_DEB) $(SYSLINUX_DEB) $(STAMPS)
	$(call msg,EXTRACT,isolinux)
	$(Q)rm -rf $(SYSLINUX) && mkdir -p $(SYSLINUX)
	$(Q)dpkg-deb -x $(ISOLINUX_DEB) $(SYSLINUX)
	$(Q)dpkg-deb -x $(SYSLINUX_DEB) $(SYSLINUX)
	$(Q)touch $@

$(ISO_TREE)/boot/vmlinuz: $(BZIMAGE)
	$(Q)mkdir -p $(dir $@) && cp $< $@

$(call stamp,iso-tree): $(call stamp,syslinux) $(TOP)/iso/isolinux.cfg
	$(Q)mkdir -p $(ISO_TREE)/isolinux
	$(Q)cp $(SYSLINUX)/usr/lib/ISOLINUX/isolinux.bin \
		$(SYSLINUX)/usr/lib/syslinux/modules/bios/ldlinux.c32 $(ISO_TREE)/isolinux/
	$(Q)cp $(TOP)/iso/isolinux.cfg $(ISO_TREE)/isolinux/
	$(Q)touch $@

# Files and directories carry SOURCE_DATE_EPOCH in the image: xorriso
# packs a clamped copy, since the tree's files are make targets whose dates
# must not move back.
$(ISO): $(call stamp,iso-tree) $(ISO_TREE)/boot/vmlinuz $(CORE_GZ) $(PODMAN_GZ)
	$(call msg,ISO,$(patsubst $(TOP)/%,%,$@))
	$(Q)rm -rf $@.tree && cp -a $(ISO_TREE) $@.tree
	$(Q)find $@.tree -exec touch -h -d @$(SOURCE_DATE_EPOCH) {} +
	$(Q)xorriso -as mkisofs -quiet -o $@.tmp \
		-V '$(ISO_VOLID)' -r -J -joliet-long \
		-isohybrid-mbr $(SYSLINUX)/usr/lib/ISOLINUX/isohdpfx.bin \
		-c isolinux/boot.cat -b isolinux/isolinux.bin \
		-no-emul-boot -boot-load-size 4 -boot-info-table \
		$@.tree 2>$@.log || { cat $@.log; exit 1; }
	$(Q)rm -rf $@.tree && mv $@.tmp $@
	$(Q)printf '  %-7s %s\n' SIZE "$$(du -h $@ | cut -f1) iso, $$(du -h $(BZIMAGE) | cut -f1) bzImage, $$(du -h $(CORE_GZ) | cut -f1) core.gz, $$(du -h $(PODMAN_GZ) | cut -f1) podman.gz"

# What is inside, for anyone holding only the ISO: inputs with their hashes
# and the kernel config's hash; and the hashes of the ISO and its parts.
$(O)/manifest.txt: $(ISO) $(LOCK)
	$(Q){ echo "boot2podman $(VERSION) (SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH))"; \
	  echo "kernel-config-sha256 $$(sha256sum < $(KERNEL_OBJ)/.config | cut -d' ' -f1)"; \
	  echo "# kind name version file sha256"; grep -v '^#' $(LOCK); } >$@
	$(Q)cd $(O) && sha256sum boot2podman.iso iso/boot/vmlinuz iso/boot/core.gz iso/boot/podman.gz \
		$$(cd $(O) && ls build/pkgstage/tce/optional/*.tcz 2>/dev/null) manifest.txt >SHA256SUMS

.PHONY: iso
iso: $(ISO) $(O)/manifest.txt ## build out/boot2podman.iso (+ SHA256SUMS, manifest.txt)

.PHONY: check-repro
check-repro: ## build the ISO twice (other umask, other dir) and compare byte for byte
	$(Q)$(TOP)/scripts/check-repro.sh iso
