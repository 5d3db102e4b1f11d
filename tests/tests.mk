# `make test`: builds the ISO, runs the unit tests (sanitizers on), then
# every tests/cases/*.sh against the real ISO in QEMU, and prints
# "N passed, N failed".  TESTS="tests/cases/01-boot-cdrom.sh ..." picks some.

include $(TOP)/tests/unit/unit.mk $(TOP)/tests/fuzz/fuzz.mk

CONRUN := $(BUILD)/tests/conrun

$(CONRUN): $(TOP)/tests/tools/conrun.c
	$(call msg,HOSTCC,conrun)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# The tests' host clients (tests/tools/tools.in: docker CLI, podman 5
# remote) have a lock of their own: pinned like the image's inputs, but
# neither shipped nor in /legal.
TOOLS_LOCK := $(TOP)/tests/tools/tools.lock
.PHONY: update-tools-lock
update-lock: update-tools-lock
update-tools-lock: ## re-resolve the tests' host clients into tests/tools/tools.lock
	$(Q)$(TOP)/scripts/update-lock.sh $(TOOLS_LOCK) $(shell grep -v '^\#' $(TOP)/tests/tools/tools.in)

# What the cases (and the benchmark) may use of the build, handed over as
# environment; nothing else of $(O) is theirs to read.  O itself only for
# the cases that run make.
TEST_ENV := O=$(O) CONRUN=$(CONRUN) B2P_ISO=$(ISO) \
	B2P_KERNEL=$(KERNEL_IMAGE) B2P_KERNEL_SRC=$(KERNEL_SRC) \
	B2P_CORE_INITRD=$(CORE_INITRD) B2P_PKG_INITRD=$(PKG_INITRD) \
	B2P_PKG_SET=$(PKG_SET_DIR) B2P_ROOTFS=$(ROOTFS) B2P_BUSYBOX=$(BUSYBOX_BIN) \
	B2P_TOOLS_LOCK=$(TOOLS_LOCK) B2P_ISO_CLASSIC=$(call iso-of,bookworm) \
	B2P_LOCK=$(LOCK) B2P_DL_DIR=$(DL_DIR)

# The classic flavor's ISO, out/boot2podman-bookworm.iso, for case 44 (the
# classic stack, then its data disk upgraded to the default ISO): a make of
# its own, which shares the kernel and the base with the default flavor.
.PHONY: iso-classic
iso-classic:
	$(Q)$(MAKE) --no-print-directory FLAVOR=bookworm iso
test: iso-classic

.PHONY: test test-cases
# The unit tests' exit status and results file go to run.sh, which counts a
# unit build that fails (no results) or a run that fails as failures.
test: iso $(CONRUN) ## build, then run unit tests and boot tests (ends with "N passed, N failed")
	$(Q)rm -f $(UNIT_DIR)/results
	$(Q)rc=0; $(MAKE) --no-print-directory unit-test || rc=$$?; \
		$(TEST_ENV) UNIT_RESULTS=$(UNIT_DIR)/results UNIT_RC=$$rc \
		$(TOP)/tests/run.sh $(TESTS)

test-cases: $(CONRUN) ## run only tests/cases (TESTS=... to pick), no rebuild
	$(Q)$(TEST_ENV) $(TOP)/tests/run.sh $(TESTS)

.PHONY: check-repro
check-repro: ## build the ISO twice (other umask, other dir) and compare byte for byte
	$(Q)$(TOP)/tests/check-repro.sh iso
