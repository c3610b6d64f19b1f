"""Content for the action section (placeholder until its step is built)."""

FILE = "action.yaml"
OPTIONAL = True


def load(checker, data: dict, pack_parts: dict):
    return data
