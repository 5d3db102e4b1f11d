# xorriso takes SOURCE_DATE_EPOCH (exported) for the volume dates and UUID.
# The hybrid ISO: isolinux (BIOS) and GRUB (UEFI) from Debian's packages,
# an isohybrid MBR and GPT so the same file boots as a CD and as a raw disk, volume ID carrying the version
# (machine drivers read it at byte 0x8028).

ISO         := $(O)/boot2podman.iso
ISO_TREE    := $(O)/iso
ISO_VOLID   := boot2podman-v$(VERSION)
SYSLINUX    := $(BUILD)/syslinux
ISOLINUX_DEB := $(call dl,deb,isolinux)
SYSLINUX_DEB := $(call dl,deb,syslinux-common)

# extract-debs NAME,DIR,DEBS: a stamp recipe unpacking DEBS into a fresh DIR.
define extract-debs
	$(call msg,EXTRACT,$(1))
	$(Q)rm -rf $(2) && mkdir -p $(2)
	$(Q)for d in $(3); do dpkg-deb -x "$$d" $(2) || exit 1; done
	$(Q)touch $@
endef

$(call stamp,syslinux): $(call dl-key,deb,isolinux) $(call dl-key,deb,syslinux-common) \
		| $(ISOLINUX_DEB) $(SYSLINUX_DEB) $(STAMPS)
	$(call extract-debs,isolinux,$(SYSLINUX),$(ISOLINUX_DEB) $(SYSLINUX_DEB))

# UEFI: GRUB's EFI binary from Debian's packages, made into one file with
# its configuration and the few modules it needs, alone on a small FAT
# image.  xorriso points both the El Torito EFI entry and a GPT EFI system
# partition at that image, so the ISO boots from CD and as a raw disk.
GRUB         := $(BUILD)/grub
GRUB_EFI_DEB := $(call dl,deb,grub-efi-amd64-bin)
GRUB_COM_DEB := $(call dl,deb,grub-common)
GRUB_MODULES := search search_fs_file iso9660 part_msdos part_gpt fat linux serial terminal echo sleep normal
EFI_IMG      := $(ISO_TREE)/boot/grub/efi.img

$(call stamp,grub): $(call dl-key,deb,grub-efi-amd64-bin) $(call dl-key,deb,grub-common) \
		| $(GRUB_EFI_DEB) $(GRUB_COM_DEB) $(STAMPS)
	$(call extract-debs,grub,$(GRUB),$(GRUB_EFI_DEB) $(GRUB_COM_DEB))

# mkfs.vfat --invariant and a fixed volume id; mtools dates directories
# from SOURCE_DATE_EPOCH and (-m) the file from its clamped mtime.
$(EFI_IMG): $(call stamp,grub) $(TOP)/iso/grub.cfg
	$(call msg,EFI,$(patsubst $(O)/iso/%,%,$@))
	$(Q)rm -rf $@.d $@.tmp && mkdir -p $@.d
	$(Q)grep -v '^#' $(TOP)/iso/grub.cfg >$@.d/embed.cfg
	$(Q)$(GRUB)/usr/bin/grub-mkimage -d $(GRUB)/usr/lib/grub/x86_64-efi -O x86_64-efi -p /boot/grub \
		-c $@.d/embed.cfg -o $@.d/BOOTX64.EFI $(GRUB_MODULES)
	$(Q)touch -d @$(SOURCE_DATE_EPOCH) $@.d/BOOTX64.EFI
	$(Q)mkfs.vfat -C --invariant -i 0b2b0d00 -n B2P-EFI $@.tmp 1440 >/dev/null
	$(Q)mmd -i $@.tmp ::/EFI ::/EFI/BOOT
	$(Q)mcopy -m -i $@.tmp $@.d/BOOTX64.EFI ::/EFI/BOOT/BOOTX64.EFI
	$(Q)rm -rf $@.d && mv $@.tmp $@

# The boot files, as the kernel and initrd stages publish them.
ISO_BOOT := $(ISO_TREE)/boot/vmlinuz $(ISO_TREE)/boot/core.gz $(ISO_TREE)/boot/podman.gz
$(ISO_TREE)/boot/vmlinuz: $(KERNEL_IMAGE)
$(ISO_TREE)/boot/core.gz: $(CORE_INITRD)
$(ISO_TREE)/boot/podman.gz: $(PKG_INITRD)
$(ISO_BOOT):
	$(Q)mkdir -p $(dir $@) && cp $< $@

# Licences: the ISO carries /legal (iso/legal-info.sh): every locked
# input's Debian copyright file, the licence texts they refer to, the
# kernel's and busybox's licences, and each input's Debian source version.
# On the ISO rather than in each .tcz: readable without booting, and no
# RAM taken in the guest (the packages live in an initrd).
# LEGAL_DEBS are locked for their licence files only:
#   base-files   /usr/share/common-licenses (GPL-2, LGPL-2.1, ... texts)
#   gcc-12-base  libgcc-s1's doc dir is a link to it
LEGAL_DEBS := base-files gcc-12-base
LEGAL      := $(BUILD)/legal
# Where each input ends up (sources.txt); the script stops on one missing.
LEGAL_USES := $(KERNEL_PKG)=boot/vmlinuz busybox=boot/core.gz isolinux=isolinux/ \
	syslinux-common=isolinux/ grub-efi-amd64-bin=boot/grub/efi.img grub-common=tool:grub-mkimage \
	base-files=legal/common-licenses gcc-12-base=legal/copyright/libgcc-s1 \
	$(foreach p,$(PKG_NAMES),$(foreach d,$($(p)_DEBS),$(d)=boot/podman.gz:$(p).tcz))
