# placeholder until the package set lands: an empty package stage
PKG_STAGE := $(BUILD)/pkgstage
$(call stamp,packages): | $(STAMPS)
	$(Q)mkdir -p $(PKG_STAGE)/tce/optional && : > $(PKG_STAGE)/tce/onboot.lst
	$(Q)touch $@
