# Shortcuts for tools/dev.py, which does the real work (and runs on Windows without make).
PYTHON ?= python3

.PHONY: run test bench setup
run:
	$(PYTHON) tools/dev.py run
test:
	$(PYTHON) tools/dev.py test
bench:
	$(PYTHON) tools/dev.py bench $(ARGS)
setup:
	$(PYTHON) tools/dev.py setup
