# The guide's front door. `make help` lists the targets.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PY      := $(BIN)/python
STAMP   := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help serve test build check pdf pdf-inspect flashcards vendor vendor-upgrade doctor venv clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

serve: $(STAMP) ## Set up, then serve the site with live reload at http://127.0.0.1:8000
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: $(STAMP) ## Set up everything the tests need (browser included), then run all tests
	$(PY) scripts/doctor.py --install
	$(PY) -m pytest

build: $(STAMP) ## Build the site into site/
	$(BIN)/mkdocs build --strict --site-dir site

# The diagram checker (mostly a browser) runs beside the other two; check_links builds the
# site and reports every build warning, so it is the strict build too.
check: $(STAMP) ## The content, diagram and link checkers, the link checker's build strict (the pre-commit loop)
	@$(PY) scripts/check_diagrams.py & diagrams=$$!; \
	status=0; $(PY) scripts/check_content.py || status=1; $(PY) scripts/check_links.py || status=1; \
	wait $$diagrams || status=1; exit $$status

pdf: build ## Build the site, then print the guide to site/ml-system-design-guide.pdf and each chapter to site/pdf/
	$(PY) scripts/export_pdf.py --site site

pdf-inspect: ## Look at the PDFs from `make pdf` as a reader would: empty pages, cut figures, contents numbers, local addresses
	$(PY) scripts/inspect_pdf.py site/ml-system-design-guide.pdf site/pdf/*.pdf

flashcards: build ## Build the site, then write the Anki deck and CSV of every flashcard into site/
	$(PY) scripts/make_flashcards.py --site site

doctor: ## Say which system tools (browser, poppler) are missing
	$(PY) scripts/doctor.py

vendor: $(STAMP) ## Fetch Mermaid and KaTeX at the versions in vendor.yml from the npm registry
	$(PY) scripts/vendor_assets.py

vendor-upgrade: $(STAMP) ## Move vendor.yml to the newest release of each major, then fetch
	$(PY) scripts/vendor_assets.py --upgrade

venv: $(STAMP) ## Create .venv and install the pinned Python packages

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

clean: ## Remove built output and caches (keeps .venv)
	rm -rf site .cache .pytest_cache
