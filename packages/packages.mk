# The package set: Tiny Core extensions (.tcz squashfs images) made from
# locked Debian .debs.  configs/flavors/$(FLAVOR)/packages.list names the
# flavor's packages, in any order; the load order (tce/onboot.lst) is derived
# from the recipes' _DEPS.  packages/<name>/<name>.mk is a recipe of
# variables only:
#   <name>_DEBS   Debian packages to extract (pinned in configs/sources.lock)
#   <name>_DEPS   packages this one needs at run time (-> <name>.tcz.dep)
#   <name>_KEEP   path globs; if set, only matching files are kept
#   <name>_DROP   path globs to remove (on top of the default drop list)
#   <name>_LINKS  path=target symlinks (Debian alternatives, resolved here)
#   <name>_COMP   mksquashfs compressor options (default $(PKG_COMP); $(PKG_COMP_BOOT)
#                 for images on the boot's path)
#   <name>_DELTA  path=basepkg:basepath: ship path as a zstd patch against
#                 basepath of package basepkg (which must be in _DEPS)
# plus, optionally, packages/<name>/files/ (copied over the tree last; then
# files.<flavor>/ over it) and an executable packages/<name>/post-install.sh
# (run in the tree).  <name>_<VAR>.<flavor>, when set, replaces <name>_<VAR>
# in that flavor.  See docs/adding-a-package.md.
#
# What other stages may use of this one (nothing else of it):
#   PKG_SET_DIR    the staged set: tce/onboot.lst and tce/optional/ (what
#                  podman.gz carries)
#   PKG_SET_STAMP  stamp: PKG_SET_DIR is complete and checked
#   PKG_IMAGES     the .tcz files of the set
#   PKG_NAMES      the set in load order; <name>_DEBS and <name>_DEPS of each
#   PKG_RECIPES    the recipe files (what the set's content is declared in)
#   PKG_ALL_DEBS   every .deb the recipes name (lock inputs)

PKG_STAGE := $(BUILD)/pkgstage$(FSUF)
PKG_OPT   := $(PKG_STAGE)/tce/optional
PKG_SET_DIR   := $(PKG_STAGE)
PKG_SET_STAMP := $(call stamp,packages$(FSUF))
PKG_WORK  := $(BUILD)/pkg$(FSUF)
PKG_LIST_FILE := $(FLAVOR_DIR)/packages.list
PKG_SET   := $(sort $(shell sed 's/\#.*//' $(PKG_LIST_FILE)))
PKG_COMP  := -comp xz -Xbcj x86
# For the images read on every boot's path (podman, sshd, libc, what
# `podman info` runs): under emulation zstd decompresses several times
# faster than xz, for about 12% more bytes (docs/boot-sequence.md).
PKG_COMP_BOOT := -comp zstd -Xcompression-level 19
PKG_TOOLS := $(TOP)/packages/tcz-build.sh
PKG_RECIPES := $(foreach p,$(PKG_SET),$(TOP)/packages/$(p)/$(p).mk)

include $(PKG_RECIPES)
# Per-flavor overrides: foo_DEBS.trixie replaces foo_DEBS when FLAVOR=trixie.
PKG_VARS := DEBS DEPS KEEP DROP LINKS COMP DELTA
$(foreach p,$(PKG_SET),$(foreach v,$(PKG_VARS),$(if $(filter undefined,$(origin $(p)_$(v).$(FLAVOR))),,\
	$(eval $(p)_$(v) := $$($(p)_$(v).$(FLAVOR))))))

PKG_ALL_DEBS := $(sort $(foreach p,$(PKG_SET),$($(p)_DEBS)))

