# roadmap-pipeline: `make run` and `make test` are all a new user needs.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: setup run test bench clean

setup: $(STAMP)

# Re-installs only when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(PY) -m pipeline ingest corpus/*.pdf corpus/*.txt --out output/json --db output/roadmap.db
	for f in corpus/*.pdf corpus/*.txt; do $(PY) -m pipeline brief "$$f" --db output/roadmap.db --out output/briefs || exit 1; done
	$(PY) -m pipeline site --db output/roadmap.db --out output/site

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/bench.py

clean:
	rm -rf output/json output/roadmap.db* output/briefs output/site
