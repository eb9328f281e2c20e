#!/usr/bin/env bash
# The test command (`make test`, and so CI): the gates, then the whole suite.
#   gates: ruff check, ruff format --check, mypy on app/models and app/services (zero errors);
#   suite: pytest, where a test skipped for a reason not on the allow-list in tests/conftest.py
#          fails, and "no tests collected" (pytest exit 5) counts as a failure.
# Every gate runs even when an earlier one failed, so one run shows everything to fix.
# Arguments go to pytest, e.g. `scripts/run-tests.sh tests/test_journal.py -x`.
set -uo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
failed=()

gate() {
    local name="$1"
    shift
    echo "== $name: $*"
    if ! "$@"; then
        echo "!! $name failed (see above): run \`$*\` to see it again." >&2
        failed+=("$name")
    fi
}

gate "ruff check" .venv/bin/ruff check app tests bench scripts packaging
gate "ruff format" .venv/bin/ruff format --check app tests bench scripts packaging
gate "mypy" .venv/bin/mypy  # files and settings: [tool.mypy] in pyproject.toml

echo "== pytest"
.venv/bin/python -m pytest "$@"
status=$?
if [ $status -eq 5 ]; then
    echo "!! No tests were collected: that is a failure." >&2
    failed+=("pytest (no tests)")
elif [ $status -ne 0 ]; then
    failed+=("pytest")
fi

if [ ${#failed[@]} -gt 0 ]; then
    printf '!! Failed: %s\n' "$(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')" >&2
    exit 1
fi
echo "All gates and tests passed."
