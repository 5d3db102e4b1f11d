# xorriso takes SOURCE_DATE_EPOCH (exported) for the volume dates and UUID.
# The hybrid ISO: isolinux (BIOS) and GRUB (UEFI) from Debian's packages,
# an isohybrid MBR and GPT so the same file boots as a CD and as a raw disk, volume ID carrying the
# version, the flavor and its podman's version (machine drivers read it at byte 0x8028).
# One ISO per flavor: out/boot2podman.iso (default flavor), out/boot2podman-<flavor>.iso.

# iso-of FLAVOR -> that flavor's ISO (what other stages may name of this one)
iso-of      = $(O)/boot2podman$(if $(filter $(DEFAULT_FLAVOR),$(1)),,-$(1)).iso
ISO         := $(call iso-of,$(FLAVOR))
# The shared parts (kernel, core.gz, bootloaders) live in ISO_SHARED; a
# flavor's own (podman.gz, /legal) in ISO_TREE, the same directory for the
# default flavor.
ISO_SHARED  := $(O)/iso
ISO_TREE    := $(O)/iso$(FSUF)
# podman's upstream version: no epoch, no Debian revision or +ds suffix
PODMAN_VERSION = $(firstword $(subst +, ,$(subst -, ,$(lastword $(subst :, ,$(call lock-version,deb,podman))))))
ISO_VOLID   = b2p-$(VERSION)-$(FLAVOR)-podman$(PODMAN_VERSION)
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
# Per flavor: the boot configurations name the flavor's volume (b2p.media=).
EFI_IMG      := $(ISO_TREE)/boot/grub/efi.img
ISOLINUX_CFG := $(ISO_TREE)/isolinux/isolinux.cfg

$(call stamp,grub): $(call dl-key,deb,grub-efi-amd64-bin) $(call dl-key,deb,grub-common) \
		| $(GRUB_EFI_DEB) $(GRUB_COM_DEB) $(STAMPS)
	$(call extract-debs,grub,$(GRUB),$(GRUB_EFI_DEB) $(GRUB_COM_DEB))

# mkfs.vfat --invariant and a fixed volume id; mtools dates directories
# from SOURCE_DATE_EPOCH and (-m) the file from its clamped mtime.  The FAT
# is sized to the binary plus 128 KiB for its own tables, not a floppy's
# 1440 KiB: every KiB of it is a KiB of the ISO.
# boot-cfg SRC: SRC with @VOLID@ replaced by the flavor's volume ID, so the
# init loads the packages of the ISO it was booted from.
boot-cfg = sed 's/@VOLID@/$(ISO_VOLID)/g' $(1)

$(EFI_IMG): $(call stamp,grub) $(TOP)/iso/grub.cfg $(TOP)/configs/VERSION $(LOCK)
	$(call msg,EFI,$(patsubst $(O)/%,%,$@))
	$(Q)rm -rf $@.d $@.tmp && mkdir -p $@.d
	$(Q)$(call boot-cfg,$(TOP)/iso/grub.cfg) | grep -v '^#' >$@.d/embed.cfg
	$(Q)$(GRUB)/usr/bin/grub-mkimage -d $(GRUB)/usr/lib/grub/x86_64-efi -O x86_64-efi -p /boot/grub \
		-c $@.d/embed.cfg -o $@.d/BOOTX64.EFI $(GRUB_MODULES)
	$(Q)touch -d @$(SOURCE_DATE_EPOCH) $@.d/BOOTX64.EFI
	$(Q)mkfs.vfat -C --invariant -i 0b2b0d00 -n B2P-EFI $@.tmp \
		$$(( $$(stat -c %s $@.d/BOOTX64.EFI) / 1024 + 128 )) >/dev/null
	$(Q)mmd -i $@.tmp ::/EFI ::/EFI/BOOT
	$(Q)mcopy -m -i $@.tmp $@.d/BOOTX64.EFI ::/EFI/BOOT/BOOTX64.EFI
	$(Q)rm -rf $@.d && mv $@.tmp $@

$(ISOLINUX_CFG): $(TOP)/iso/isolinux.cfg $(TOP)/configs/VERSION $(LOCK)
	$(Q)mkdir -p $(dir $@) && $(call boot-cfg,$<) >$@.tmp && mv $@.tmp $@

