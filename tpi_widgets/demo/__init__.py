"""The sample partnership used by `tpi demo`, tests and benchmarks."""

from pathlib import Path

SAMPLE_CONFIG = Path(__file__).parent / "partnership.yaml"
