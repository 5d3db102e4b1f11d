# The README's package table is generated from the recipes and the lock, so
# it cannot drift from what the image holds.  `make readme` rewrites it.

# pkg-row NAME -> "| name | deb version, ... | deps |"
pkg-row = | $(1) | $(foreach d,$($(1)_DEBS),$(d) ($(call lock-version,deb,$(d)))) | $(or $($(1)_DEPS),—) |

.PHONY: readme readme-table
readme-table:
	@echo '| package | Debian packages (pinned versions) | needs |'
	@echo '|---|---|---|'
	@$(foreach p,$(PKG_NAMES),echo '$(strip $(call pkg-row,$(p)))';)

readme: ## regenerate the package table in README.md from the recipes and lock
	$(call msg,GEN,README.md package table)
	$(Q)$(MAKE) -s --no-print-directory readme-table >$(BUILD)/readme-table.md
	$(Q)$(TOP)/scripts/replace-block.sh $(TOP)/README.md packages $(BUILD)/readme-table.md
