"""Route risk against the bundled, documented country-risk table."""

from __future__ import annotations

import pytest

from zaslon.core.routes import CountryRisk, RouteTable, assess_route, default_route_table
from zaslon.exc import QueryError, SourceError

HUBS = ["am", "ge", "kz", "kg", "tr", "ae", "uz", "cn", "hk"]


def test_table_has_sanctioned_countries_and_hubs_with_sources() -> None:
    table = default_route_table()
    assert {c for c, r in table.rows.items() if r.category == "sanctioned"} == {"ru", "by"}
    assert set(HUBS) <= {c for c, r in table.rows.items() if r.category == "transshipment"}
    assert all(r.source and r.reason for r in table.rows.values())
    assert "FIN-2022-Alert003" in table.rows["ae"].source
    assert "Annex XXXIII" in table.rows["kg"].source


@pytest.mark.parametrize(
    ("route", "verdict", "roles"),
    [
        ({"origin": "de", "destination": "ru"}, "block", ["destination"]),
        ({"origin": "Germany", "destination": "Belarus"}, "block", ["destination"]),
        ({"origin": "de", "destination": "kz", "transit": ["by"]}, "block", ["destination", "transit"]),
        ({"origin": "de", "destination": "Kyrgyzstan"}, "review", ["destination"]),
        ({"origin": "us", "destination": "United Arab Emirates"}, "review", ["destination"]),
        (
            {"origin": "jp", "destination": "fr", "transit": ["Turkey", "ge"]},
            "review",
            ["transit", "transit"],
        ),
        ({"origin": "ru", "destination": "nl"}, "review", ["origin"]),
        ({"origin": "de", "destination": "fr"}, "clear", []),
        ({"origin": "kz", "destination": "fr"}, "clear", []),  # a hub as origin is not a diversion risk
    ],
)
def test_route_verdicts(route: dict, verdict: str, roles: list[str]) -> None:
    v = assess_route(**route)
    assert v.verdict == verdict
    assert [r.role for r in v.reasons] == roles
    assert all(r.text and r.source for r in v.reasons)


def test_reason_reads_well() -> None:
    v = assess_route(origin="de", destination="am")
    assert v.reasons[0].text.startswith("destination Armenia (transshipment): named transshipment point")
    assert v.to_dict()["reasons"] == [r.to_dict() for r in v.reasons] and v.reasons[0].country == "am"


def test_unknown_country_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="transit 'Atlantis' is not a country") as err:
        assess_route(origin="de", destination="fr", transit=["Atlantis"])
    assert err.value.field == "transit"


def test_table_is_configurable() -> None:
    stricter = default_route_table().with_rows(
        [
            CountryRisk(
                "am",
                "Armenia",
                "transshipment",
                "block",
                "block",
                "clear",
                "company policy",
                "internal memo 7",
            )
        ]
    )
    assert assess_route(destination="am", table=stricter).verdict == "block"
    assert assess_route(destination="am", table=default_route_table().without("am")).verdict == "clear"
    own = RouteTable.from_csv(
        "country,name,category,as_destination,as_transit,as_origin,reason,source\n"
        "IR,Iran,sanctioned,block,block,block,embargo,policy\n"
    )
    assert assess_route(origin="Iran", destination="de", table=own).verdict == "block"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("xx,Nowhere,x,block,block,block,r,s", "line 2: country 'xx' is not a country"),
        ("ru,Russia,x,forbid,block,block,r,s", "line 2: as_destination 'forbid' is not one of"),
    ],
)
def test_bad_table_rows(row: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        RouteTable.from_csv("country,name,category,as_destination,as_transit,as_origin,reason,source\n" + row)
