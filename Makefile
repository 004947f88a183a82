# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval lint bench clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# The pip bundled with Python 3.11 skips trafilatura's lxml_html_clean extra.
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,serve]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pharmanews demo --db pharmanews.db --report report.html

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The report test renders in Debian's headless Chromium (with a CJK font for the
# screenshot); CI runs as root and installs both.
browser:
	@{ command -v chromium && [ -d /usr/share/fonts/truetype/wqy ]; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null; \
	  else echo "chromium not installed: the browser test will be skipped"; fi; }

eval: $(STAMP)
	$(BIN)/pharmanews extract ../shared/eval/dev/docs -o /tmp/pharmanews-dev.jsonl
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev/gold.jsonl /tmp/pharmanews-dev.jsonl --by-lang
	$(BIN)/python tests/evalkit.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_speed.py

clean:
	rm -rf $(VENV) pharmanews.db report.html
