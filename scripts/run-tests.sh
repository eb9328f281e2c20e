#!/usr/bin/env bash
# Runs the whole suite; "no tests collected" (pytest exit 5) counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest "$@"
status=$?
if [ $status -eq 5 ]; then
    echo "No tests were collected: that is a failure." >&2
    exit 1
fi
exit $status
