"""Company legal forms: recognised in any language, reduced to one code, stripped from the name."""

from __future__ import annotations

import pytest

from zaslon.core.names import legal_forms
from zaslon.core.names.analyze import analyze
from zaslon.core.names.legal_forms import find


def _org(name: str) -> list[tuple[list[str], tuple[str, ...]]]:
    return [
        ([t.text for t in f.tokens], f.legal_forms) for f in analyze(name, organization=True, person=False)
    ]


@pytest.mark.parametrize(
    ("name", "tokens", "code"),
    [
        # LLC across languages and scripts
        ("ООО Ромашка", ["romashka"], "llc"),
        ("OOO Romashka", ["romashka"], "llc"),
        ("TOV Romashka", ["romashka"], "llc"),
        ("ТОВ Ромашка", ["romashka"], "llc"),
        ("ТАА Рамонак", ["ramonak"], "llc"),
        ("Romashka LLC", ["romashka"], "llc"),
        ("Romashka L.L.C.", ["romashka"], "llc"),
        ("Siemens GmbH", ["siemens"], "llc"),
        ("Romashka Sp. z o.o.", ["romashka"], "llc"),
        ("Obshchestvo s ogranichennoy otvetstvennostyu Romashka", ["romashka"], "llc"),
        ("Общество с ограниченной ответственностью Ромашка", ["romashka"], "llc"),
        ("Acme Limited Liability Company", ["acme"], "llc"),
        # joint-stock companies: public, open, closed
        ("ПАО Сбербанк", ["sberbank"], "jsc"),
        ("PJSC Sberbank", ["sberbank"], "jsc"),
        ("ОАО Газпром", ["gazprom"], "jsc"),
        ("АО Газпром", ["gazprom"], "jsc"),
        ("ЗАО Ромашка", ["romashka"], "jsc"),
        ("CJSC Romashka", ["romashka"], "jsc"),
        ("ZAO Romashka", ["romashka"], "jsc"),
        ("AAT Belaruskali", ["belaruskali"], "jsc"),
        ("ААТ Беларуськалій", ["belaruskaliy"], "jsc"),
        ("Public Joint Stock Company Sberbank of Russia", ["sberbank", "of", "russia"], "jsc"),
        ("Otkrytoe Aktsionernoe Obshchestvo Sberbank Rossii", ["sberbank", "rossii"], "jsc"),
        # unitary enterprises (Belarus, Russia)
        ("УП Белтелеком", ["beltelekom"], "up"),
        ("ЧУП Белтелеком", ["beltelekom"], "up"),
        ("РУП Белтелеком", ["beltelekom"], "up"),
        ("ChUP Beltelekom", ["beltelekom"], "up"),
        ("Republican Unitary Enterprise Beltelekom", ["beltelekom"], "up"),
        # limited companies and free-zone entities
        ("Acme Ltd.", ["acme"], "ltd"),
        ("Acme Trading FZE", ["acme", "trading"], "ltd"),
        ("Acme Pte. Ltd.", ["acme"], "ltd"),
    ],
)
def test_legal_form_recognised(name: str, tokens: list[str], code: str) -> None:
    forms = _org(name)
    assert forms and forms[0] == (tokens, (code,))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Acme Limited Liabilty Company", "llc"),  # one letter dropped
        ("Acme Limted Liability Company", "llc"),
        ("Acme Companny Limited", "ltd"),  # one letter doubled
        ("Acme Limitde", "ltd"),  # two letters swapped
    ],
)
def test_typo_in_a_legal_form_word(name: str, code: str) -> None:
    assert _org(name) == [(["acme"], (code,))]


@pytest.mark.parametrize("name", ["OOO", "Fond", "Limited", "Joint Stock Company"])
def test_a_legal_form_alone_is_the_name(name: str) -> None:
    """A company called "Fond" is named Fond: nothing is stripped."""
    forms = _org(name)
    assert forms and forms[0][1] == () and forms[0][0]


def test_short_words_are_not_typo_corrected() -> None:
    # "ood" is one edit from "ooo" but too short to correct: it stays a name part
    assert find(["ood", "romashka"]) == []
    assert find(["ooo", "romashka"]) == [(0, 1, "llc")]


def test_persons_keep_every_token() -> None:
    # legal forms are read only for organisations
    assert [t.text for t in analyze("Ao Lin")[0].tokens] == ["ao", "lin"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ПАО Сбербанк", "public"),
        ("Public Joint Stock Company Sberbank", "public"),
        ("ПАТ Укрнафта", "public"),
        ("ОАО Газпром", "open"),
        ("Otkrytoe Aktsionernoe Obshchestvo Gazprom", "open"),
        ("ЗАО Ромашка", "closed"),
        ("CJSC Romashka", "closed"),
        ("ПрАТ Ромашка", "closed"),
    ],
)
def test_kinds_of_joint_stock_company(name: str, kind: str) -> None:
    (form,) = analyze(name, organization=True, person=False)
    assert form.legal_forms == ("jsc",) and form.legal_kinds == (kind,)


@pytest.mark.parametrize("name", ["АО Газпром", "Romashka LLC", "Siemens GmbH"])
def test_other_legal_forms_have_no_kind(name: str) -> None:
    (form,) = analyze(name, organization=True, person=False)
    assert form.legal_forms and form.legal_kinds == ()


def test_a_mistyped_short_form_is_known_only_against_a_name_that_holds_it() -> None:
    assert legal_forms.misspelt("fzvo", ("ltd",)) == "fzco"  # FZCO is a form of limited company
    assert legal_forms.misspelt("gmbj", ("llc",)) == "gmbh"
    assert legal_forms.misspelt("fzvo", ("llc",)) == ""  # not one of this name's forms
    assert legal_forms.misspelt("fzco", ("ltd",)) == ""  # written right: nothing to correct
    assert legal_forms.misspelt("bond", ("fund",)) == ""
    # on its own, a short word one letter from a form stays a name part
    assert legal_forms.find(["future", "bond"]) == [] and legal_forms.find(["sinai", "karl"]) == []
