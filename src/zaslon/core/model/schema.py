"""The FollowTheMoney-compatible schemata and properties zaslon knows.

Names of schemata and properties are FtM's own, so entities exchange with the
OpenSanctions ecosystem unchanged.  ``matchable`` schemata are the ones a screen
can hit; the rest (Ownership) are relations between them.
"""

from __future__ import annotations

THING = "Thing"
LEGAL_ENTITY = "LegalEntity"
PERSON = "Person"
ORGANIZATION = "Organization"
COMPANY = "Company"
VESSEL = "Vessel"
AIRPLANE = "Airplane"
OWNERSHIP = "Ownership"

# schema -> its parents, nearest first (FtM's inheritance, trimmed to what we use)
PARENTS: dict[str, tuple[str, ...]] = {
    THING: (),
    LEGAL_ENTITY: (THING,),
    PERSON: (LEGAL_ENTITY, THING),
    ORGANIZATION: (LEGAL_ENTITY, THING),
    COMPANY: (ORGANIZATION, LEGAL_ENTITY, THING),
    VESSEL: (THING,),
    AIRPLANE: (THING,),
    OWNERSHIP: (),
}
SCHEMATA = frozenset(PARENTS)
MATCHABLE = frozenset({PERSON, ORGANIZATION, COMPANY, LEGAL_ENTITY, VESSEL, AIRPLANE})

NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
NAME_PART_PROPS = ("firstName", "middleName", "lastName", "fatherName")
DATE_PROPS = ("birthDate", "listingDate", "buildDate", "startDate", "endDate", "deathDate")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "flag", "jurisdiction")
IDENTIFIER_PROPS = (
    "passportNumber",
    "idNumber",
    "taxNumber",
    "registrationNumber",
    "imoNumber",
    "mmsi",
    "callSign",
    "swiftBic",
    "innCode",
    "ogrnCode",
    "leiCode",
)

FTM_CODES = (
    "vatCode", "okpoCode", "kppCode", "bikCode", "dunsCode", "ricCode", "isinCode",
    "npiCode", "uniqueEntityId", "permId", "icijId", "okvedCode", "cikCode", "irsCode",
    "voenCode", "ibcRuc", "fnsCode", "bvdId", "sayariId",
)  # fmt: skip

PROPERTIES: frozenset[str] = frozenset(
    {
        *NAME_PROPS,
        *NAME_PART_PROPS,
        *DATE_PROPS,
        *COUNTRY_PROPS,
        *IDENTIFIER_PROPS,
        "title",
        "birthPlace",
        "gender",
        "position",
        "address",
        "email",
        "phone",
        "website",
        "notes",
        "program",
        "sourceUrl",
        "topics",
        "type",
        "tonnage",
        "grossRegisteredTonnage",
        "model",
        "serialNumber",
        "incorporationDate",
        "legalForm",
        "sector",
        "summary",
        # Ownership
        "owner",
        "asset",
        "percentage",
        "date",  # FtM Interval: the date a figure (e.g. a stake) was stated
        "ownershipType",
        "role",
        "sourceName",
        # further FtM properties a yente client may send; kept, and the codes
        # among them compared as identifiers
        *FTM_CODES,
        "secondName", "motherName", "nameSuffix", "education", "religion", "ethnicity",
        "political", "deathDate", "status", "classification", "dissolutionDate",
        "mainCountry", "keywords", "publisher", "description", "createdAt", "modifiedAt",
        "wikidataId", "wikipediaUrl", "opencorporatesUrl", "addressEntity", "idNumber",
        "capital", "buildDate", "registrationDate", "pastFlags", "navigationArea",
        "owners", "operator", "indexText",
    }
)


def is_a(schema: str, other: str) -> bool:
    """True if ``schema`` is ``other`` or descends from it."""
    return schema == other or other in PARENTS.get(schema, ())


def compatible(a: str, b: str) -> bool:
    """Whether an entity of schema ``a`` may be the same thing as one of schema ``b``.

    One must descend from the other (a LegalEntity query may be a Person or a
    Company; a Person query never meets a Vessel).  Organization and Company
    are treated as interchangeable because lists disagree on which to use.
    """
    if is_a(a, b) or is_a(b, a):
        return True
    orgs = {ORGANIZATION, COMPANY}
    return a in orgs and b in orgs
