"""Bad OFAC input is a ``SourceError`` naming the file and line or record, never a shorter list.

Every case starts from the committed golden excerpt (real lines of the official
files) and damages it the way downloads and editors do.
"""

from __future__ import annotations

import lzma
from pathlib import Path

import pytest

from zaslon.exc import SourceError
from zaslon.sources import ofac_cons, ofac_sdn
from zaslon.sources.ofac_csv import classify

EXCERPT = Path(__file__).parent / "fixtures" / "ofac" / "sdn"
FMT = ofac_sdn.FORMAT


@pytest.fixture()
def files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in EXCERPT.glob("*.csv")}


def _parse_error(files: dict[str, bytes], main: str = "sdn.csv") -> SourceError:
    with pytest.raises(SourceError) as info:
        FMT.parse(files, main)
    return info.value


def test_the_excerpt_itself_parses(files: dict[str, bytes]) -> None:
    assert FMT.parse(files, "sdn.csv").targets == 16


def test_empty_file(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = b""
    err = _parse_error(files)
    assert err.file == "sdn.csv" and "empty" in str(err)


def test_only_the_end_of_file_marker(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = b"\r\n\x1a"
    assert "empty" in str(_parse_error(files))


def test_truncated_mid_quote(files: dict[str, bytes]) -> None:
    data = files["sdn.csv"]
    files["sdn.csv"] = data[: data.index(b"Kopys")]  # inside Lukashenka's quoted remarks
    err = _parse_error(files)
    assert err.file == "sdn.csv" and err.line is not None
    assert "truncated" in str(err)


def test_truncated_mid_record(files: dict[str, bytes]) -> None:
    data = files["sdn.csv"]
    cut = data.index(b'"BELARUS"')  # after "individual", before the program: 3 of 12 fields
    files["sdn.csv"] = data[:cut]
    err = _parse_error(files)
    assert err.line == 9 and "truncated" in str(err)


def test_truncated_inside_the_last_unquoted_field(files: dict[str, bytes]) -> None:
    # MAR AZUL's last field is an unquoted "-0- "; cut to "-0" it still counts 12 fields
    vessel = next(line for line in files["sdn.csv"].split(b"\r\n") if line.startswith(b"4238,"))
    assert vessel.endswith(b",-0- ")
    files["sdn.csv"] = files["sdn.csv"].rstrip(b"\x1a") + vessel[:-2]
    files["sdn.csv"] = files["sdn.csv"].replace(vessel + b"\r\n", b"", 1)
    err = _parse_error(files)
    assert err.line == 16 and "truncated" in str(err)


def test_truncated_companion(files: dict[str, bytes]) -> None:
    files["alt.csv"] = files["alt.csv"][:-30]
    err = _parse_error(files)
    assert err.file == "alt.csv" and err.line is not None


def test_wrong_column_count(files: dict[str, bytes]) -> None:
    lines = files["sdn.csv"].split(b"\r\n")
    lines[3] = lines[3] + b',"extra"'
    files["sdn.csv"] = b"\r\n".join(lines)
    err = _parse_error(files)
    assert err.line == 4 and "expected 12 fields, found 13" in str(err)
    assert err.record == "6717"


def test_non_integer_ent_num(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = files["sdn.csv"].replace(b"9760,", b"97X0,", 1)
    err = _parse_error(files)
    assert err.line == 9 and "'97X0'" in str(err)


def test_duplicate_ent_num(files: dict[str, bytes]) -> None:
    lines = files["sdn.csv"].split(b"\r\n")
    files["sdn.csv"] = b"\r\n".join([lines[0], *lines])
    err = _parse_error(files)
    assert err.record == "306" and "twice" in str(err)


def test_utf16(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = files["sdn.csv"].decode("latin-1").encode("utf-16")
    assert "UTF-16" in str(_parse_error(files))


def test_utf16_without_bom(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = files["sdn.csv"].decode("latin-1").encode("utf-16-le")
    assert "NUL" in str(_parse_error(files))


def test_utf8_bom(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = b"\xef\xbb\xbf" + files["sdn.csv"]
    assert "byte-order mark" in str(_parse_error(files))


def test_binary_junk(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = bytes(range(256)) * 8
    err = _parse_error(files)
    assert err.file == "sdn.csv"


def test_control_bytes_inside(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = files["sdn.csv"].replace(b"LUKASHENKA", b"LUKA\x07SHENKA", 1)
    err = _parse_error(files)
    assert err.line == 9 and "control byte" in str(err)


def test_another_format(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27"/>\n'
    err = _parse_error(files)
    assert err.line == 1 and "expected 12 fields" in str(err)


def test_companion_given_as_main(files: dict[str, bytes]) -> None:
    err = _parse_error(files, main="alt.csv")
    assert err.file == "alt.csv" and "expected 12 fields, found 5" in str(err)


def test_main_file_missing(files: dict[str, bytes]) -> None:
    del files["sdn.csv"]
    assert _parse_error(files).file == "sdn.csv"


def test_record_without_a_name(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = files["sdn.csv"].replace(b'"LUKASHENKA, Alyaksandr Ryhorovich"', b"-0- ", 1)
    err = _parse_error(files)
    assert err.record == "9760" and err.line == 9


def test_missing_companion_is_a_warning(files: dict[str, bytes]) -> None:
    del files["add.csv"]
    parsed = FMT.parse(files, "sdn.csv")
    assert parsed.targets == 16
    assert any("add.csv was not given" in w for w in parsed.warnings)
    assert not any(e.get("address") for e in parsed.entities)


def test_unreadable_date_is_kept_and_counted(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = files["sdn.csv"].replace(b"DOB 30 Aug 1954", b"DOB late summer 1954", 1)
    parsed = FMT.parse(files, "sdn.csv")
    e = next(e for e in parsed.entities if e.id == "us_ofac_sdn-9760")
    assert e.get("birthDate") == ["1954-08-31"]
    assert "DOB: late summer 1954" in e.get("notes")
    assert parsed.warnings == ["sdn.csv record 9760: DOB 'late summer 1954' is not a date"]


def test_final_line_break_missing_after_a_complete_record(files: dict[str, bytes]) -> None:
    # the last field is a closed quote: complete, only the CRLF and \x1a are gone
    files["sdn.csv"] = files["sdn.csv"].rstrip(b"\x1a").rstrip(b"\r\n")
    assert FMT.parse(files, "sdn.csv").targets == 16


def test_latin1_names_decode(files: dict[str, bytes]) -> None:
    files["sdn.csv"] = files["sdn.csv"].replace(b"KOJIC, Radomir", "KOJIC, Radomír".encode("latin-1"), 1)
    files["sdn.csv"] = files["sdn.csv"].replace(b"SAHINPASIC", "ŠAHINPASIC".encode("cp1252"), 1)
    parsed = FMT.parse(files, "sdn.csv")
    names = {e.id: e.first("name") for e in parsed.entities}
    assert names["us_ofac_sdn-8116"] == "KOJIC, Radomír"
    assert names["us_ofac_sdn-7782"] == "ŠAHINPASIC, Senad"  # 0x8a: Windows-1252, as OFAC writes it


# --- sniffing -----------------------------------------------------------------------------

SDN_HEAD = (EXCERPT / "sdn.csv").read_bytes()
CONS_HEAD = (EXCERPT.parent / "cons" / "cons_prim.csv").read_bytes()


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("sdn.csv", SDN_HEAD, "sdn"),
        ("cons_prim.csv", CONS_HEAD, "cons"),
        ("SDN.CSV", b"", "sdn"),  # the name alone decides
        ("cons_prim.csv", SDN_HEAD, "cons"),  # even against the content
        ("alt.csv", SDN_HEAD, None),  # companions are not main files
        ("cons_add.csv", CONS_HEAD, None),
        ("ofac-2024-05-03.csv", SDN_HEAD, "sdn"),  # unknown name: the content decides
        ("download.txt", CONS_HEAD, "sdn"),  # 2 of 4 records consolidated-only: can't tell, SDN
        ("mystery.csv", SDN_HEAD.replace(b'"SDGT"', b'"NS-PLC"'), "sdn"),  # can't tell: SDN
        ("mystery.csv", b'id,name\r\n1,"X"\r\n', None),
        ("mystery.csv", (EXCERPT / "alt.csv").read_bytes(), None),
        ("mystery.csv", SDN_HEAD.decode("latin-1").encode("utf-16"), None),
        ("mystery.csv", b"", None),
    ],
)
def test_classify(name: str, head: bytes, kind: str | None) -> None:
    assert classify(name, head) == kind
    assert ofac_sdn.FORMAT.sniff(name, head) == (kind == "sdn")
    assert ofac_cons.FORMAT.sniff(name, head) == (kind == "cons")


def test_sniff_on_a_head_cut_mid_record() -> None:
    head = SDN_HEAD[:4500]
    assert classify("x.csv", head) == "sdn"


@pytest.mark.parametrize(
    ("dataset", "main", "kind"),
    [("us_ofac_sdn", "sdn.csv", "sdn"), ("us_ofac_cons", "cons_prim.csv", "cons")],
)
def test_sniff_bundled_content_under_another_name(
    snapshot_dir: Path, dataset: str, main: str, kind: str
) -> None:
    head = lzma.decompress((snapshot_dir / dataset / f"{main}.xz").read_bytes())[: 64 * 1024]
    assert classify("download.csv", head) == kind


def test_formats_describe_themselves() -> None:
    assert FMT.dataset == "us_ofac_sdn" and ofac_cons.FORMAT.dataset == "us_ofac_cons"
    assert FMT.urls["sdn.csv"] == "https://www.treasury.gov/ofac/downloads/sdn.csv"
    assert FMT.companions == ("alt.csv", "add.csv", "sdn_comments.csv")
    assert ofac_cons.FORMAT.urls["cons_alt.csv"] == (
        "https://www.treasury.gov/ofac/downloads/consolidated/cons_alt.csv"
    )
