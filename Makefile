# The README's commands; CI runs `make test` too.
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ROADMAP ?= data/roadmap.yaml

.PHONY: install chromium nginx serve test test-fast lint format bench

install:  ## Install veikart with its test tools (idempotent, quick when done).
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[test]"

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
	veikart serve $(ROADMAP)

lint:
	$(PYTHON) -m ruff check veikart tests bench
	$(PYTHON) -m ruff format --check veikart tests bench

format:
	$(PYTHON) -m ruff format veikart tests bench
	$(PYTHON) -m ruff check --fix veikart tests bench

test: install chromium nginx lint  ## Everything CI runs: lint, unit, browser and export tests.
	$(PYTHON) -m pytest

test-fast: lint  ## No browser, no server, no Chromium: the quick lane while editing.
	$(PYTHON) -m pytest -m "not browser and not export and not server"

bench: install chromium  ## Benchmarks: figures as ratios against baselines measured in the same run.
	@for script in bench/bench_*.py; do echo "== $$script"; $(PYTHON) $$script || exit 1; done
