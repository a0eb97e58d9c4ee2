# distillguard: `make demo` and `make test` work from a clean clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
REDIS_URL ?= redis://127.0.0.1:6379/0
REDIS_PORT ?= 6379

.PHONY: install demo test lint redis browser bench bench-peers soak clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	$(PY) -m gateway.encodings install
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(PY) -m gateway.cli demo

# Tests run against a real Redis: start one when nothing answers and redis-server exists.
redis:
	@if $(PY) -c "import redis,sys; redis.Redis(port=$(REDIS_PORT), socket_connect_timeout=1).ping()" 2>/dev/null; then \
		echo "redis: reachable on 127.0.0.1:$(REDIS_PORT)"; \
	elif command -v redis-server >/dev/null; then \
		echo "redis: none answering on $(REDIS_PORT); starting redis-server"; \
		redis-server --daemonize yes --bind 127.0.0.1 --port $(REDIS_PORT) --save '' --appendonly no; \
		for i in 1 2 3 4 5 6 7 8 9 10; do \
			$(PY) -c "import redis; redis.Redis(port=$(REDIS_PORT)).ping()" 2>/dev/null && break; sleep 0.5; \
		done; \
	else \
		echo "redis: nothing listens on 127.0.0.1:$(REDIS_PORT) and redis-server is not installed."; \
		echo "       Install it (apt-get install redis-server) or start Redis there, then rerun."; \
		exit 1; \
	fi

# The dashboard's browser tests drive Debian's Chromium (a test tool's own browser
# download cannot work offline).
browser:
	@if [ -x /usr/bin/chromium ]; then \
		echo "chromium: /usr/bin/chromium"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "chromium: installing Debian's package"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "chromium: /usr/bin/chromium missing and cannot apt-get install it; browser tests will be skipped"; \
	fi

test: install redis browser
	DISTILLGUARD_TEST_REDIS=$(REDIS_URL) $(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff format --check gateway tests bench
	$(VENV)/bin/ruff check gateway tests bench
	$(VENV)/bin/mypy

# Load harness (bench/README.md): gateway vs direct access to the mock, A/B, pinned cores.
# wrk and nginx are Debian packages (apt-get install -y wrk nginx); without wrk the
# non-streaming load comes from bench/loadgen.py. ~8 minutes.
bench: install redis
	@command -v wrk >/dev/null || echo "bench: wrk not installed; using bench/loadgen.py for all load"
	$(PY) bench/run.py --targets dg-memory,dg-redis,dg-nosignals --out docs/benchmarks.md

# The same load through nginx and LiteLLM's proxy, next to the gateway. LiteLLM lives in its
# own venv, pinned: 1.108.7 is the version of the reference figures (and 1.107.0 was a
# compromised release). ~10 minutes plus the first install.
LITELLM_VENV := build/litellm-venv
LITELLM_VERSION ?= 1.108.7
$(LITELLM_VENV)/.installed:
	test -x $(LITELLM_VENV)/bin/python || $(PYTHON) -m venv $(LITELLM_VENV)
	$(LITELLM_VENV)/bin/pip install -q 'litellm[proxy]==$(LITELLM_VERSION)'
	touch $@

bench-peers: install $(LITELLM_VENV)/.installed
	@command -v nginx >/dev/null || { echo "bench-peers: nginx missing: apt-get install -y nginx wrk"; exit 1; }
	$(PY) bench/run.py --targets dg-memory,nginx,litellm --max-minutes 15 --title peers --out docs/benchmarks.md

# 10 minutes of mixed streamed and plain traffic through the gateway and a private Redis
# (redis-server): served, error rate, p99 drift, RSS growth. Figures: docs/reliability.md.
soak: install
	$(PY) bench/soak.py --duration 600 --rate 40 --json build/soak.json

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache gateway/_encodings
