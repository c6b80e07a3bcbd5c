# roadmap-pipeline: `make run` and `make test` are all a new user needs.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: setup ocr run test bench clean

setup: $(STAMP) ocr

# Tesseract reads pages that are only images (pipeline/read/ocr.py). Installed from Debian's packages
# when missing and this is root with apt-get; otherwise ingest says, once, that it skips such pages.
ocr:
	@command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx kor && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    { apt-get update -qq && apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng; } >/dev/null \
	    || echo "note: could not install tesseract-ocr; image-only pages will be flagged, not read" >&2; \
	else echo "note: no tesseract-ocr with Korean data; install it (apt-get install tesseract-ocr tesseract-ocr-kor) to read image-only pages" >&2; fi

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
	rm -rf output/json output/roadmap.db* output/roadmap.datasette.yml output/briefs output/site
