# The README's package table is generated from the recipes and the lock, so
# it cannot drift from what the image holds.  `make readme` rewrites it.

# One table per flavor (readme-table: FLAVOR's).
# pkg-row NAME -> "| name | deb version, ... | deps |"
pkg-row = | $(1) | $(foreach d,$($(1)_DEBS),$(d) ($(call lock-version,deb,$(d)))) | $(or $($(1)_DEPS),—) |

.PHONY: readme readme-table readme-tables
readme-table:
	@echo '#### FLAVOR=$(FLAVOR)$(if $(FSUF),, (default))'
	@echo
	@echo '| package | Debian packages (pinned versions) | needs |'
	@echo '|---|---|---|'
	@$(foreach p,$(PKG_NAMES),echo '$(strip $(call pkg-row,$(p)))';)

# Every flavor's, as the README holds them (case 13 compares).
readme-tables:
	@for f in $(FLAVORS); do $(MAKE) -s --no-print-directory FLAVOR=$$f readme-table && echo; done \
		| sed '$$d'

readme: ## regenerate the package tables in README.md from the recipes and locks
	$(call msg,GEN,README.md package table)
	$(Q)$(MAKE) -s --no-print-directory readme-tables >$(BUILD)/readme-table.md
	$(Q)$(TOP)/scripts/replace-block.sh $(TOP)/README.md packages $(BUILD)/readme-table.md
