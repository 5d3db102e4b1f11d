# Linux from Debian's linux-source package, configured from allnoconfig plus
# our fragments, built out of tree with everything needed at boot built in.

KERNEL_DEB     := $(call dl,deb,linux-source-6.1)
KERNEL_VERSION := $(call lock-version,deb,linux-source-6.1)
KERNEL_SRC     := $(BUILD)/linux-source
KERNEL_OBJ     := $(BUILD)/kernel
KERNEL_FRAGS   := $(sort $(wildcard $(TOP)/configs/kernel/*.config))
BZIMAGE        := $(KERNEL_OBJ)/arch/x86/boot/bzImage

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

$(call stamp,kernel-extract): $(call dl-key,deb,linux-source-6.1) | $(KERNEL_DEB) $(STAMPS)
	$(call msg,EXTRACT,linux $(KERNEL_VERSION))
	$(Q)rm -rf $(KERNEL_SRC) && mkdir -p $(KERNEL_SRC)
	$(Q)dpkg-deb --fsys-tarfile $(KERNEL_DEB) | tar -xO ./usr/src/linux-source-6.1.tar.xz \
		| tar -xJ -C $(KERNEL_SRC) --strip-components=1
	$(Q)touch $@

$(KERNEL_OBJ)/.config: $(call stamp,kernel-extract) $(KERNEL_FRAGS) $(TOP)/kernel/configure.sh \
		$(TOP)/kernel/kconfig-verify.sh $(TOP)/kernel/check-kernel-config.sh
	$(call msg,KCONFIG,$(notdir $(KERNEL_FRAGS)))
	$(Q)$(TOP)/kernel/configure.sh $(KERNEL_SRC) $(KERNEL_OBJ) $(KERNEL_FRAGS)
	$(Q)touch $@

$(BZIMAGE): $(KERNEL_OBJ)/.config
	$(call msg,KERNEL,bzImage ($(KERNEL_VERSION)))
	$(Q)$(KERNEL_ENV) $(KMAKE) -j$(JOBS) bzImage
	$(Q)touch $@

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
kernel-menuconfig: $(KERNEL_OBJ)/.config ## explore the kernel config (copy changes into a fragment)
	$(KMAKE) menuconfig
kernel-check: $(KERNEL_OBJ)/.config ## report each container requirement as ok/missing
	$(Q)$(TOP)/kernel/check-kernel-config.sh $(KERNEL_OBJ)/.config