# The boot files, as the kernel and initrd stages publish them.  The boot
# loaders read only these two: the packages stay on the medium (/cde), so
# the BIOS does not read 40 MB through emulated disk calls and the images
# take no RAM.  The package initrd (podman.gz) is built beside them for
# direct kernel boots (docs/hardware.md), not put on the ISO.
ISO_BOOT := $(ISO_SHARED)/boot/vmlinuz $(ISO_SHARED)/boot/core.gz
$(ISO_SHARED)/boot/vmlinuz: $(KERNEL_IMAGE)
$(ISO_SHARED)/boot/core.gz: $(CORE_INITRD)
$(ISO_BOOT):
	$(Q)mkdir -p $(dir $@) && cp $< $@

# The flavor's package set, as Tiny Core keeps extensions on its CD:
# /cde/onboot.lst and /cde/optional/ (the init finds the medium by its
# volume ID, packages/pkgmedia.c).
$(call stamp,iso-cde$(FSUF)): $(PKG_SET_STAMP)
	$(Q)rm -rf $(ISO_TREE)/cde && mkdir -p $(ISO_TREE) && cp -a $(PKG_SET_DIR)/tce $(ISO_TREE)/cde
	$(Q)touch $@

# Licences: the ISO carries /legal (iso/legal-info.sh): every locked
# input's Debian copyright file, the licence texts they refer to, the
# kernel's and busybox's licences, and each input's Debian source version.
# On the ISO rather than in each .tcz: readable without booting (the
# texts gzip-compressed there, iso/legal-pack.sh).
# LEGAL_DEBS are locked for their licence files only:
#   base-files   /usr/share/common-licenses (GPL-2, LGPL-2.1, ... texts)
#   gcc-N-base   libgcc-s1's doc dir is a link to it
#   (both named per flavor in configs/flavors/<flavor>/flavor.mk)
LEGAL_DEBS := $(FLAVOR_LEGAL_DEBS)
LEGAL      := $(BUILD)/legal$(FSUF)
# Where each input ends up (sources.txt); the script stops on one missing.
LEGAL_USES := $(KERNEL_PKG)=boot/vmlinuz busybox=boot/core.gz isolinux=isolinux/ \
	syslinux-common=isolinux/ grub-efi-amd64-bin=boot/grub/efi.img grub-common=tool:grub-mkimage \
	$(FLAVOR_LEGAL_USES) \
	$(foreach p,$(PKG_NAMES),$(foreach d,$($(p)_DEBS),$(d)=cde/optional/$(p).tcz))
# The lock's lines: all of it ships.
lock-shipped = awk '!/^\#/ && NF >= 5' $(LOCK)
LEGAL_LOCKED := $(shell $(lock-shipped) | awk '{ print $$4 "=" $$5 }')

$(call stamp,legal$(FSUF)): $(addprefix $(DL_KEYS)/,$(foreach e,$(LEGAL_LOCKED),$(lastword $(subst =, ,$(e))))) \
		$(KERNEL_SOURCE) $(BUSYBOX_SOURCE) $(TOP)/iso/legal-info.sh \
		$(TOP)/iso/iso.mk $(PKG_LIST_FILE) $(FLAVOR_DIR)/flavor.mk $(PKG_RECIPES) \
		| $(PREFETCH_STAMP) $(addprefix $(DL_DIR)/,$(foreach e,$(LEGAL_LOCKED),$(firstword $(subst =, ,$(e))))) $(STAMPS)
	$(call msg,LEGAL,$(patsubst $(TOP)/%,%,$(LEGAL)))
	$(Q)LOCK=$(LOCK) KERNEL_SRC=$(KERNEL_SRC) BUSYBOX_SRC=$(BUSYBOX_SRC) VERSION=$(VERSION) \
		USES='$(LEGAL_USES)' $(TOP)/iso/legal-info.sh $(LEGAL)
	$(Q)touch $@

$(call stamp,iso-legal$(FSUF)): $(call stamp,legal$(FSUF)) $(TOP)/iso/legal-pack.sh
	$(Q)mkdir -p $(ISO_TREE) && $(TOP)/iso/legal-pack.sh $(LEGAL) $(ISO_TREE)/legal
	$(Q)touch $@

$(call stamp,iso-tree): $(call stamp,syslinux)
	$(Q)mkdir -p $(ISO_SHARED)/isolinux
	$(Q)cp $(SYSLINUX)/usr/lib/ISOLINUX/isolinux.bin \
		$(SYSLINUX)/usr/lib/syslinux/modules/bios/ldlinux.c32 $(ISO_SHARED)/isolinux/
	$(Q)touch $@

