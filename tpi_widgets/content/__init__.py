"""Content packs: steps, objectives, areas, items, scales and UI strings as validated YAML."""

from .loader import builtin_packs, load_pack
from .model import Area, Item, Level, Objective, Pack, Scale, Step

__all__ = ["Area", "Item", "Level", "Objective", "Pack", "Scale", "Step", "builtin_packs", "load_pack"]
