"""Country names, codes and demonyms as lists write them, resolved to ISO 3166 alpha-2.

Codes are lower case, as in FollowTheMoney (``"by"``, ``"ru"``).  Text that
cannot be resolved is kept by the caller as it was published.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Spellings the official lists use that ISO's own names do not cover, and demonyms.
_EXTRA: dict[str, str] = {
    "russia": "ru", "russian": "ru", "russian federation": "ru", "ussr": "su", "soviet union": "su",
    "belarus": "by", "belarusian": "by", "belarussian": "by", "byelorussia": "by", "belorussia": "by",
    "ukraine": "ua", "ukrainian": "ua", "iran": "ir", "iranian": "ir", "syria": "sy", "syrian": "sy",
    "north korea": "kp", "korea, north": "kp", "korea north": "kp", "dprk": "kp", "north korean": "kp",
    "democratic people's republic of korea": "kp", "korea, democratic people's republic of": "kp",
    "south korea": "kr", "korea, south": "kr", "republic of korea": "kr", "korea": "kr",
    "burma": "mm", "myanmar": "mm", "burmese": "mm", "laos": "la", "vietnam": "vn", "viet nam": "vn",
    "venezuela": "ve", "venezuelan": "ve", "bolivia": "bo", "tanzania": "tz", "moldova": "md",
    "czech republic": "cz", "czechia": "cz", "macedonia": "mk", "north macedonia": "mk",
    "the former yugoslav republic of macedonia": "mk", "kosovo": "xk", "palestinian": "ps",
    "palestine": "ps", "west bank": "ps", "gaza": "ps", "gaza strip": "ps", "taiwan": "tw",
    "congo, democratic republic of the": "cd", "democratic republic of the congo": "cd",
    "congo (democratic republic)": "cd", "drc": "cd", "congo": "cg", "republic of the congo": "cg",
    "ivory coast": "ci", "cote d'ivoire": "ci", "turkey": "tr", "turkiye": "tr", "turkish": "tr",
    "uk": "gb", "united kingdom": "gb", "great britain": "gb", "british": "gb", "england": "gb",
    "usa": "us", "united states": "us", "united states of america": "us", "american": "us",
    "uae": "ae", "united arab emirates": "ae", "emirati": "ae", "brunei": "bn", "cape verde": "cv",
    "swaziland": "sz", "eswatini": "sz", "micronesia": "fm", "vatican": "va", "holy see": "va",
    "the gambia": "gm", "gambia": "gm", "bahamas": "bs", "the bahamas": "bs", "netherlands": "nl",
    "dutch": "nl", "german": "de", "french": "fr", "chinese": "cn", "china": "cn", "hong kong": "hk",
    "macau": "mo", "macao": "mo", "afghan": "af", "iraqi": "iq", "libyan": "ly", "lebanese": "lb",
    "yemeni": "ye", "saudi": "sa", "saudi arabian": "sa", "pakistani": "pk", "indian": "in",
    "sudanese": "sd", "south sudanese": "ss", "somali": "so", "malian": "ml", "nigerian": "ng",
    "egyptian": "eg", "jordanian": "jo", "kuwaiti": "kw", "qatari": "qa", "bahraini": "bh",
    "omani": "om", "algerian": "dz", "tunisian": "tn", "moroccan": "ma", "cuban": "cu",
    "nicaraguan": "ni", "belgian": "be", "italian": "it", "spanish": "es", "swiss": "ch",
    "austrian": "at", "polish": "pl", "lithuanian": "lt", "latvian": "lv", "estonian": "ee",
    "georgian": "ge", "armenian": "am", "azerbaijani": "az", "kazakh": "kz", "kazakhstani": "kz",
    "kyrgyz": "kg", "uzbek": "uz", "tajik": "tj", "turkmen": "tm", "serbian": "rs", "croatian": "hr",
    "bosnian": "ba", "bosnia": "ba", "bosnia and herzegovina": "ba", "montenegrin": "me",
    "albanian": "al", "bulgarian": "bg", "romanian": "ro", "hungarian": "hu", "slovak": "sk",
    "slovenian": "si", "greek": "gr", "cypriot": "cy", "israeli": "il", "emirates": "ae",
    "indonesian": "id", "malaysian": "my", "filipino": "ph", "philippine": "ph", "thai": "th",
    "cambodian": "kh", "japanese": "jp", "mongolian": "mn", "canadian": "ca", "mexican": "mx",
    "colombian": "co", "brazilian": "br", "argentine": "ar", "argentinian": "ar", "chilean": "cl",
    "peruvian": "pe", "ecuadorian": "ec", "panamanian": "pa", "haitian": "ht", "zimbabwean": "zw",
    "south african": "za", "kenyan": "ke", "ugandan": "ug", "rwandan": "rw", "burundian": "bi",
    "eritrean": "er", "ethiopian": "et", "central african": "cf", "chadian": "td", "nigerien": "ne",
    "burkinabe": "bf", "guinean": "gn", "liberian": "lr", "sierra leonean": "sl", "ghanaian": "gh",
    "senegalese": "sn", "mauritanian": "mr", "cameroonian": "cm", "sri lankan": "lk",
    "bangladeshi": "bd", "nepalese": "np", "maldivian": "mv", "australian": "au", "new zealand": "nz",
    "finnish": "fi", "swedish": "se", "norwegian": "no", "danish": "dk", "irish": "ie",
    "portuguese": "pt", "maltese": "mt", "luxembourgish": "lu", "moldovan": "md", "crimea": "ua",
    "region: crimea": "ua", "st kitts and nevis": "kn", "saint kitts and nevis": "kn",
    "st vincent and the grenadines": "vc", "saint vincent and the grenadines": "vc",
    "st lucia": "lc", "trinidad and tobago": "tt", "antigua and barbuda": "ag", "tuvalu": "tv",
    "marshall islands": "mh", "cook islands": "ck", "comoros": "km", "sao tome and principe": "st",
    "kingdom of saudi arabia": "sa", "islamic republic of iran": "ir", "syrian arab republic": "sy",
    "occupied palestinian territories": "ps", "palestinian territories": "ps", "guinea bissau": "gw",
    "bosnia-herzegovina": "ba", "uzbekistani": "uz", "mauritian": "mu", "afghani": "af",
    # as the UN Security Council list writes them
    "iran islamic republic of": "ir", "state of palestine": "ps", "former soviet union": "su",
    "china, hong kong special administrative region": "hk", "china, macao special administrative region": "mo",
}  # fmt: skip


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[()\[\].]", " ", text)
    return " ".join(text.replace("’", "'").split()).strip(" ,;")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2.lower()
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                table[_key(name)] = code
        table[country.alpha_3.lower()] = code
    for country in pycountry.historic_countries:
        name = getattr(country, "name", None)
        if name and _key(name) not in table:
            table[_key(name)] = getattr(country, "alpha_2", "").lower() or table.get(_key(name), "")
    table.update({_key(k): v for k, v in _EXTRA.items()})  # keyed like lookups: "congo (democratic republic)"
    return {k: v for k, v in table.items() if v}


def to_code(text: str | None) -> str | None:
    """Resolve a country name, demonym or code to a lower-case ISO alpha-2 code."""
    if not text:
        return None
    key = _key(text)
    if not key:
        return None
    table = _table()
    if len(key) == 2 and key.isalpha():
        return key if key in table.values() else None
    if key in table:
        return table[key]
    # "Russia (as of 2014)", "Minsk, Belarus": try the last comma part, then the first words
    if "," in key:
        tail = key.rsplit(",", 1)[1].strip()
        if tail in table:
            return table[tail]
    return None


@lru_cache(maxsize=1)
def names_by_code() -> dict[str, str]:
    """ISO alpha-2 code to the country's short English name."""
    import pycountry

    out = {c.alpha_2.lower(): getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    out.update({"xk": "Kosovo", "su": "Soviet Union"})
    return out
