"""Builders of real-format input files (marketplace exports) for tests and benchmarks."""
