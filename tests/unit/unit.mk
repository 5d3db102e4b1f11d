# Unit tests of the init helper (every part: storage on image files they
# create in a temp dir, packages, services, signals, parsers).  Host cc
# with ASan+UBSan; every rootfs/init/*/*.c except core/main.c is linked
# into every test.  Results for the top-level total go to
# $(UNIT_DIR)/results as "passed N failed M".

UNIT_DIR    := $(BUILD)/unit
UNIT_TESTS  := $(sort $(wildcard $(TOP)/tests/unit/test_*.c))
UNIT_BINS   := $(patsubst $(TOP)/tests/unit/%.c,$(UNIT_DIR)/%,$(UNIT_TESTS))
UNIT_LIB    := $(sort $(filter-out %/main.c,$(wildcard $(TOP)/rootfs/init/*/*.c)))
UNIT_LIBOBJ := $(patsubst $(TOP)/rootfs/init/%.c,$(UNIT_DIR)/obj/%.o,$(UNIT_LIB))
UNIT_HDRS   := $(wildcard $(TOP)/rootfs/init/*/*.h $(TOP)/tests/unit/*.h)
UNIT_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 $(UNIT_SAN) -Wall -Wextra -Werror \
	$(patsubst %/,-I%,$(sort $(dir $(UNIT_LIB)))) -I$(TOP)/tests/unit

$(UNIT_DIR)/obj/%.o: $(TOP)/rootfs/init/%.c $(UNIT_HDRS)
	$(call msg,HOSTCC,$(patsubst $(TOP)/%,%,$<))
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/obj/tu.o: $(TOP)/tests/unit/tu.c $(UNIT_HDRS)
	$(call msg,HOSTCC,tests/unit/tu.c)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(UNIT_CFLAGS) -c -o $@ $<

$(UNIT_DIR)/test_%: $(TOP)/tests/unit/test_%.c $(UNIT_LIBOBJ) $(UNIT_DIR)/obj/tu.o $(UNIT_HDRS)
	$(call msg,HOSTLD,$(patsubst $(TOP)/%,%,$<))
	$(Q)$(HOST_CC) $(UNIT_CFLAGS) -DTU_SUITE='"$*"' -o $@ $< $(UNIT_LIBOBJ) $(UNIT_DIR)/obj/tu.o

.PHONY: unit-test unit-build
unit-build: $(UNIT_BINS)

unit-test: $(UNIT_BINS) ## build and run the C unit tests (ASan+UBSan)
	$(Q)sh $(TOP)/tests/unit/run.sh $(UNIT_DIR) $(UNIT_BINS)

# Keep the objects between runs (they are built through a pattern chain).
.SECONDARY: $(UNIT_LIBOBJ) $(UNIT_DIR)/obj/tu.o
