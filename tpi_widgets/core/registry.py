"""The shape of every registry here (after papermill's engine registry): entries registered once
under a key, looked up with `get`, an unknown key raising the project's own error."""

from __future__ import annotations

from typing import Callable, Generic, Hashable, Iterator, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Registry(Generic[K, V]):
    def __init__(self, key: Callable[[V], K], unknown: Callable[[object], Exception]):
        self._key, self._unknown = key, unknown
        self._entries: dict[K, V] = {}

    def register(self, entry: V) -> V:
        key = self._key(entry)
        if key in self._entries:
            raise ValueError(f"{key!r} declared twice")
        self._entries[key] = entry
        return entry

    def get(self, key: K) -> V:
        try:
            return self._entries[key]
        except (KeyError, TypeError):  # TypeError: an unhashable key is unknown too
            raise self._unknown(key) from None

    def __iter__(self) -> Iterator[V]:
        """In registration order."""
        return iter(self._entries.values())

    def __contains__(self, key: object) -> bool:
        return key in self._entries
