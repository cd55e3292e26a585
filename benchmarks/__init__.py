"""Speed targets: run each as ``uv run python -m benchmarks.<name>``."""
