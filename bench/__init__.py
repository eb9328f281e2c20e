"""Benchmarks: `python -m bench` runs every bench/bench_*.py; each figure is printed beside
its floor."""
