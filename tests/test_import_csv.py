"""lodpub import csv: spreadsheets of municipalities, organisations, people and partnerships."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import project_tree, run_main

from lodpub.ingest import spreadsheet
from lodpub.ingest.contentfiles import read_registry
from lodpub.ingest.spreadsheet import TableErrors, import_table

DATA = Path(__file__).resolve().parent / "data" / "import"




def entry(project: Path, file: str, section: str, key: str) -> dict:
    for item in read_registry(project / "registry" / file)[section]:
        if str(item.get("id")) == key:
            return item
    raise AssertionError(f"no {key} in {file}")


def import_ok(capsys, project, name, kind, *extra) -> str:
    code, out, err = run_main(capsys, "import", "csv", DATA / name, project, "--kind", kind, *extra)
    assert code == 0, err
    return out


def validates(capsys, project) -> None:
    code, out, err = run_main(capsys, "validate", project)
    assert code == 0, out + err


# --- each kind, Swedish and English headers ---------------------------------------------------

def test_people_in_swedish(project, capsys):
    out = import_ok(capsys, project, "csv-people-sv.csv", "people")
    assert "created   anna-berg" in out
    assert "people: 1 created, 0 updated, 1 unchanged" in out
    anna = entry(project, "people.yaml", "people", "anna-berg")
    assert anna["name"] == "Anna Berg" and anna["familyName"] == "Berg"
    assert len(anna["uuid"]) == 36
    [mandate] = anna["mandates"]
    assert mandate["role"] == "municipalDirector"            # from the title, by its label
    assert dict(mandate["roleName"]) == {"sv": "kommunchef"}
    assert mandate["organisation"] == "se-2460"
    # Lillemor Lundgren is found by name; her mandate's organisation key stays
    lillemor = entry(project, "people.yaml", "people", "lillemor-lundgren")
    assert [m["organisation"] for m in lillemor["mandates"]] == ["vannas-kommunfullmaktige"]
    validates(capsys, project)


def test_people_in_english_with_bom_add_a_language_and_keep_the_uuid(project, capsys):
    import_ok(capsys, project, "csv-people-sv.csv", "people")
    uuid = entry(project, "people.yaml", "people", "anna-berg")["uuid"]
    out = import_ok(capsys, project, "csv-people-en-bom.csv", "people", "--lang", "en")
    assert "updated   anna-berg" in out
    anna = entry(project, "people.yaml", "people", "anna-berg")
    assert anna["uuid"] == uuid
    [mandate] = anna["mandates"]
    assert dict(mandate["roleName"]) == {"sv": "kommunchef", "en": "municipal director"}
    assert mandate["startDate"] == dt.date(2024, 1, 1)
    validates(capsys, project)


def test_municipalities_in_swedish(project, capsys):
    out = import_ok(capsys, project, "csv-municipalities-sv.csv", "municipalities")
    assert "updated   area-se-2460  registry/places.yaml  (places)" in out
    vannas = entry(project, "municipalities.yaml", "municipalities", "se-2460")
    assert dict(vannas["name"]) == {"sv": "Vännäs kommun", "en": "Vännäs Municipality"}
    assert dict(vannas["alternateName"]) == {"sju": "Marŋŋanjuanná"}    # kept
    area = entry(project, "places.yaml", "places", "area-se-2460")
    assert area["population"] == [{"value": 8700, "date": dt.date(2023, 12, 31),
                                   "source": "https://www.scb.se/"}]
    stockholm = entry(project, "municipalities.yaml", "municipalities", "se-0180")
    assert dict(stockholm["identifiers"]) == {"SE-kommunkod": "0180"}
    validates(capsys, project)


def test_municipalities_in_english(project, capsys):
    import_ok(capsys, project, "csv-municipalities-en.csv", "municipalities")
    hromada = entry(project, "municipalities.yaml", "municipalities", "ua-UA63140110000087562")
    assert hromada["name"]["uk"] == "Слобожанська селищна громада"
    assert hromada["name"]["en"] == "Slobozhanske settlement hromada"
    [figure] = entry(project, "places.yaml", "places", "area-ua-UA63140110000087562")["population"]
    assert figure["value"] == 30000 and figure["approximate"] is True
    validates(capsys, project)


def test_unknown_municipality_code(project, tmp_path, capsys):
    sheet = tmp_path / "kommuner.csv"
    sheet.write_text("kommunkod;namn\n9999;Ingenstans kommun\nabc;X\n", encoding="utf-8")
    before = project_tree(project)
    code, _, err = run_main(capsys, "import", "csv", sheet, project, "--kind", "municipalities")
    assert code == 1
    assert "row 2, column 'kommunkod': no municipality or hromada has the code 9999" in err
    assert "row 3, column 'kommunkod': expected a kommunkod" in err
    assert project_tree(project) == before


def test_organisations_in_swedish(project, capsys):
    out = import_ok(capsys, project, "csv-organisations-sv.csv", "organisations")
    assert "created   vannas-kfs" in out
    board = entry(project, "organisations.yaml", "organisations", "vannas-kfs")
    assert board["type"] == "OrganizationalUnit"
    assert board["parentOrganization"] == "se-2460"
    assert dict(board["name"]) == {"sv": "Vännäs kommunstyrelse",
                                   "en": "Vännäs Municipal Executive Board"}
    skr = entry(project, "organisations.yaml", "organisations", "skr")
    assert dict(skr["name"]) == {"sv": "Sveriges Kommuner och Regioner",
                                 "en": "Swedish Association of Local Authorities and Regions"}
    assert dict(skr["alternateName"]) == {"sv": "SKR", "en": "SALAR"}      # SKR is there
    validates(capsys, project)


def test_organisations_in_english_tab_separated(project, capsys):
    out = import_ok(capsys, project, "csv-organisations-en.csv", "organisations", "--lang", "en")
    assert "updated   cities4cities" in out
    school = entry(project, "organisations.yaml", "organisations", "vannas-school")
    assert school["parentOrganization"] == "Vännäs kommun"     # as written
    c4c = entry(project, "organisations.yaml", "organisations", "cities4cities")
    assert c4c["type"] == "OrganizationalCollaboration"
    assert {"en": "C4C"} in [dict(name) for name in c4c["alternateName"]]
    assert c4c["url"] == "https://cities4cities.eu/"


def test_partnerships_in_swedish_update_the_keyless_entry(project, capsys):
    out = import_ok(capsys, project, "csv-partnerships-sv.csv", "partnerships")
    assert "updated   se-2460--ua-UA63140110000087562" in out
    [partnership] = read_registry(project / "registry" / "partnerships.yaml")["partnerships"]
    assert "id" not in partnership
    assert partnership["status"] == "formalised" and partnership["type"] == "solidarityPartnership"
    assert list(partnership["areas"]) == ["reconstruction", "education"]
    assert partnership["statusDate"] == dt.date(2024, 2, 1)
    assert len(partnership["activities"]) == 2                # kept
    validates(capsys, project)


def test_partnerships_in_english(project, capsys):
    out = import_ok(capsys, project, "csv-partnerships-en.csv", "partnerships")
    assert "created   se-0180--ua-UA63140110000087562" in out
    validates(capsys, project)


# --- files: delimiters, BOM, xlsx -----------------------------------------------------------

def test_semicolons_and_a_bom(project, tmp_path, capsys):
    sheet = tmp_path / "organisationer.csv"
    sheet.write_bytes(b"\xef\xbb\xbf" + "Nyckel;Namn;Typ\r\nvannas-ks;Vännäs kommunstyrelse;"
                      "nämnd\r\n".encode("utf-8"))
    import_ok(capsys, project, sheet, "organisations")
    board = entry(project, "organisations.yaml", "organisations", "vannas-ks")
    assert dict(board["name"]) == {"sv": "Vännäs kommunstyrelse"}


def test_xlsx(project, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Parter", "Typ", "Status", "Statusdatum"])
    sheet.append(["se-0180; se-2460", "vänort", "inledande kontakt", dt.datetime(2024, 3, 1)])
    workbook.save(tmp_path / "partnerskap.xlsx")
    import_ok(capsys, project, tmp_path / "partnerskap.xlsx", "partnerships")
    partnerships = read_registry(project / "registry" / "partnerships.yaml")["partnerships"]
    assert partnerships[-1]["statusDate"] == dt.date(2024, 3, 1)
    assert partnerships[-1]["status"] == "exploratory"


# --- re-imports ------------------------------------------------------------------------------

def test_importing_twice_changes_nothing(project, capsys):
    for name, kind in (("csv-people-sv.csv", "people"),
                       ("csv-municipalities-sv.csv", "municipalities"),
                       ("csv-organisations-sv.csv", "organisations"),
                       ("csv-partnerships-sv.csv", "partnerships")):
        import_ok(capsys, project, name, kind)
        before = project_tree(project)
        out = import_ok(capsys, project, name, kind)
        assert " 0 created, 0 updated" in out and "created " not in out
        assert project_tree(project) == before


def test_a_changed_cell_updates_the_entry_and_keeps_comments(project, tmp_path, capsys):
    registry = project / "registry" / "organisations.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "  - id: skr\n", "  - id: skr  # the national association\n"), encoding="utf-8")
    sheet = tmp_path / "org.csv"
    sheet.write_text("id,name,url\nskr,Sveriges Kommuner och Regioner,https://skr.se/\n",
                     encoding="utf-8")
    assert "unchanged skr" in import_ok(capsys, project, sheet, "organisations")
    sheet.write_text("id,name,url\nskr,Sveriges Kommuner och Regioner,https://skr.se/en/\n",
                     encoding="utf-8")
    out = import_ok(capsys, project, sheet, "organisations")
    assert "updated   skr" in out and "organisations: 0 created, 1 updated, 0 unchanged" in out
    text = registry.read_text(encoding="utf-8")
    assert "# the national association" in text
    skr = entry(project, "organisations.yaml", "organisations", "skr")
    assert skr["url"] == "https://skr.se/en/"
    assert skr["type"] == "Organization"                       # fields the sheet lacks stay


# --- bad input ---------------------------------------------------------------------------------

def test_every_problem_listed_and_nothing_written(project, capsys):
    before = project_tree(project)
    code, out, err = run_main(capsys, "import", "csv", DATA / "csv-people-bad.csv", project,
                         "--kind", "people")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].endswith("csv-people-bad.csv: 4 problems; nothing was written:")
    assert lines[1:] == [
        "  csv-people-bad.csv: row 2, column 'Startdatum': expected a date as YYYY-MM-DD, "
        "not '2024-13-01'",
        "  csv-people-bad.csv: row 2, column 'Webbplats': expected a web address starting with "
        "http:// or https://, not 'www.vannas.se'",
        "  csv-people-bad.csv: row 3, column 'Namn': expected the person's name (or an id)",
        "  csv-people-bad.csv: row 4, column 'Roll': 'chefsbarista' is not in lp:Role; expected "
        "one of councilMember, deputyMunicipalDirector, headOfEconomicDevelopment, headOfHromada, "
        "mayor, municipalCouncilChair, municipalDirector (or its label)",
    ]
    assert project_tree(project) == before


def test_missing_columns_and_values(project, tmp_path, capsys):
    sheet = tmp_path / "partnerskap.csv"
    sheet.write_text("Typ;Status\nvänort;aktivt\n", encoding="utf-8")
    code, _, err = run_main(capsys, "import", "csv", sheet, project, "--kind", "partnerships")
    assert code == 1 and "no column 'id' ('nyckel') or 'partners' ('parter')" in err
    sheet.write_text("Parter;Typ;Områden\nse-0180, se-2460;vänort;fiske\nse-0180;;\n",
                     encoding="utf-8")
    code, _, err = run_main(capsys, "import", "csv", sheet, project, "--kind", "partnerships")
    assert "row 2, column 'status': a new partnership needs status" in err
    assert "row 2, column 'Områden': 'fiske' is not in lp:CooperationArea" in err
    assert "row 3, column 'Parter': expected at least two partners" in err


def test_not_utf8_and_empty(project, tmp_path, capsys):
    sheet = tmp_path / "people.csv"
    sheet.write_bytes("Namn\nPer Åberg\n".encode("cp1252"))
    code, _, err = run_main(capsys, "import", "csv", sheet, project, "--kind", "people")
    assert code == 1 and "people.csv: not UTF-8 text (byte 9 is 0xc5)" in err
    sheet.write_text("\n\n", encoding="utf-8")
    code, _, err = run_main(capsys, "import", "csv", sheet, project, "--kind", "people")
    assert code == 1 and "the file is empty" in err


def test_python_api_and_the_docs_table(project):
    result = import_table(DATA / "csv-organisations-sv.csv", project, "organisations")
    assert result.counts() == {"created": 1, "updated": 0, "unchanged": 1}
    with pytest.raises(TableErrors) as raised:
        import_table(DATA / "csv-people-bad.csv", project, "people")
    assert len(raised.value.problems) == 4
    for kind in spreadsheet.COLUMNS:
        assert spreadsheet.column_table(kind) in spreadsheet.__doc__
        headers = [spreadsheet._fold(header) for column in spreadsheet.COLUMNS[kind]
                   for header in column.headers]
        owners = {}
        for column in spreadsheet.COLUMNS[kind]:
            for header in column.headers:
                assert owners.setdefault(spreadsheet._fold(header), column.name) == column.name
        assert headers
