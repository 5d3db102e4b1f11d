# The README's package table is generated from the recipes and the lock, so
# it cannot drift from what the image holds.  `make readme` rewrites it.

# One table per flavor (readme-table: FLAVOR's).
# pkg-row NAME -> "| name | deb version, ... | deps |"
pkg-row = | $(1) | $(foreach d,$($(1)_DEBS),$(d) ($(call pkg-deb-word,$(d),2))) | $(or $($(1)_DEPS),—) |

.PHONY: readme readme-table
readme-table:
	@echo '#### FLAVOR=$(FLAVOR)$(if $(FSUF),, (default))'
	@echo
	@echo '| package | Debian packages (pinned versions) | needs |'
	@echo '|---|---|---|'
	@$(foreach p,$(PKG_NAMES),echo '$(strip $(call pkg-row,$(p)))';)

readme: ## regenerate the package table in README.md from the recipes and lock
	$(call msg,GEN,README.md package table)
	$(Q)for f in $(FLAVORS); do $(MAKE) -s --no-print-directory FLAVOR=$$f readme-table && echo; done \
		| sed '$$d' >$(BUILD)/readme-table.md
	$(Q)$(TOP)/scripts/replace-block.sh $(TOP)/README.md packages $(BUILD)/readme-table.md
