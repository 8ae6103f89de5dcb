"""Getting lists into the store: from a path, the bundled snapshot, and a (local) network."""

from __future__ import annotations

import lzma
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.listserver import ListServer, serve
from tests.toy_format import TOY, ToyFormat, toy_text
from zaslon import sources
from zaslon.exc import SourceError
from zaslon.lists import ensure_snapshot, load_path, official_urls, update_lists
from zaslon.settings import Settings
from zaslon.sources.un_sc import FORMAT as UN
from zaslon.store import ListStore

TOY2 = ToyFormat(
    name="toy2_txt", dataset="toy2", urls={"toy.txt": "https://example.invalid/toy2.txt"}, companions=()
)


@pytest.fixture
def formats(monkeypatch: pytest.MonkeyPatch) -> list:
    """The registry, narrowed to the toy formats and the UN parser."""
    registry = [TOY, TOY2, UN]
    monkeypatch.setattr(sources, "formats", lambda: tuple(registry))
    return registry


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ListStore]:
    s = ListStore.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield s
    s.close()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


@pytest.fixture(scope="module")
def un_xml(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from zaslon.sources.files import snapshot_root

    return lzma.decompress((snapshot_root() / "un_sc" / "consolidated.xml.xz").read_bytes())


# -- load a path ---------------------------------------------------------------


def test_load_a_file_with_its_companion(formats: list, store: ListStore, tmp_path: Path) -> None:
    main = write(
        tmp_path / "toy.txt", toy_text("v1", [("1", "Person", "Ivan Petrov"), ("2", "Company", "Acme")])
    )
    write(tmp_path / "toy_notes.txt", "1|former minister\n")
    outcome = load_path(store, main)
    assert outcome.status == "updated" and outcome.version is not None
    assert (outcome.version.dataset, outcome.version.version, outcome.version.targets) == ("toy", "v1", 2)
    assert outcome.version.source == str(main.resolve()) and outcome.version.format == "toy_txt"
    assert set(outcome.version.files) == {"toy.txt", "toy_notes.txt"}
    assert outcome.warnings == ["toy.txt line 2: no alias for 'Ivan Petrov' (kept as is)"]
    assert store.entity("toy-1").get("notes") == ["former minister"]  # type: ignore[union-attr]
    assert load_path(store, main).status == "unchanged"
    assert load_path(store, main, dataset="mine").version.dataset == "mine"  # type: ignore[union-attr]
    assert [v.dataset for v in store.current()] == ["mine", "toy"]


def test_bad_input_leaves_the_store_untouched(formats: list, store: ListStore, tmp_path: Path) -> None:
    load_path(store, write(tmp_path / "a" / "toy.txt", toy_text("v1", 10)))
    before = store.current()
    bad = write(tmp_path / "b" / "toy.txt", toy_text("v2", 10) + "oops\n")
    with pytest.raises(SourceError, match=r"toy\.txt, line 12: expected 'id\|schema\|name', got 'oops'"):
        load_path(store, bad)
    with pytest.raises(SourceError, match="the file is empty"):
        load_path(store, write(tmp_path / "c" / "toy.txt", ""))
    with pytest.raises(SourceError, match="not a list format zaslon knows"):
        load_path(store, write(tmp_path / "d" / "list.bin", b"\x89PNG\r\n\x1a\n" + b"\0" * 100))
    with pytest.raises(SourceError, match="no such file"):
        load_path(store, tmp_path / "nowhere.txt")
    assert store.current() == before


def test_a_much_shorter_list_is_refused_unless_forced(
    formats: list, store: ListStore, tmp_path: Path
) -> None:
    load_path(store, write(tmp_path / "a" / "toy.txt", toy_text("v1", 100)))
    short = write(tmp_path / "b" / "toy.txt", toy_text("v2", 40))
    with pytest.raises(SourceError, match="only 40 targets where the current toy version has 100"):
        load_path(store, short)
    assert store.current_version("toy").targets == 100  # type: ignore[union-attr]
    assert load_path(store, short, force=True).version.targets == 40  # type: ignore[union-attr]


def test_a_parser_crash_is_a_source_error_naming_the_file(
    formats: list, store: ListStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("FIRST_NAME")

    monkeypatch.setattr(ToyFormat, "parse", broken)
    path = write(tmp_path / "toy.txt", toy_text("v1", 3))
    with pytest.raises(SourceError, match=rf"{path}: cannot parse as Toy list: KeyError: 'FIRST_NAME'"):
        load_path(store, path)
    assert store.is_empty()


def test_the_real_un_list_then_a_truncated_copy(
    formats: list, store: ListStore, tmp_path: Path, un_xml: bytes
) -> None:
    first = load_path(store, write(tmp_path / "a" / "consolidated.xml", un_xml))
    assert first.status == "updated" and first.version is not None and first.version.targets > 1000
    cut = write(tmp_path / "b" / "consolidated.xml", un_xml[: len(un_xml) // 2])
    with pytest.raises(SourceError, match=r"consolidated\.xml"):
        load_path(store, cut)
    assert store.current() == [first.version]


# -- the bundled snapshot ------------------------------------------------------


def test_an_empty_store_is_filled_from_the_snapshot_once(
    formats: list, store: ListStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap = tmp_path / "snapshot"
    write(snap / "toy" / "toy.txt", toy_text("v1", 5))
    write(snap / "toy" / "toy_notes.txt", "1|note\n")
    write(snap / "toy2" / "toy.txt", toy_text("v7", 3))
    write(snap / "broken" / "toy.txt", "#toy v1\nbad line\n")
    monkeypatch.setattr("zaslon.lists.snapshot_paths", lambda: {p.name: p for p in sorted(snap.iterdir())})
    outcomes = {o.dataset: o for o in ensure_snapshot(store)}
    assert outcomes["broken"].status == "failed" and "line 2" in outcomes["broken"].reason
    toy = outcomes["toy"]
    assert toy.status == "updated" and toy.version is not None and toy.version.targets == 5
    assert [(v.dataset, v.version, v.source) for v in store.current()] == [
        ("toy", "v1", "bundled:toy"),
        ("toy2", "v7", "bundled:toy2"),
    ]
    assert store.generation() == 1  # one transaction
    assert ensure_snapshot(store) == []  # only ever into an empty store


# -- update from the network ---------------------------------------------------


@pytest.fixture
def server() -> Iterator[ListServer]:
    with serve() as s:
        s.slow_seconds = 1.0
        yield s


def test_official_urls_and_overrides() -> None:
    assert official_urls(TOY, {}) == dict(TOY.urls)
    assert official_urls(TOY, {"toy": "http://mirror/x/toy.txt"}) == {
        "toy.txt": "http://mirror/x/toy.txt",
        "toy_notes.txt": "http://mirror/x/toy_notes.txt",
    }
    assert official_urls(TOY, {"toy": "http://mirror/", "toy/toy_notes.txt": "http://n/notes"}) == {
        "toy.txt": "http://mirror/toy.txt",
        "toy_notes.txt": "http://n/notes",
    }


def test_update_each_list_on_its_own(
    formats: list, store: ListStore, server: ListServer, tmp_path: Path, un_xml: bytes
) -> None:
    formats.append(replace(TOY2, dataset="toy3", name="toy3_txt"))
    formats.append(replace(TOY2, dataset="toy4", name="toy4_txt"))
    # previous versions of everything
    for ds in ("toy", "toy2", "toy3", "toy4"):
        load_path(store, write(tmp_path / ds / "toy.txt", toy_text("v1", 20)), dataset=ds)
    load_path(store, write(tmp_path / "un" / "consolidated.xml", un_xml))
    before = {v.dataset: v for v in store.current()}

    server.files["/toy.txt"] = toy_text("v2", 25).encode()
    server.files["/toy_notes.txt"] = b"1|noted in v2, padded to pass the minimum size check. " * 6
    server.files["/un.xml"] = un_xml[: len(un_xml) * 2 // 3]  # a complete response of a cut file
    settings = Settings(
        data_dir=tmp_path,
        fetch_timeout=0.3,
        fetch_retries=1,
        list_urls={
            "toy": server.base + "/",
            "toy2": server.url("error/toy.txt"),
            "toy3": server.url("slow/toy.txt"),
            "toy4": server.url("cut/toy.txt"),
            "un_sc": server.url("un.xml"),
        },
    )
    outcomes = {o.dataset: o for o in update_lists(store, settings, backoff=0.01)}
    assert {d: o.status for d, o in outcomes.items()} == {
        "toy": "updated",
        "toy2": "failed",
        "toy3": "failed",
        "toy4": "failed",
        "un_sc": "failed",
    }
    assert "answered 500" in outcomes["toy2"].reason
    assert "no answer within 0.3 s" in outcomes["toy3"].reason
    assert "cut/toy.txt" in outcomes["toy4"].reason
    assert (
        "not well-formed XML" in outcomes["un_sc"].reason and server.url("un.xml") in outcomes["un_sc"].reason
    )
    after = {v.dataset: v for v in store.current()}
    assert after["toy"].version == "v2" and after["toy"].targets == 25
    assert store.entity("toy-1").get("notes")  # type: ignore[union-attr]
    for ds in ("toy2", "toy3", "toy4", "un_sc"):
        assert after[ds] == before[ds], ds
        assert outcomes[ds].version == before[ds]

    again = update_lists(store, settings, datasets=["toy"], backoff=0.01)
    assert [(o.dataset, o.status) for o in again] == [("toy", "unchanged")]
    assert [(o.dataset, o.status) for o in update_lists(store, settings, datasets=["nope"])] == [
        ("nope", "failed")
    ]


def test_update_refuses_a_download_far_smaller_than_the_current_file(
    formats: list, store: ListStore, server: ListServer, tmp_path: Path
) -> None:
    load_path(store, write(tmp_path / "toy.txt", toy_text("v1", 200)), dataset="toy2")
    server.files["/small.txt"] = toy_text("v2", 30).encode()
    settings = Settings(data_dir=tmp_path, fetch_retries=0, list_urls={"toy2": server.url("small.txt")})
    [outcome] = update_lists(store, settings, datasets=["toy2"])
    assert outcome.status == "failed" and "less than half the" in outcome.reason
    assert store.current_version("toy2").version == "v1"  # type: ignore[union-attr]


def test_update_loads_a_list_never_loaded_before(
    formats: list, store: ListStore, server: ListServer, tmp_path: Path, un_xml: bytes
) -> None:
    server.files["/consolidated.xml"] = un_xml
    settings = Settings(data_dir=tmp_path, fetch_retries=0, list_urls={"un_sc": server.base + "/"})
    [outcome] = update_lists(store, settings, datasets=["un_sc"])
    assert outcome.status == "updated" and outcome.version is not None
    assert outcome.version.source == server.url("consolidated.xml")
    assert outcome.version.targets == len([e for e in store.entities() if e.matchable])
