# Shared settings and helpers for every stage's .mk file.
# The top-level Makefile includes this first, then each stage.

TOP      := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
SHELL := $(TOP)/scripts/recipe-shell
.DEFAULT_GOAL := iso
.DELETE_ON_ERROR:
.SUFFIXES:

O        ?= $(TOP)/out
override O := $(abspath $(O))
CACHE_DIR ?= $(HOME)/.cache/boot2podman
DL_DIR   ?= $(CACHE_DIR)/dl
override DL_DIR := $(abspath $(DL_DIR))
BUILD    := $(O)/build
STAMPS   := $(O)/stamps
VERSION  := $(shell cat $(TOP)/configs/VERSION)
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)

# The package set comes in flavors (configs/flavors/<name>/: package list
# and lock; the name is also the Debian suite it pins from).  Kernel,
# busybox, init, rootfs and bootloaders are shared: one O= tree holds every
# flavor, the default one at the plain paths (out/boot2podman.iso) and the
# others with a -<flavor> suffix (out/boot2podman-bookworm.iso).
DEFAULT_FLAVOR := trixie
FLAVORS        := $(DEFAULT_FLAVOR) $(filter-out $(DEFAULT_FLAVOR),\
	$(notdir $(patsubst %/,%,$(wildcard $(TOP)/configs/flavors/*/))))
FLAVOR         ?= $(DEFAULT_FLAVOR)
ifeq ($(filter $(FLAVORS),$(FLAVOR)),)
$(error FLAVOR=$(FLAVOR) is not one of: $(FLAVORS))
endif
FLAVOR_DIR := $(TOP)/configs/flavors/$(FLAVOR)
include $(FLAVOR_DIR)/flavor.mk
# FSUF: "" for the default flavor, "-<flavor>" for the others
FSUF       := $(if $(filter $(DEFAULT_FLAVOR),$(FLAVOR)),,-$(FLAVOR))
export FLAVOR

# Reproducibility: one epoch for every timestamp (default: last commit).
SOURCE_DATE_EPOCH ?= $(shell git -C $(TOP) log -1 --format=%ct 2>/dev/null || echo 1700000000)
export SOURCE_DATE_EPOCH
export TZ := UTC
export LC_ALL := C
export DL_DIR CACHE_DIR

# Kbuild-style quiet output: $(call msg,TAG,what) prints "  TAG     what".
V ?= 0
ifeq ($(V),1)
  Q :=
  msg =
else
  Q := @
  msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif
export V

MUSL_CC  ?= musl-gcc
HOST_CC  ?= cc

# stamp NAME -> path of a stamp file; touch it at the end of a recipe.
stamp = $(STAMPS)/$(1)

$(STAMPS) $(BUILD) $(O) $(DL_DIR):
	$(Q)mkdir -p $@
