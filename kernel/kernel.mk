# Linux from Debian's linux-source package, configured from allnoconfig plus
# our fragments, built out of tree with everything needed at boot built in.

KERNEL_PKG     := linux-source-6.12
KERNEL_DEB     := $(call dl,deb,$(KERNEL_PKG),trixie)
KERNEL_VERSION := $(call lock-version,deb,$(KERNEL_PKG))
KERNEL_SRC     := $(BUILD)/linux-source
KERNEL_OBJ     := $(BUILD)/kernel
KERNEL_FRAGS   := $(sort $(wildcard $(TOP)/configs/kernel/*.config))
BZIMAGE        := $(KERNEL_OBJ)/arch/x86/boot/bzImage

# What other stages may use of this one (nothing else of it):
#   KERNEL_IMAGE       the bzImage
#   KERNEL_CONFIG_OUT  the final .config (its hash goes into the manifest;
#                      there once KERNEL_IMAGE is)
#   KERNEL_HEADERS     stamp: UAPI headers installed under KHDR (for musl
#                      builds: Debian's musl-gcc has none)
#   KERNEL_SOURCE      stamp: the source extracted in KERNEL_SRC (licences)
#   GEN_INIT_CPIO      the kernel's cpio packer, built for the host
KERNEL_IMAGE      := $(BZIMAGE)
KERNEL_CONFIG_OUT := $(KERNEL_OBJ)/.config
KERNEL_HEADERS    := $(call stamp,kernel-headers)
KERNEL_SOURCE     := $(call stamp,kernel-extract)
GEN_INIT_CPIO     := $(BUILD)/tools/gen_init_cpio
KHDR              := $(BUILD)/kernel-headers/include

# Fixed build identity so two builds of one commit give the same image.
KERNEL_ENV := KBUILD_BUILD_TIMESTAMP="$$(date -u -d @$(SOURCE_DATE_EPOCH))" \
	KBUILD_BUILD_USER=boot2podman KBUILD_BUILD_HOST=boot2podman \
	KBUILD_BUILD_VERSION=1 CCACHE_DIR=$(CACHE_DIR)/ccache \
	CCACHE_BASEDIR=$(BUILD) CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros
# Decided when the recipe runs, not when make reads this file: on a fresh
# machine ccache is installed by the host check after that, and the first
# (coldest) kernel build would otherwise miss the cache it could fill.
KERNEL_CC := $$(command -v ccache >/dev/null 2>&1 && echo 'ccache ')gcc
KMAKE = $(MAKE) -C $(KERNEL_SRC) O=$(KERNEL_OBJ) ARCH=x86_64 \
	CC="$(KERNEL_CC)" HOSTCC="$(KERNEL_CC)" $(if $(filter 1,$(V)),V=1,-s)

$(call stamp,kernel-extract): $(call dl-key,deb,$(KERNEL_PKG)) | $(KERNEL_DEB) $(STAMPS)
	$(call msg,EXTRACT,linux $(KERNEL_VERSION))
	$(Q)rm -rf $(KERNEL_SRC) && mkdir -p $(KERNEL_SRC)
	$(Q)dpkg-deb --fsys-tarfile $(KERNEL_DEB) | tar -xO ./usr/src/$(KERNEL_PKG).tar.xz \
		| tar -xJ -C $(KERNEL_SRC) --strip-components=1
	$(Q)touch $@

# Configured in a scratch tree, so a failed configuration leaves the
# build tree's .config as it was.
KERNEL_CONFIG_TMP := $(BUILD)/kernel-config
# What bzImage was last built from: the source package and the .config's
# sha256.  A reconfiguration that gives the same .config builds nothing
# (kbuild would relink: its version string carries SOURCE_DATE_EPOCH).
KERNEL_BUILT := $(KERNEL_OBJ)/.config.built
kernel-key = echo "$(notdir $(KERNEL_DEB)) $$(sha256sum <$(1) | cut -d' ' -f1)"
$(call stamp,kernel-config): $(call stamp,kernel-extract) $(KERNEL_FRAGS) $(TOP)/kernel/configure.sh \
		$(TOP)/kernel/check-kernel-config.sh
	$(call msg,KCONFIG,$(notdir $(KERNEL_FRAGS)))
	$(Q)rm -rf $(KERNEL_CONFIG_TMP)
	$(Q)$(TOP)/kernel/configure.sh $(KERNEL_SRC) $(KERNEL_CONFIG_TMP) $(KERNEL_FRAGS)
	$(Q)if [ ! -f $(KERNEL_BUILT) ] && [ $(BZIMAGE) -nt $(KERNEL_CONFIG_OUT) ]; then \
		$(call kernel-key,$(KERNEL_CONFIG_OUT)) >$(KERNEL_BUILT); fi # a tree from before the key
	$(Q)mkdir -p $(KERNEL_OBJ) && cp $(KERNEL_CONFIG_TMP)/check-config.txt $(KERNEL_OBJ)/ \
		&& cp $(KERNEL_CONFIG_TMP)/.config $(KERNEL_CONFIG_OUT) && rm -rf $(KERNEL_CONFIG_TMP)
	$(Q)touch $@

$(BZIMAGE): $(call stamp,kernel-config)
	$(Q)key=$$($(call kernel-key,$(KERNEL_CONFIG_OUT))); \
	if [ -f $@ ] && [ "$$key" = "$$(cat $(KERNEL_BUILT) 2>/dev/null)" ]; then touch $@; else \
		printf '  %-7s %s\n' KERNEL 'bzImage ($(KERNEL_VERSION))'; rm -f $(KERNEL_BUILT); \
		$(KERNEL_ENV) $(KMAKE) -j$(JOBS) bzImage && echo "$$key" >$(KERNEL_BUILT) && touch $@; fi

# UAPI headers for musl builds depend on the source only, so a config change
# does not rebuild busybox or the init helper.
$(call stamp,kernel-headers): $(call stamp,kernel-extract)
	$(call msg,HEADERS,linux $(KERNEL_VERSION))
	$(Q)rm -rf $(BUILD)/kernel-headers $(BUILD)/kernel-hdrobj
	$(Q)$(MAKE) -C $(KERNEL_SRC) O=$(BUILD)/kernel-hdrobj ARCH=x86_64 -s \
		INSTALL_HDR_PATH=$(BUILD)/kernel-headers headers_install
	$(Q)rm -rf $(BUILD)/kernel-hdrobj
	$(Q)touch $@

.PHONY: kernel kernel-menuconfig kernel-savedefconfig kernel-check
kernel: $(BZIMAGE) ## build the kernel (out/build/kernel/arch/x86/boot/bzImage)
kernel-menuconfig: $(call stamp,kernel-config) ## explore the kernel config (copy changes into a fragment)
	$(KMAKE) menuconfig
kernel-check: $(call stamp,kernel-config) ## report each container requirement as ok/missing
	$(Q)$(TOP)/kernel/check-kernel-config.sh $(KERNEL_OBJ)/.config

# The kernel's cpio packer, for the host: the initrd stage packs with it.
$(GEN_INIT_CPIO): $(call stamp,kernel-extract)
	$(call msg,HOSTCC,gen_init_cpio)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) -O2 -o $@ $(KERNEL_SRC)/usr/gen_init_cpio.c

