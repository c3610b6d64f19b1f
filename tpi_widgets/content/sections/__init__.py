"""Per-step parts of a content pack, each in its own YAML file and loader module.

A section module defines FILE (the YAML file name in the pack folder), OPTIONAL (whether a pack
may leave the file out) and load(checker, data, pack_parts) -> a frozen dataclass. The loader
calls it with the file's parsed YAML; `pack_parts` holds what is already loaded ("areas",
"scale", "objectives", "steps") for cross-checks.
"""

SECTIONS = ("partnership", "gaps", "plan", "action", "evaluation")  # module names in this package; pack.section(name)
