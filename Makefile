# detente — `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
SHARED ?= ../shared
DB     ?= detente.db

.PHONY: install demo test test-fast lint typecheck browser postgres clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/detente ingest examples/articles --db $(DB) --quiet
	@if [ -f $(SHARED)/examples/putin-beijing-visit.txt ]; then \
	  $(BIN)/detente ingest $(SHARED)/examples --date 2023-10-16 --db $(DB) --quiet; fi
	@echo; echo "== events (asserted) =="
	$(BIN)/detente events --db $(DB) --limit 40
	@echo; echo "== top dyads =="
	$(BIN)/detente dyads --db $(DB) --limit 15
	@echo; echo "Explore them: $(BIN)/detente serve --db $(DB)  ->  http://127.0.0.1:8000/"

lint: install
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest -q -m "not slow"
	$(BIN)/pytest -q -m slow

test-fast: install
	$(BIN)/pytest -q -m "not slow" -x

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
