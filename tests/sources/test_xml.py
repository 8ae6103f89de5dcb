"""Safe XML reading: hostile and broken files become one-line SourceErrors."""

from __future__ import annotations

from pathlib import Path

import pytest

from zaslon.exc import SourceError
from zaslon.sources import ca_sema, eu_fsf, un_sc
from zaslon.sources.files import read_list
from zaslon.sources.xml import REFUSED, child_text, children, local, parse_xml, root_name

FIXTURES = Path(__file__).parent / "fixtures"
UN_EXCERPT = FIXTURES / "un_sc" / "consolidated_excerpt.xml"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS><INDIVIDUAL>
<FIRST_NAME>&lol9;</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""


def xxe(secret: Path) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE data-set [<!ENTITY xxe SYSTEM "file://{secret}">]>
<data-set><record><Country>Iran</Country><Entity>&xxe;</Entity><Schedule>1</Schedule><Item>1</Item></record></data-set>
""".encode()


EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE export SYSTEM "http://example.invalid/fsf.dtd">
<export generationDate="2026-01-01"/>
"""


def _one_line_error(data: bytes, name: str = "list.xml") -> SourceError:
    with pytest.raises(SourceError) as info:
        parse_xml(data, name)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(name)
    return info.value


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_DTD], ids=["billion-laughs", "external-dtd"])
def test_dtd_and_entities_are_refused_not_expanded(data: bytes) -> None:
    err = _one_line_error(data)
    assert REFUSED in str(err)
    assert "lol" not in str(err)


def test_xxe_never_reads_the_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    err = _one_line_error(xxe(secret))
    assert REFUSED in str(err)
    assert "TOP-SECRET-VALUE" not in str(err)
    # through the format too: the parser refuses before building any entity
    with pytest.raises(SourceError, match="refused for safety"):
        ca_sema.FORMAT.parse({"sema-lmes.xml": xxe(secret)}, "sema-lmes.xml")


@pytest.mark.parametrize("fmt", [un_sc.FORMAT, ca_sema.FORMAT, eu_fsf.FORMAT], ids=lambda f: f.dataset)
def test_every_xml_format_refuses_a_dtd(fmt: object) -> None:
    with pytest.raises(SourceError, match="XML with a DTD/entities is refused for safety"):
        fmt.parse({"f.xml": BILLION_LAUGHS}, "f.xml")  # type: ignore[attr-defined]


def test_truncated_file_names_file_and_line() -> None:
    data = UN_EXCERPT.read_bytes()
    cut = data[: len(data) // 2]
    err = _one_line_error(cut, "consolidated.xml")
    assert err.file == "consolidated.xml"
    assert err.line == cut.count(b"\n") + 1
    assert "not well-formed XML" in str(err)


def test_empty_file() -> None:
    err = _one_line_error(b"  \n", "consolidated.xml")
    assert str(err) == "consolidated.xml: the file is empty"


def test_not_xml() -> None:
    err = _one_line_error(b"ent_num,SDN_Name\n36,AEROCARIBBEAN AIRLINES\n", "sdn.csv")
    assert err.line == 1


def test_undecodable_bytes_for_the_declared_encoding() -> None:
    data = '<?xml version="1.0" encoding="UTF-8"?>\n<a>\n<b>Łukaszenka</b></a>'.encode("cp1250")
    err = _one_line_error(data)
    assert err.line == 3


def test_unknown_declared_encoding() -> None:
    err = _one_line_error(b'<?xml version="1.0" encoding="x-klingon"?>\n<a/>')
    assert "encoding" in str(err) and err.line == 1


def test_declared_utf16_is_read() -> None:
    doc = parse_xml(
        '<?xml version="1.0" encoding="UTF-16"?><a><b>Лукашенка</b></a>'.encode("utf-16"), "f.xml"
    )
    assert child_text(doc.root, "b") == "Лукашенка"


def test_elements_remember_their_line() -> None:
    doc = parse_xml(b"<a>\n<b/>\n\n<c>x</c>\n</a>", "f.xml")
    b, c = list(doc.root)
    assert (doc.line(doc.root), doc.line(b), doc.line(c)) == (1, 2, 4)
    assert str(doc.error("bad", c, record="R1")) == "f.xml, line 4, record R1: bad"


def test_namespace_helpers() -> None:
    doc = parse_xml(b'<export xmlns="urn:x"><e a="1"/><e a="2"/><f> x \n y </f></export>', "f.xml")
    assert local(doc.root.tag) == "export"
    assert [e.get("a") for e in children(doc.root, "e")] == ["1", "2"]
    assert child_text(doc.root, "f") == "x y"


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="x">', "CONSOLIDATED_LIST"),
        (b"\xef\xbb\xbf<!-- c --><data-set>", "data-set"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><export xmlns="urn:x">', "export"),
        (b"<ns:export xmlns:ns='urn:x'>", "export"),
        ('<?xml version="1.0" encoding="UTF-16"?><export>'.encode("utf-16"), "export"),
        (b"ent_num,name\n", None),
        (b'{"id": "x", "schema": "Person"}', None),
    ],
)
def test_root_name(head: bytes, name: str | None) -> None:
    assert root_name(head) == name


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (FIXTURES / "un_sc" / "consolidated_excerpt.xml", "un_sc_xml"),
        (FIXTURES / "ca_sema" / "sema-lmes_excerpt.xml", "ca_sema_xml"),
        (FIXTURES / "eu_fsf" / "export.xml", "eu_fsf_xml"),
        (FIXTURES / "ftm" / "opensanctions_sample.ftm.json", "ftm_jsonl"),
    ],
    ids=lambda v: v if isinstance(v, str) else v.name,
)
def test_the_registry_detects_each_format(path: Path, fmt: str) -> None:
    assert read_list(path).format.name == fmt


def test_a_hostile_file_read_from_disk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(BILLION_LAUGHS)
    files = read_list(path)
    with pytest.raises(SourceError, match=f"^{path.name}, line 2: {REFUSED}$"):
        files.format.parse(files.files, files.main)
