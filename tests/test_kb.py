"""The actor knowledge base: bundled data is complete and valid, roles resolve by date, user files merge."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from panj import kb as kbmod
from panj.kb import KBError, build_kb, load_kb

UN_SAMPLE = ["afg", "tjk", "uzb", "tkm", "kgz", "kaz", "chn", "pak", "irn", "ind", "usa", "rus", "fra", "bra", "nzl",
             "ssd", "tuv", "mco", "cod", "cog", "prk", "kor"]


def test_bundled_kb_loads_with_every_un_member():
    kb = load_kb()
    states = [e for e in kb.entries.values() if e.type == "state"]
    members = [e for e in states if not e.note]  # observers, Taiwan, Kosovo and the USSR carry a note
    assert len(members) == 193
    for iso in UN_SAMPLE:
        assert kb.get(iso).country == iso.upper()
    assert all(e.country and len(e.country) == 3 for e in states)


def test_bundled_names_are_unambiguous_and_ids_resolve():
    kb = load_kb()
    clashes = {k: {h.entry_id for h in v} for k, v in kb.names.items() if len({h.entry_id for h in v}) > 1}
    assert clashes == {}
    for e in kb.entries.values():
        assert e.parent is None or e.parent in kb
        assert e.wikidata is None or e.wikidata.startswith("Q")


def test_watch_actors_are_present():
    kb = load_kb()
    for name, kb_id in [("ISKP", "iskp"), ("IS-K", "iskp"), ("NRF", "nrf"), ("Hekmatyar", "gulbuddin_hekmatyar"),
                        ("Jamaat Ansarullah", "jamaat_ansarullah"), ("CSTO", "csto"), ("Kremlin", "rus"),
                        ("Dushanbe", "tjk"), ("201st military base", "rus_201st_base"), ("Khovar", "khovar"),
                        ("RFE/RL", "rferl"), ("Amaq", "amaq"), ("al-Qaida", "al_qaeda"), ("Baradar", "abdul_ghani_baradar")]:
        e = kb.find(name)
        assert e is not None and e.id == kb_id, name


def test_acronyms_match_only_in_capitals():
    kb = load_kb()
    assert kb.find("IS").id == "islamic_state"
    assert kb.find("is") is None
    assert kb.find("US").id == "usa" and kb.find("us") is None


def test_taliban_role_changes_on_2021_08_15():
    kb = load_kb()
    assert (kb.role_at("taliban", date(2021, 8, 14)).sector) == "REB"
    assert (kb.role_at("taliban", date(2021, 8, 15)).sector) == "GOV"
    assert kb.role_at("taliban", date(1998, 1, 1)).sector == "GOV"  # the first Emirate
    assert kb.role_at("taliban", None).sector == "GOV"  # no date: the latest role
    a = kb.actor("taliban", "the Taliban", date(2020, 2, 29))
    assert (a.country, a.sector, a.kb_id) == ("AFG", "REB", "taliban")


def test_people_organs_and_sector_words_resolve_by_date():
    kb = load_kb()
    assert kb.role_at("amir_khan_muttaqi", date(2022, 5, 1)).title == "acting foreign minister"
    assert kb.role_at("amir_khan_muttaqi", date(2020, 5, 1)).sector == "REB"
    assert kb.role_at("taliban_political_office", date(2019, 1, 1)).sector == "REB"  # follows its parent
    assert kb.role_at("taliban_political_office", date(2023, 1, 1)).sector == "GOV"
    assert kb.role_at("mullah_omar", date(2020, 1, 1)).sector == "REB"  # after his last role: the last one held
    assert kb.role_at("imangali_tasmagambetov", date(2022, 6, 1)).country == "KAZ"
    assert kb.role_at("imangali_tasmagambetov", date(2024, 6, 1)).country == "IGO"
    assert kb.actor("taliban", "Taliban forces", date(2020, 1, 1), sector="MIL").sector == "REB"
    assert kb.actor("taliban", "Taliban forces", date(2022, 1, 1), sector="MIL").sector == "MIL"
    assert kb.actor("tjk", "Tajik troops", None, sector="MIL").sector == "MIL"


def _write(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def test_user_file_adds_and_overrides(tmp_path):
    user = _write(tmp_path, "mine.yaml", """