# Files and directories carry SOURCE_DATE_EPOCH in the image: xorriso
# packs a clamped copy, since the tree's files are make targets whose dates
# must not move back.  The tree is the shared parts with the flavor's own
# over them (another flavor's packages, boot configurations and /legal
# taken out first).
$(ISO): $(call stamp,iso-tree) $(call stamp,iso-legal$(FSUF)) $(call stamp,iso-cde$(FSUF)) $(ISO_BOOT) \
		$(EFI_IMG) $(ISOLINUX_CFG) $(PKG_INITRD)
	$(call msg,ISO,$(patsubst $(TOP)/%,%,$@) ($(ISO_VOLID)))
	$(Q)test $$(printf %s '$(ISO_VOLID)' | wc -c) -le 32 || { echo 'volume ID $(ISO_VOLID) is over 32 bytes' >&2; exit 1; }
	$(Q)rm -f $(ISO_TREE)/boot/podman.gz # put there by builds before the packages moved to /cde
	$(Q)rm -rf $@.tree && cp -a $(ISO_SHARED) $@.tree && rm -rf $@.tree/legal $@.tree/cde \
		$@.tree/boot/grub/efi.img $@.tree/isolinux/isolinux.cfg \
		&& cp -a $(ISO_TREE)/. $@.tree/
	$(Q)find $@.tree -exec touch -h -d @$(SOURCE_DATE_EPOCH) {} +
	$(Q)xorriso -as mkisofs -quiet -o $@.tmp \
		-V '$(ISO_VOLID)' -r -J -joliet-long \
		-isohybrid-mbr $(SYSLINUX)/usr/lib/ISOLINUX/isohdpfx.bin \
		-c isolinux/boot.cat -b isolinux/isolinux.bin \
		-no-emul-boot -boot-load-size 4 -boot-info-table \
		-eltorito-alt-boot -e boot/grub/efi.img -no-emul-boot -isohybrid-gpt-basdat \
		$@.tree 2>$@.log || { cat $@.log; exit 1; }
	$(Q)rm -rf $@.tree && mv $@.tmp $@
	$(Q)printf '  %-7s %s\n' SIZE "$$(du -h $@ | cut -f1) iso, $$(du -h $(KERNEL_IMAGE) | cut -f1) bzImage, $$(du -h $(CORE_INITRD) | cut -f1) core.gz, $$(du -sh $(ISO_TREE)/cde | cut -f1) cde"

# What is inside, for anyone holding only the ISO: flavor, podman version,
# inputs with their hashes and the kernel config's hash; and the hashes of
# the ISO and its parts.  One of each per flavor (-<flavor> suffix).
MANIFEST := $(O)/manifest$(FSUF).txt
$(MANIFEST): $(ISO) $(LOCK)
	$(Q){ echo "boot2podman $(VERSION) (SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH))"; \
	  echo "flavor $(FLAVOR) (Debian $(FLAVOR) packages)"; \
	  echo "podman $(PODMAN_VERSION) ($(call lock-version,deb,podman))"; \
	  echo "volume-id $(ISO_VOLID)"; \
	  echo "kernel-config-sha256 $$(sha256sum < $(KERNEL_CONFIG_OUT) | cut -d' ' -f1)"; \
	  echo "# kind name version file sha256"; $(lock-shipped); } >$@
	$(Q)cd $(O) && sha256sum $(notdir $(ISO)) $(patsubst $(O)/%,%,$(ISO_BOOT) $(PKG_INITRD) $(sort $(PKG_IMAGES))) \
		$(notdir $@) >SHA256SUMS$(FSUF)

.PHONY: iso
iso: $(ISO) $(MANIFEST) ## build out/boot2podman.iso (FLAVOR=bookworm: out/boot2podman-bookworm.iso) (+ SHA256SUMS, manifest.txt)

# Buildroot's name: what a redistributor needs, beside the ISO.
.PHONY: legal-info
legal-info: $(MANIFEST) $(call stamp,legal$(FSUF)) ## write out/legal-info[-FLAVOR]: manifest, sources list, every licence
	$(call msg,LEGAL,$(patsubst $(TOP)/%,%,$(O)/legal-info$(FSUF)))
	$(Q)rm -rf $(O)/legal-info$(FSUF) && cp -R $(LEGAL) $(O)/legal-info$(FSUF) && cp $(MANIFEST) $(O)/legal-info$(FSUF)/manifest.txt

# Every flavor's ISO outputs: their trees share ISO_SHARED.
CLEAN_FILES  += $(ISO_SHARED) $(O)/iso-* $(O)/boot2podman*.iso $(O)/SHA256SUMS* $(O)/manifest*.txt \
	$(O)/legal-info*
CLEAN_STAMPS += $(call stamp,iso-tree) $(STAMPS)/iso-legal* $(STAMPS)/iso-cde*
