# Two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

EXAMPLES := examples/borgerservice.yaml examples/tryk_og_co.yaml examples/modul2.yaml

.PHONY: demo test lint install check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kitgen check
	@for order in $(EXAMPLES); do $(BIN)/kitgen build $$order || exit 1; done
	@$(BIN)/kitgen check-pdf output/*/*/poster-*.pdf > output/preflight.txt \
		&& echo "preflight passed on every poster (output/preflight.txt)" \
		|| (cat output/preflight.txt; exit 1)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/pip install --quiet ruff mypy types-PyYAML types-openpyxl lxml-stubs
	$(BIN)/ruff check kitgen
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/kitgen check --strict

clean:
	rm -rf output/*/ build

bench: $(STAMP)
	$(BIN)/pip install --quiet docxtpl pypandoc_binary
	$(BIN)/python benchmarks/bench_posters.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_web.py
