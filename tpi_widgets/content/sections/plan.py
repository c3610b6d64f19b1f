"""Content for the plan section (placeholder until its step is built)."""

FILE = "plan.yaml"
OPTIONAL = True


def load(checker, data: dict, pack_parts: dict):
    return data
