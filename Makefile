# Quick start: `make run` opens Casebook on the bundled demo library; `make test` runs every test.
# Both install what the OS must provide when it is missing (Debian/Ubuntu; needs root or sudo).
.PHONY: run test bench screenshots lint dist

run:
	scripts/setup.sh run
	.venv/bin/casebook

test:
	scripts/setup.sh test
	scripts/run-tests.sh

bench:
	scripts/setup.sh test
	.venv/bin/python -m bench

screenshots:
	scripts/setup.sh test
	QT_QPA_PLATFORM=offscreen .venv/bin/casebook screenshots --out docs/screenshots

lint:
	.venv/bin/ruff check app tests bench scripts packaging
	.venv/bin/ruff format --check app tests bench scripts packaging
	.venv/bin/mypy

# The self-contained one-folder app (PyInstaller): dist/casebook/. See docs/packaging.md.
dist:
	scripts/setup.sh test
	.venv/bin/python packaging/build.py --dist dist --work build
