"""Content for the partnership section (placeholder until its step is built)."""

FILE = "partnership.yaml"
OPTIONAL = True


def load(checker, data: dict, pack_parts: dict):
    return data