# Load order: dependencies first, by tsort over "dep pkg" pairs (and "pkg
# pkg", so a package nobody needs is not lost).  The pairs are sorted first:
# tsort's output follows its input's order, so the same set always gives
# the same onboot.lst.
PKG_MISSING := $(sort $(filter-out $(PKG_SET),$(foreach p,$(PKG_SET),$($(p)_DEPS))))
ifneq ($(PKG_MISSING),)
$(error packages named in a _DEPS but not in $(PKG_LIST_FILE): $(PKG_MISSING))
endif
pkg-pairs = printf '%s %s\n' $(foreach p,$(PKG_SET),$(p) $(p) $(foreach d,$($(p)_DEPS),$(d) $(p))) | LC_ALL=C sort
PKG_NAMES := $(shell { $(pkg-pairs) | tsort; } 2>/dev/null || echo tsort-failed)
ifneq ($(filter tsort-failed,$(PKG_NAMES)),)
$(error the packages' _DEPS form a loop: $(shell $(pkg-pairs) | tsort 2>&1 >/dev/null \
	| awk '/input contains a loop/ { if (n++) exit; next } { sub(/^tsort: /, ""); print }'))
endif

# One awk over the lock instead of one per .deb: "name=version=file=sha256".
PKG_LOCKED := $(shell awk '$$1 == "deb" { print $$2 "=" $$3 "=" $$4 "=" $$5 }' $(LOCK))
# pkg-deb-entry DEB -> name=version=file=sha256 (an unlocked one names a
# file that fetch.sh rejects with "run make update-lock")
pkg-deb-entry = $(or $(firstword $(filter $(1)=%,$(PKG_LOCKED))),$(1)=unlocked=not-in-lock-$(1).deb=unlocked-$(1))
pkg-deb-word = $(word $(2),$(subst =, ,$(call pkg-deb-entry,$(1))))
# pkg-debs PKG -> name=version=/path/in/cache for each of its .debs
pkg-debs = $(foreach d,$($(1)_DEBS),$(d)=$(call pkg-deb-word,$(d),2)=$(DL_DIR)/$(call pkg-deb-word,$(d),3))

# An image depends on the *content* of its .debs, named by their sha256 in
# the lock: the download cache is shared between trees and its files get
# touched whenever a lock is newer, which must not rebuild anything.
PKG_KEYS := $(DL_KEYS)

define pkg-rule
$(1)_SRC := $$(shell find $(TOP)/packages/$(1) -type f -o -type l)
$(1)_DEB_FILES := $$(foreach d,$$($(1)_DEBS),$$(DL_DIR)/$$(call pkg-deb-word,$$(d),3))
$(1)_DEB_KEYS := $$(foreach d,$$($(1)_DEBS),$(PKG_KEYS)/$$(call pkg-deb-word,$$(d),4))
# A delta's patch is made against its base package's image: built first.
$(1)_DELTA_BASES := $$(foreach d,$$($(1)_DELTA),$$(call stamp,pkg$(FSUF)-$$(firstword $$(subst :, ,$$(lastword $$(subst =, ,$$(d)))))))
$(call stamp,pkg$(FSUF)-$(1)): $$($(1)_DEB_KEYS) $$($(1)_SRC) $$($(1)_DELTA_BASES) $(PKG_TOOLS) | $(PREFETCH_STAMP) $$($(1)_DEB_FILES) $(STAMPS)
	$$(call msg,TCZ,$(1))
	$$(Q)DEBS='$$(call pkg-debs,$(1))' DEPS='$$($(1)_DEPS)' KEEP='$$($(1)_KEEP)' \
		DROP='$$($(1)_DROP)' LINKS='$$($(1)_LINKS)' COMP='$$(or $$($(1)_COMP),$(PKG_COMP))' DELTA='$$($(1)_DELTA)' \
		$(TOP)/packages/tcz-build.sh $(1) $(TOP)/packages/$(1) $(PKG_WORK)/$(1) $(PKG_OPT)
	$$(Q)touch $$@
endef
$(foreach p,$(PKG_NAMES),$(eval $(call pkg-rule,$(p))))

# The whole stage: images plus onboot.lst, checked as a set (no path owned
# by two packages, dependencies loaded before their dependents, every ELF
# file's interpreter and libraries inside its dependency closure).  Images
# of packages no longer in the set go first: they would be packed too.
$(PKG_SET_STAMP): $(foreach p,$(PKG_NAMES),$(call stamp,pkg$(FSUF)-$(p))) $(PKG_LIST_FILE) \
		$(TOP)/packages/tcz-check.sh $(TOP)/packages/elf-closure.sh | $(STAMPS)
	$(call msg,CHECK,packages (conflicts; order; ELF closure))
	$(Q)for f in $(PKG_OPT)/*; do n=$${f##*/}; case " $(PKG_NAMES) " in \
		*" $${n%%.tcz*} "*) ;; *) rm -f "$$f" ;; esac; done
	$(Q)$(TOP)/packages/tcz-check.sh $(PKG_OPT) $(PKG_NAMES)
	$(Q)$(TOP)/packages/elf-closure.sh $(PKG_OPT) $(PKG_NAMES)
	$(Q)printf '%s\n' $(PKG_NAMES) >$(PKG_STAGE)/tce/onboot.lst
	$(Q)printf '  %-7s %s\n' PKGS "$(words $(PKG_NAMES)) packages, $$(du -ck $(PKG_OPT)/*.tcz | tail -n1 | cut -f1)K"
	$(Q)touch $@

.PHONY: packages
packages: $(PKG_SET_STAMP) ## build FLAVOR's .tcz package set into out/build/pkgstage[-FLAVOR]

PKG_IMAGES    := $(foreach p,$(PKG_NAMES),$(PKG_OPT)/$(p).tcz)
CLEAN_STAMPS  += $(PKG_SET_STAMP)
