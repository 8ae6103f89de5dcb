"""East Slavic name morphology: surname endings and patronymics across languages.

The same surname ends differently in Russian, Belarusian, Ukrainian and in
the romanisations of each (Lukashenko/Lukashenka, Ivanov/Ivanau/Iwanow,
Sergeyev/Siarheyeu, Petrovich/Pyatrovich/Petrowitsch).  These tables pair
endings that are the same ending in another language; they work on phonetic
keys (see ``zaslon.core.text.phonetic``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from zaslon.core.text.phonetic import key

# Each row: spellings of one ending (plain, as written), longest first when matched.
ENDING_GROUPS: tuple[tuple[str, ...], ...] = (
    ("enko", "enka", "ienko", "ienka", "jenko"),
    ("ov", "au", "aw", "ow", "off", "ou", "of"),
    ("ev", "eu", "ew", "eff", "iev", "ieu", "yev", "yeu", "jew"),
    ("ova", "ava", "owa", "oua"),
    ("eva", "eua", "ewa", "yeva", "iewa"),
    ("in", "yn"),
    ("ina", "yna"),
    ("sky", "ski", "skiy", "skii", "skij", "skyi", "skyy", "skyj", "skі"),
    ("skaya", "skaja", "ska", "skaia", "ska"),
    ("ich", "ic", "icz", "itch", "itsch", "ych", "yc", "ycz"),
    ("ovich", "avich", "owicz", "ovic", "owitsch", "ovitch", "avicz"),
    ("evich", "ievich", "yevich", "ewicz", "evic", "ewitsch", "evitch", "eievich"),
    ("ovna", "auna", "awna", "owna"),
    ("evna", "ieuna", "yevna", "ewna", "euna"),
    ("uk", "iuk", "yuk", "juk"),
    ("chuk", "czuk", "tschuk"),
)  # fmt: skip

_PATRONYMIC = re.compile(r"(oviC|eviC|aviC|iC|ovna|evna|avna|auna|euna|ivna|iCna|oglu|ogli|uli|kisi)$")


@lru_cache(maxsize=1)
def _ending_table() -> tuple[tuple[int, ...], dict[str, int]]:
    """The lengths of the endings' keys, longest first, and each ending key's group."""
    groups: dict[str, int] = {}
    for number, group in enumerate(ENDING_GROUPS):
        for spelling in group:
            groups.setdefault(key(spelling), number)
    # longest ending first so "ovich" wins over "ich"
    return tuple(sorted({len(ending) for ending in groups}, reverse=True)), groups


@lru_cache(maxsize=200_000)
def split_ending(token_key: str) -> tuple[str, int] | None:
    """``(stem, ending group)`` of a phonetic key with a Slavic ending, else None."""
    lengths, groups = _ending_table()
    for length in lengths:
        if len(token_key) > length + 2:
            group = groups.get(token_key[-length:])
            if group is not None:
                return token_key[:-length], group
    return None


@lru_cache(maxsize=200_000)
def is_patronymic(token_key: str) -> bool:
    """Whether a phonetic key looks like a patronymic (…ovich, …evna, …oglu)."""
    return len(token_key) > 5 and _PATRONYMIC.search(token_key) is not None


_PATRONYMIC_SUFFIX = re.compile(r"(oviC|eviC|aviC|iC|ovna|evna|avna|auna|euna|ivna|iCna)$")


@lru_cache(maxsize=200_000)
def patronymic_stem(token_key: str) -> str | None:
    """The father's name inside a patronymic key (grigorieviC → grigori)."""
    if not is_patronymic(token_key):
        return None
    return _PATRONYMIC_SUFFIX.sub("", token_key) or None
