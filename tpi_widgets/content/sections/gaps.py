"""Content for the gaps section (placeholder until its step is built)."""

FILE = "gaps.yaml"
OPTIONAL = True


def load(checker, data: dict, pack_parts: dict):
    return data
