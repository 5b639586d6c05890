#!/usr/bin/env bash
# Runs Python with Debian's interpreter, which sees python3-matplotlib/numpy. A pyenv or venv
# `python3` earlier on PATH usually does not, so prefer /usr/bin/python3 when it exists.
if [ -x /usr/bin/python3 ]; then exec /usr/bin/python3 "$@"; fi
exec python3 "$@"
