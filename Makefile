# The README's commands; CI (.ci/run) runs `make test` in a virtualenv of its own.
#
# `install`, `serve` and `test` install the locked versions (requirements-dev.lock) into a
# virtualenv: the active one when there is one ($VIRTUAL_ENV), else `.venv` here, made on
# first use. A shared interpreter's packages are never changed.
VENV ?= .venv
ENV_DIR := $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),$(CURDIR)/$(VENV))
PYTHON ?= $(ENV_DIR)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ROADMAP ?= data/roadmap.yaml
PIP := $(PYTHON) -m pip --disable-pip-version-check
PIP_TOOLS := pip-tools==7.6.2
LOCK_FLAGS ?=
# A mark in the environment that it holds the locked versions and this checkout, editable.
INSTALLED := $(ENV_DIR)/veikart-dev-$(shell echo "$(CURDIR)" | cksum | cut -d" " -f1).installed
COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(PYTHON) -m piptools compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --all-build-deps $(LOCK_FLAGS)

.PHONY: install chromium nginx serve test test-fast lint typecheck format bench lock lock-upgrade

install: $(INSTALLED)  ## The locked versions of everything, then veikart itself (editable), without resolving.

# Done again only when the lock or pyproject.toml changed since (pip's own check takes ~9 s).
$(INSTALLED): requirements-dev.lock pyproject.toml | $(ENV_DIR)/bin/python
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(ENV_DIR)/bin/python:  # the virtualenv, when none is active and .venv does not exist yet
	python3 -m venv $(ENV_DIR)

chromium:  ## Debian's Chromium for browser tests and image export (never a downloaded browser).
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"; \
	else $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null \
	  && echo "chromium: installed"; fi

nginx:  ## Debian's nginx (with brotli_static) and openssl for the tests of deploy/nginx.
	@if [ -x /usr/sbin/nginx ] && [ -e /etc/nginx/modules-enabled/50-mod-http-brotli-static.conf ] && command -v openssl >/dev/null; \
	then echo "nginx: $$(/usr/sbin/nginx -v 2>&1)"; \
	else $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx libnginx-mod-http-brotli-static openssl >/dev/null \
	  && echo "nginx: installed"; fi

serve: install  ## Run the dashboard on the bundled roadmap at http://127.0.0.1:8050
	$(PYTHON) -m veikart serve $(ROADMAP)

lint:
	$(PYTHON) -m ruff check veikart tests bench
	$(PYTHON) -m ruff format --check veikart tests bench

typecheck:  ## mypy on veikart/ (settings in pyproject.toml: a typed library, it ships py.typed).
	$(PYTHON) -m mypy

format:
	$(PYTHON) -m ruff format veikart tests bench
	$(PYTHON) -m ruff check --fix veikart tests bench

test: install chromium nginx lint typecheck  ## Everything CI runs: lint, types, unit, browser, export and slow tests.
	$(PYTHON) -m pytest

test-fast: install lint  ## No browser, no server, no Chromium: the quick lane while editing.
	$(PYTHON) -m pytest -m "not browser and not export and not server and not slow"

bench: install chromium  ## Benchmarks: figures as ratios against baselines measured in the same run.
	@for script in bench/bench_*.py; do echo "== $$script"; $(PYTHON) $$script || exit 1; done

lock: | $(ENV_DIR)/bin/python  ## Refresh the locks from pyproject.toml, keeping every pin that still fits.
	$(PIP) install --quiet "$(PIP_TOOLS)"
	$(COMPILE) --extra test -o requirements-dev.lock pyproject.toml
	$(COMPILE) -c requirements-dev.lock -o requirements.lock pyproject.toml

lock-upgrade: LOCK_FLAGS = --upgrade
lock-upgrade: lock  ## Refresh the locks with the newest versions pyproject.toml allows.