# The lock's lines of what ships (not LOCK_TEST_ONLY).
lock-shipped = awk -v skip=' $(LOCK_TEST_ONLY) ' '!/^\#/ && NF >= 5 && !index(skip, " " $$2 " ")' $(LOCK)
LEGAL_LOCKED := $(shell $(lock-shipped) | awk '{ print $$4 "=" $$5 }')

$(call stamp,legal): $(addprefix $(DL_KEYS)/,$(foreach e,$(LEGAL_LOCKED),$(lastword $(subst =, ,$(e))))) \
		$(KERNEL_SOURCE) $(BUSYBOX_SOURCE) $(TOP)/iso/legal-info.sh \
		$(TOP)/iso/iso.mk $(PKG_LIST_FILE) $(PKG_RECIPES) \
		| $(addprefix $(DL_DIR)/,$(foreach e,$(LEGAL_LOCKED),$(firstword $(subst =, ,$(e))))) $(STAMPS)
	$(call msg,LEGAL,$(patsubst $(TOP)/%,%,$(LEGAL)))
	$(Q)LOCK=$(LOCK) KERNEL_SRC=$(KERNEL_SRC) BUSYBOX_SRC=$(BUSYBOX_SRC) VERSION=$(VERSION) \
		NOT_SHIPPED='$(LOCK_TEST_ONLY)' \
		USES='$(LEGAL_USES)' $(TOP)/iso/legal-info.sh $(LEGAL)
	$(Q)touch $@

$(call stamp,iso-legal): $(call stamp,legal)
	$(Q)rm -rf $(ISO_TREE)/legal && mkdir -p $(ISO_TREE) && cp -R $(LEGAL) $(ISO_TREE)/legal
	$(Q)touch $@

$(call stamp,iso-tree): $(call stamp,syslinux) $(TOP)/iso/isolinux.cfg
	$(Q)mkdir -p $(ISO_TREE)/isolinux
	$(Q)cp $(SYSLINUX)/usr/lib/ISOLINUX/isolinux.bin \
		$(SYSLINUX)/usr/lib/syslinux/modules/bios/ldlinux.c32 $(ISO_TREE)/isolinux/
	$(Q)cp $(TOP)/iso/isolinux.cfg $(ISO_TREE)/isolinux/
	$(Q)touch $@

# Files and directories carry SOURCE_DATE_EPOCH in the image: xorriso
# packs a clamped copy, since the tree's files are make targets whose dates
# must not move back.
$(ISO): $(call stamp,iso-tree) $(call stamp,iso-legal) $(ISO_BOOT) $(EFI_IMG)
	$(call msg,ISO,$(patsubst $(TOP)/%,%,$@))
	$(Q)rm -rf $@.tree && cp -a $(ISO_TREE) $@.tree
	$(Q)find $@.tree -exec touch -h -d @$(SOURCE_DATE_EPOCH) {} +
	$(Q)xorriso -as mkisofs -quiet -o $@.tmp \
		-V '$(ISO_VOLID)' -r -J -joliet-long \
		-isohybrid-mbr $(SYSLINUX)/usr/lib/ISOLINUX/isohdpfx.bin \
		-c isolinux/boot.cat -b isolinux/isolinux.bin \
		-no-emul-boot -boot-load-size 4 -boot-info-table \
		-eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot -isohybrid-gpt-basdat \
		$@.tree 2>$@.log || { cat $@.log; exit 1; }
	$(Q)rm -rf $@.tree && mv $@.tmp $@
	$(Q)printf '  %-7s %s\n' SIZE "$$(du -h $@ | cut -f1) iso, $$(du -h $(KERNEL_IMAGE) | cut -f1) bzImage, $$(du -h $(CORE_INITRD) | cut -f1) core.gz, $$(du -h $(PKG_INITRD) | cut -f1) podman.gz"

# What is inside, for anyone holding only the ISO: inputs with their hashes
# and the kernel config's hash; and the hashes of the ISO and its parts.
$(O)/manifest.txt: $(ISO) $(LOCK)
	$(Q){ echo "boot2podman $(VERSION) (SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH))"; \
	  echo "kernel-config-sha256 $$(sha256sum < $(KERNEL_CONFIG_OUT) | cut -d' ' -f1)"; \
	  echo "# kind name version file sha256"; $(lock-shipped); } >$@
	$(Q)cd $(O) && sha256sum boot2podman.iso $(patsubst $(O)/%,%,$(ISO_BOOT) $(sort $(PKG_IMAGES))) \
		manifest.txt >SHA256SUMS

.PHONY: iso
iso: $(ISO) $(O)/manifest.txt ## build out/boot2podman.iso (+ SHA256SUMS, manifest.txt)

# Buildroot's name: what a redistributor needs, beside the ISO.
.PHONY: legal-info
legal-info: $(O)/manifest.txt $(call stamp,legal) ## write out/legal-info: manifest, sources list, every licence
	$(call msg,LEGAL,$(patsubst $(TOP)/%,%,$(O)/legal-info))
	$(Q)rm -rf $(O)/legal-info && cp -R $(LEGAL) $(O)/legal-info && cp $(O)/manifest.txt $(O)/legal-info/

CLEAN_FILES  += $(ISO_TREE) $(ISO) $(O)/SHA256SUMS $(O)/manifest.txt $(O)/legal-info
CLEAN_STAMPS += $(call stamp,iso-tree) $(call stamp,iso-legal)
