"""Given names across languages: one group per name."""

from __future__ import annotations

import pytest

from zaslon.core.names.given_names import GROUPS, canonical, group_of
from zaslon.core.text.phonetic import key
from zaslon.core.text.translit import fold_latin


def _group(name: str) -> int | None:
    return group_of(key(fold_latin(name)))


@pytest.mark.parametrize(
    "names",
    [
        ("Aleksandr", "Aliaksandr", "Alyaksandr", "Oleksandr", "Alexander", "Alexandre", "Aleksander"),
        ("Vladimir", "Uladzimir", "Volodymyr", "Wladimir", "Włodzimierz"),
        ("Sergey", "Siarhei", "Serhiy", "Sergej", "Serge"),
        ("Yevgeniy", "Yauhen", "Yevhen", "Eugene", "Jewgeni"),
        ("Grigoriy", "Ryhor", "Hryhoriy", "Grzegorz"),
        ("Nikolay", "Mikalai", "Mykola", "Mikołaj"),
        ("Dmitriy", "Dzmitry", "Dmytro"),
        ("Igor", "Ihar", "Ihor"),
        ("Gennadiy", "Hienadz", "Hennadiy"),
        ("Olga", "Volha", "Olha"),
        ("Tatyana", "Tatsiana", "Tetiana", "Tatjana"),
        ("Mohammed", "Muhammad", "Mohamed", "Magomed"),
        ("Hussein", "Husayn", "Hossein"),
    ],
    ids=lambda names: names[0],
)
def test_group_holds_every_language(names: tuple[str, ...]) -> None:
    groups = {name: _group(name) for name in names}
    assert len(set(groups.values())) == 1 and None not in groups.values(), groups
    group = groups[names[0]]
    assert group is not None and _group(canonical(group)) == group


@pytest.mark.parametrize(
    ("a", "b"),
    [("Aleksandr", "Aleksandra"), ("Yevgeniy", "Yevgeniya"), ("Ivan", "Ioann") , ("Sergey", "Stanislav"),
     ("Mohammed", "Ahmed"), ("Oleg", "Olga")],
)  # fmt: skip
def test_distinct_names_in_distinct_groups(a: str, b: str) -> None:
    if (a, b) == ("Ivan", "Ioann"):  # Ioann is the church form of Ivan: deliberately one group
        assert _group(a) == _group(b)
        return
    assert _group(a) != _group(b)


@pytest.mark.parametrize("surname", ["Lukashenko", "Ivanov", "Sberbank", "Putin"])
def test_surnames_are_not_given_names(surname: str) -> None:
    assert _group(surname) is None


def test_no_spelling_in_two_groups() -> None:
    """A key reached from two groups would make the later group unreachable for it."""
    owner: dict[str, int] = {}
    clashes = []
    for number, group in enumerate(GROUPS):
        for spelling in group:
            k = key(spelling)
            if k in owner and owner[k] != number:
                clashes.append((spelling, GROUPS[owner[k]][0], group[0]))
            owner.setdefault(k, number)
    assert clashes == []
