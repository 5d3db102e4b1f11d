# The base root filesystem: busybox (static, musl), the init helper and the
# files under rootfs/skel, staged in $(ROOTFS) for initrd/initrd.mk to pack.
#
# What other stages may use of this one:
#   ROOTFS          the staged root filesystem (a directory)
#   ROOTFS_STAMP    stamp: ROOTFS is complete
#   BUSYBOX_BIN     the static busybox (tests build a container image of it)
#   BUSYBOX_SRC     the busybox source, for its licence, once
#   BUSYBOX_SOURCE  (a stamp) says it is extracted

BUSYBOX_TAR     := $(call dl,src,busybox,trixie)
BUSYBOX_DEBIAN  := $(DL_DIR)/$(call lock-file,srcdebian,busybox)
BUSYBOX_VERSION := $(call lock-version,src,busybox)
BUSYBOX_SRC     := $(BUILD)/busybox-src
BUSYBOX_OBJ     := $(BUILD)/busybox
BUSYBOX_BIN     := $(BUSYBOX_OBJ)/busybox
BUSYBOX_CONFIG  := $(TOP)/configs/busybox.config
BBMAKE = $(MAKE) -C $(BUSYBOX_SRC) O=$(BUSYBOX_OBJ) CC=$(MUSL_CC) \
	HOSTCC=$(HOST_CC) EXTRA_CFLAGS="-isystem $(KHDR)" KBUILD_VERBOSE=$(V) \
	BB_EXTRA_VERSION="Debian $(BUSYBOX_VERSION)" \
	$(if $(filter 1,$(V)),,-s)

# One folder per part of the boot (docs/boot-sequence.md); each is on the
# include path, so sources include headers by name.
INIT_SRCS := $(sort $(wildcard $(TOP)/rootfs/init/*/*.c))
INIT_HDRS := $(wildcard $(TOP)/rootfs/init/*/*.h)
INIT_BIN  := $(BUILD)/init/b2pinit
INIT_CFLAGS := -std=c11 -D_GNU_SOURCE -Os -Wall -Wextra -Werror -static \
	$(patsubst %/,-I%,$(sort $(dir $(INIT_SRCS)))) \
	-ffunction-sections -fdata-sections -Wl,--gc-sections -s

ROOTFS      := $(BUILD)/rootfs
ROOTFS_STAMP := $(call stamp,rootfs)
BUSYBOX_SOURCE := $(call stamp,busybox-extract)
SKEL_FILES  := $(shell find $(TOP)/rootfs/skel -type f -o -type l)

# Debian's source: the upstream tarball plus debian/ with its patch series,
# all applied (none is packaging-only: they all build static with musl).
$(call stamp,busybox-extract): $(call dl-key,src,busybox) $(call dl-key,srcdebian,busybox) \
		$(TOP)/rootfs/debian-patches.sh | $(BUSYBOX_TAR) $(BUSYBOX_DEBIAN) $(STAMPS)
	$(call msg,EXTRACT,busybox $(BUSYBOX_VERSION))
	$(Q)rm -rf $(BUSYBOX_SRC) && mkdir -p $(BUSYBOX_SRC)
	$(Q)tar -xf $(BUSYBOX_TAR) -C $(BUSYBOX_SRC) --strip-components=1
	$(Q)tar -xf $(BUSYBOX_DEBIAN) -C $(BUSYBOX_SRC)
	$(Q)$(TOP)/rootfs/debian-patches.sh $(BUSYBOX_SRC)
	$(Q)touch $@

$(BUSYBOX_BIN): $(call stamp,busybox-extract) $(KERNEL_HEADERS) $(BUSYBOX_CONFIG) $(HOST_STAMP)
	$(call msg,BUSYBOX,$(BUSYBOX_VERSION) static musl)
	$(Q)mkdir -p $(BUSYBOX_OBJ)
	$(Q)cp $(BUSYBOX_CONFIG) $(BUSYBOX_OBJ)/.config
	$(Q)yes '' | $(BBMAKE) oldconfig >/dev/null
	$(Q)$(BBMAKE) -j$(JOBS) busybox $(if $(filter 1,$(V)),,>$(BUSYBOX_OBJ)/build.log 2>&1 \
		|| { tail -n 40 $(BUSYBOX_OBJ)/build.log; exit 1; })
	$(Q)touch $@

$(INIT_BIN): $(INIT_SRCS) $(INIT_HDRS) $(KERNEL_HEADERS) $(HOST_STAMP)
	$(call msg,CC,b2pinit)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(MUSL_CC) $(INIT_CFLAGS) -isystem $(KHDR) -o $@ $(INIT_SRCS)

# Staged from scratch each time: cheap, and no file from an older layout
# survives into the image.
$(call stamp,rootfs): $(BUSYBOX_BIN) $(INIT_BIN) $(SKEL_FILES) $(TOP)/rootfs/rootfs.mk
	$(call msg,ROOTFS,$(patsubst $(TOP)/%,%,$(ROOTFS)))
	$(Q)rm -rf $(ROOTFS) && mkdir -p $(ROOTFS)
	$(Q)cp -a $(TOP)/rootfs/skel/. $(ROOTFS)/
	$(Q)cd $(ROOTFS) && mkdir -p bin sbin usr/bin usr/sbin proc sys dev run tmp \
		mnt home root var/log var/lib etc/ssh lib lib64 usr/lib usr/local/bin tce
	$(Q)chmod 0700 $(ROOTFS)/root && chmod 1777 $(ROOTFS)/tmp
	$(Q)chmod 0600 $(ROOTFS)/etc/shadow
	$(Q)install -m 0755 $(BUSYBOX_BIN) $(ROOTFS)/bin/busybox
	$(Q)for a in $$($(BUSYBOX_BIN) --list-full); do \
		[ -e $(ROOTFS)/$$a ] || [ -L $(ROOTFS)/$$a ] || \
		ln -s $$(echo $$a | sed 's|[^/]*/|../|g; s|[^/]*$$||')bin/busybox $(ROOTFS)/$$a; done
	$(Q)install -m 0755 $(INIT_BIN) $(ROOTFS)/init
	$(Q)rm -f $(ROOTFS)/sbin/init && ln -s ../init $(ROOTFS)/sbin/init
	$(Q)printf 'VERSION=%s\n' '$(VERSION)' >> $(ROOTFS)/etc/os-release
	$(Q)touch $@

.PHONY: rootfs busybox busybox-menuconfig
rootfs: $(call stamp,rootfs) ## stage the base root filesystem
busybox: $(BUSYBOX_BIN)
busybox-menuconfig: $(BUSYBOX_BIN) ## change the busybox config (copy it back to configs/)
	$(BBMAKE) menuconfig

CLEAN_FILES  += $(ROOTFS)
CLEAN_STAMPS += $(ROOTFS_STAMP)
