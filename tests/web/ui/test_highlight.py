"""Marking which words of two names met, from an explanation's token matches."""

from __future__ import annotations

from zaslon.core.model.query import Explanation, TokenMatch
from zaslon.web.ui.highlight import explanation_from_dict, highlight, segments


def marks(segs: list) -> list[tuple[str, int, str]]:
    return [(s.text, s.pair, s.rule) for s in segs if s.word]


def test_latin_names_with_rules() -> None:
    tokens = [
        TokenMatch("lukashenka", "lukashenko", "surname-ending", 0.92, 8.0, "surname ending"),
        TokenMatch("aliaksandr", "alexandr", "given-name", 0.93, 5.5, "given name"),
    ]
    assert marks(segments("Aliaksandr Lukashenka", tokens, "query")) == [
        ("Aliaksandr", 2, "given-name"),
        ("Lukashenka", 1, "surname-ending"),
    ]
    listed = segments("LUKASHENKO, Alexandr Grigorievich", tokens, "listed")
    assert marks(listed) == [
        ("LUKASHENKO", 1, "surname-ending"),
        ("Alexandr", 2, "given-name"),
        ("Grigorievich", 0, ""),
    ]
    assert "".join(s.text for s in listed) == "LUKASHENKO, Alexandr Grigorievich"  # nothing lost
    assert listed[-1].unmatched and not listed[0].unmatched


def test_cyrillic_name_marked_through_its_romanisation() -> None:
    tokens = [
        TokenMatch("lukashenko", "lukashenko", "exact", 1, 7.8),
        TokenMatch("aleksandr", "aleksandr", "exact", 1, 4.3),
    ]
    assert marks(segments("ЛУКАШЕНКО, Александр Григорьевич", tokens, "listed")) == [
        ("ЛУКАШЕНКО", 1, "exact"),
        ("Александр", 2, "exact"),
        ("Григорьевич", 0, ""),
    ]


def test_from_recorded_dict_same_as_from_object() -> None:
    explanation = Explanation(
        "Aliaksandr Lukashenka",
        "Aliaksandr LUKASHENKA",
        "alias",
        tokens=[TokenMatch("lukashenka", "lukashenka", "exact", 1.0, 8.2)],
    )
    again = explanation_from_dict(explanation.to_dict())
    assert again.to_dict() == explanation.to_dict()
    h = highlight(again)
    assert marks(h.query) == [("Aliaksandr", 0, ""), ("Lukashenka", 1, "exact")]
    assert [n for n, _ in h.pairs] == [1]


def test_legal_forms_are_set_aside_not_missed() -> None:
    tokens = [TokenMatch("sberbank", "sberbank", "exact", 1.0, 9.0)]
    segs = segments("PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", tokens, "listed", organization=True)
    by_word = {s.text: s for s in segs if s.word}
    assert by_word["SBERBANK"].pair == 1
    assert all(by_word[w].aside and not by_word[w].unmatched for w in ("PUBLIC", "JOINT", "STOCK", "COMPANY"))
    assert by_word["RUSSIA"].unmatched  # a real name part the query lacks
    # a person's name has no legal form: the same words would count as missed
    person = {s.text: s for s in segments("Joint Stock", [], "listed") if s.word}
    assert person["Joint"].unmatched and person["Stock"].unmatched
