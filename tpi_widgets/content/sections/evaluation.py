"""Content for the evaluation section (placeholder until its step is built)."""

FILE = "evaluation.yaml"
OPTIONAL = True


def load(checker, data: dict, pack_parts: dict):
    return data