entries:
- id: panj_watchers
  name: Panj Watchers
  type: group
  country: TJK
  sector: CVL
  aliases: [PW Collective]
  roles:
  - {from: 2024-03, country: TJK, sector: OPP, title: protest movement}
- id: khovar
  name: Khovar State Agency
  type: media
  country: TJK
  sector: MED
""")
    kb = build_kb([user])
    assert kb.find("PW Collective").id == "panj_watchers"
    assert kb.role_at("panj_watchers", date(2024, 2, 29)).sector == "CVL"
    assert kb.role_at("panj_watchers", date(2024, 3, 1)).sector == "OPP"  # YYYY-MM starts on the 1st
    assert kb.get("khovar").name == "Khovar State Agency"


def test_panj_actors_env_directory(tmp_path, monkeypatch):
    _write(tmp_path, "a.yaml", "entries:\n- {id: border_monitor, name: Border Monitor, type: ngo, country: NGO}\n")
    monkeypatch.setenv(kbmod.ENV_VAR, str(tmp_path))
    assert "border_monitor" in load_kb()
    monkeypatch.delenv(kbmod.ENV_VAR)
    assert "border_monitor" not in load_kb()


@pytest.mark.parametrize("body, message", [
    ("entries:\n- {id: x, name: X, type: militia}\n", "type 'militia'"),
    ("entries:\n- {id: x, name: X, type: group, colour: red}\n", "unknown field"),
    ("entries:\n- {id: x, name: X, type: group, country: Tajikistan}\n", "country 'Tajikistan'"),
    ("entries:\n- {id: x, name: X, type: group, sector: ARMY}\n", "sector 'ARMY'"),
    ("entries:\n- {id: x, name: X, type: group, wikidata: '863'}\n", "wikidata"),
    ("entries:\n- {id: x, name: X, type: person, roles: [{from: 2021-13-01}]}\n", "bad date"),
    ("entries:\n- {id: x, name: X, type: person, roles: [{from: 2021-13}]}\n", "bad date"),
    ("entries:\n- {id: x, name: X, type: person, roles: [{from: 2022, until: 2021}]}\n", "before"),
    ("entries:\n- {id: x, name: X, type: organ, parent: nowhere}\n", "parent 'nowhere'"),
    ("entries:\n- {name: X, type: group}\n", "`id` is required"),
    ("entries:\n- {id: x, name: X, type: group}\n- {id: x, name: Y, type: group}\n", "duplicate id"),
    ("entities: []\n", "entries"),
])
def test_validation_names_file_and_entry(tmp_path, body, message):
    p = _write(tmp_path, "bad.yaml", body)
    with pytest.raises(KBError) as err:
        build_kb([p])
    assert message in str(err.value)
    assert "bad.yaml" in str(err.value)


def test_kyrgyz_tajik_watch_organs_and_dated_roles():
    """The second watch's knowledge base: organs by their usual names, leaders by the date of the event."""
    kb = load_kb()
    assert kb.find("Kyrgyzstan's border guard service").id == "kgz_border_service"
    assert kb.role_at("kgz_border_service", date(2022, 9, 14)).sector == "MIL"
    assert kb.find("Tajik Defence Ministry").id == "tjk_mod"
    assert kb.find("Sughd regional government").country == "TJK"
    assert kb.role_at("sadyr_japarov", date(2020, 10, 20)).title.startswith("Prime Minister and acting President")
    assert kb.role_at("sadyr_japarov", date(2022, 9, 16)).title == "President of Kyrgyzstan"
    assert kb.role_at("sooronbay_jeenbekov", date(2019, 1, 1)).title == "President of Kyrgyzstan"
    assert kb.role_at("sooronbay_jeenbekov", date(2021, 4, 29)).sector == "ELI"
    assert kb.find("Tashiyev").id == "kamchybek_tashiev"


def test_name_prefixes_let_the_actor_finder_stop_early():
    """Every leading part of a name key is listed, and nothing else: a span whose key is not listed can be extended
    into no name, which is when the actor finder stops."""
    kb = load_kb()
    assert {"t", "tajik border troops"} <= kb.name_prefixes
    assert all(k in kb.name_prefixes for k in kb.names)
    assert "tajik border troopsx" not in kb.name_prefixes and "zzzq" not in kb.name_prefixes
