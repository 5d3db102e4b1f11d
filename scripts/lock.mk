# Locked inputs: every upstream file is named in a lock and fetched into
# $(DL_DIR) by scripts/fetch.sh, which checks its sha256.  Two locks make a
# flavor's: configs/sources.lock (the shared base: kernel, busybox,
# bootloaders) and configs/flavors/$(FLAVOR)/sources.lock (its packages and
# licence-only .debs).  Everything that reads "the lock" reads $(LOCK), the
# two joined (rewritten at parse time only when they changed, so its date
# moves only with its content).

BASE_LOCK   := $(TOP)/configs/sources.lock
FLAVOR_LOCK := $(FLAVOR_DIR)/sources.lock
LOCK        := $(BUILD)/sources$(FSUF).lock
ifeq ($(origin LOCK),file)
ifneq ($(shell mkdir -p $(BUILD) && cat $(BASE_LOCK) $(wildcard $(FLAVOR_LOCK)) >$(LOCK).tmp \
	&& { cmp -s $(LOCK).tmp $(LOCK) && rm -f $(LOCK).tmp || mv $(LOCK).tmp $(LOCK); } && echo ok),ok)
$(error cannot join $(BASE_LOCK) and $(FLAVOR_LOCK) into $(LOCK))
endif
endif
# lock-file KIND,NAME -> the file name the lock pins for that input
lock-file = $(shell awk '$$1=="$(1)" && $$2=="$(2)" { print $$4; exit }' $(LOCK))
# lock-version KIND,NAME -> its version
lock-version = $(shell awk '$$1=="$(1)" && $$2=="$(2)" { print $$3; exit }' $(LOCK))
# dl KIND,NAME[,SUITE] -> path of the input in the download cache (a make
# target).  Naming an input this way also declares it (LOCK_DECLARED): what
# the stages' recipes name is what `make update-lock` resolves, no list
# besides; SUITE (e.g. trixie) resolves it there instead of in B2P_SUITE.
# A src input also locks Debian's debian/ tarball as kind srcdebian (see
# scripts/update-lock.sh): name it with lock-file, not dl.
LOCK_DECLARED :=
dl = $(eval LOCK_DECLARED += $(1):$(2)$(if $(3),@$(3)))$(DL_DIR)/$(call lock-file,$(1),$(2))
# dl-key KIND,NAME -> a file named by the input's locked sha256.  Stages
# depend on it (and on the download only order-only): the cache is shared
# between trees, so its files' dates say nothing about this tree; the key
# changes exactly when the lock does.
dl-key = $(DL_KEYS)/$(shell awk '$$1=="$(1)" && $$2=="$(2)" { print $$5; exit }' $(LOCK))
DL_KEYS := $(BUILD)/dl-keys

# Every stage starts from a locked input, so the host tools (installed on
# first use) come in here, before any stage runs one of them.
$(DL_KEYS)/%: | $(HOST_STAMP)
	$(Q)mkdir -p $(dir $@) && touch $@

# The download cache is shared and outlives builds: before any goal that may
# read an input, every cached input of the lock is checked against it
# (hashed again only when its size, mtime, inode or ctime moved; see
# scripts/fetch.sh).  At parse time, so `make -n` and `make -q` check too
# and no stage can start on a damaged file.  A mismatch stops the build: the
# file may have been replaced on purpose, so deleting it is the user's call.
DL_VERIFY_SKIP := help clean distclean update-lock update-base-lock update-flavor-lock
ifneq ($(filter-out $(DL_VERIFY_SKIP),$(or $(MAKECMDGOALS),$(.DEFAULT_GOAL))),)
ifneq ($(shell LOCK=$(LOCK) DL_DIR=$(DL_DIR) $(TOP)/scripts/fetch.sh --verify && echo ok),ok)
$(error cached inputs in $(DL_DIR) do not match $(LOCK) (above))
endif
endif

# Fetched (and checked against the lock) when missing.
$(DL_DIR)/%: | $(HOST_STAMP)
	$(Q)LOCK=$(LOCK) $(TOP)/scripts/fetch.sh $*
# Every missing .deb of the lock in a single apt call (fetch.sh --prefetch),
# once per lock (a changed lock fetches its new files).  The stages that
# name many .debs (packages, licences) put it before them, order-only.
PREFETCH_STAMP := $(call stamp,prefetch$(FSUF))
$(PREFETCH_STAMP): $(LOCK) | $(HOST_STAMP) $(STAMPS)
	$(Q)LOCK=$(LOCK) $(TOP)/scripts/fetch.sh --prefetch
	$(Q)touch $@

# What the locks pin.  The base lock (configs/sources.lock): the inputs the
# stages name through dl (in the order they name them; resolved in apt.sh's
# default suite unless the stage names one).  The flavor's lock: every .deb
# of its package recipes and those fetched only for their licence files
# (LEGAL_DEBS, iso/iso.mk), resolved in the flavor's suite.  The tests'
# clients have their own (tests/tests.mk).
lock-uniq = $(if $(1),$(firstword $(1)) $(call lock-uniq,$(filter-out $(firstword $(1)),$(1))))
LOCK_INPUTS = $(call lock-uniq,$(LOCK_DECLARED))
FLAVOR_LOCK_INPUTS = $(addprefix deb:,$(sort $(PKG_ALL_DEBS) $(LEGAL_DEBS)))

.PHONY: update-lock update-flavor-lock update-base-lock fetch
update-base-lock = $(TOP)/scripts/update-lock.sh $(BASE_LOCK) $(LOCK_INPUTS)
update-flavor-lock = B2P_SUITE=$(FLAVOR) $(TOP)/scripts/update-lock.sh $(FLAVOR_LOCK) $(FLAVOR_LOCK_INPUTS)
update-lock: ## re-resolve the base's and FLAVOR's inputs; rewrite both locks
	$(Q)$(update-base-lock)
	$(Q)$(update-flavor-lock)
update-base-lock: ## re-resolve the shared base's inputs only (configs/sources.lock)
	$(Q)$(update-base-lock)
update-flavor-lock: ## re-resolve FLAVOR's packages only (configs/flavors/FLAVOR/sources.lock)
	$(Q)$(update-flavor-lock)

fetch: ## download (and verify) every locked input
	$(Q)LOCK=$(LOCK) $(TOP)/scripts/fetch.sh --prefetch
	$(Q)for f in $$(awk '!/^#/ { print $$4 }' $(LOCK)); do \
		LOCK=$(LOCK) $(TOP)/scripts/fetch.sh "$$f" || exit 1; done
