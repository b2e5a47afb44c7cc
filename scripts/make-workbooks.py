#!/usr/bin/env python3
"""Writes the workbook fixtures (committed; run again to regenerate them).

    python3 -m venv /tmp/wb && /tmp/wb/bin/pip install openpyxl xlsxwriter xlwt odfpy msoffcrypto-tool
    /tmp/wb/bin/python scripts/make-workbooks.py          # every workbook
    /tmp/wb/bin/python scripts/make-workbooks.py build    # only fixtures/build/el.xlsx

fixtures/workbooks/table.csv is the clean CSV every table.* workbook is equivalent to: the
same rows, with each cell of the kind a district's workbook has (IDs as number cells, dates as
date cells, flags as booleans). The tests check that each workbook's corrected CSV is the
corrected CSV of table.csv, byte for byte. The other workbooks are the bad ones the issue lists.
"""

import datetime as dt
import io
import os
import sys

import msoffcrypto.format.ooxml
import openpyxl
import xlsxwriter
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl.chart import BarChart, Reference

ROOT = os.path.join(os.path.dirname(__file__), "..", "fixtures")
OUT = os.path.join(ROOT, "workbooks")
os.makedirs(OUT, exist_ok=True)

HEADER = [
    "sourcedId", "status", "dateLastModified", "birthDate", "sex",
    "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
    "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
    "hispanicOrLatinoEthnicity", "countryOfBirthCode", "stateOfBirthAbbreviation",
    "cityOfBirth", "publicSchoolResidenceStatus", "metadata.englishLearnerStatus",
    "metadata.homeLanguage", "metadata.ideaIndicator",
    "metadata.eligibilityStatusForSchoolFoodServicePrograms",
]

# 13-digit IDs (a state ID) that Excel's CSV export would write as 1.23457E+12.
ROWS = [
    [1234567890123, "active", dt.date(2026, 11, 28), dt.date(2012, 3, 14), "female",
     False, False, False, False, True, False, True, "US", "TX", "Austin", "01652",
     True, "spa", False, "Free"],
    [1234567890124, "active", dt.date(2026, 11, 28), dt.date(2011, 12, 1), "male",
     False, True, False, False, False, False, False, "US", "TX", "Houston, TX", "01652",
     False, "eng", True, "Reduced"],
    [9007199254740991, "active", dt.date(2026, 11, 27), dt.date(2010, 1, 30), "female",
     False, False, True, False, False, False, False, "MX", "", "Monterrey", "01652",
     False, "eng", False, "Full"],
]


def text(value, column):
    """What the clean CSV holds for a typed cell."""
    if isinstance(value, bool):
        if column.startswith("metadata."):
            return "Yes" if value else "No"
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_field(value):
    if any(c in value for c in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv():
    lines = [",".join(HEADER)]
    for row in ROWS:
        lines.append(",".join(csv_field(text(v, c)) for v, c in zip(row, HEADER)))
    with open(os.path.join(OUT, "table.csv"), "w", newline="") as f:
        f.write("\n".join(lines) + "\n")


def openpyxl_table(epoch=None):
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "Demographics"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    return wb


def write_xlsx():
    openpyxl_table().save(os.path.join(OUT, "table.xlsx"))
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    openpyxl_table(CALENDAR_MAC_1904).save(os.path.join(OUT, "table-1904.xlsx"))


def write_xls():
    book = xlwt.Workbook()
    sheet = book.add_sheet("Demographics")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, name in enumerate(HEADER):
        sheet.write(0, c, name)
    for r, row in enumerate(ROWS, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    book.save(os.path.join(OUT, "table.xls"))


def write_ods():
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Demographics")

    def cell(value):
        if isinstance(value, bool):
            c = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
            c.addElement(P(text="TRUE" if value else "FALSE"))
        elif isinstance(value, int):
            c = TableCell(valuetype="float", value=str(value))
            c.addElement(P(text=str(value)))
        elif isinstance(value, dt.date):
            c = TableCell(valuetype="date", datevalue=value.isoformat())
            c.addElement(P(text=value.isoformat()))
        else:
            c = TableCell(valuetype="string")
            c.addElement(P(text=value))
        return c

    for row in [HEADER] + ROWS:
        tr = TableRow()
        for value in row:
            tr.addElement(cell(value))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(os.path.join(OUT, "table.ods"))


def write_cells():
    """zeros.xlsx: IDs with a 0000000 number format, and an ID past 2^53."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["sourcedId", "sex", "birthDate"])
    for value in [12345, 1234567, 12345678901234567]:
        ws.append([value, "female", dt.date(2012, 3, 14)])
        ws.cell(ws.max_row, 1).number_format = "0000000"
        ws.cell(ws.max_row, 3).number_format = "yyyy-mm-dd"
    # Excel's fictitious 1900-02-29 is serial 60.
    ws.append([7654321, "male", 60])
    ws.cell(ws.max_row, 3).number_format = "yyyy-mm-dd"
    wb.save(os.path.join(OUT, "cells.xlsx"))


def write_formulas():
    """formulas.xlsx: values from formulas (their cached results), and a VLOOKUP's #N/A."""
    wb = xlsxwriter.Workbook(os.path.join(OUT, "formulas.xlsx"))
    ws = wb.add_worksheet("Roster")
    for c, name in enumerate(["sourcedId", "sex", "metadata.englishLearnerStatus"]):
        ws.write(0, c, name)
    ws.write_number(1, 0, 1001)
    ws.write_formula(1, 1, '=IF(1=1,"female","male")', None, "female")
    ws.write_formula(1, 2, '=VLOOKUP(A2,Lists!A:B,2,FALSE)', None, "Yes")
    ws.write_number(2, 0, 1002)
    ws.write_string(2, 1, "male")
    ws.write_formula(2, 2, '=VLOOKUP(A3,Lists!A:B,2,FALSE)', None, "#N/A")
    lists = wb.add_worksheet("Lists")
    lists.write_number(0, 0, 1001)
    lists.write_string(0, 1, "Yes")
    wb.close()


def write_uncalculated():
    """uncalculated.xlsx: formulas written by a program, never calculated (no cached value)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["sourcedId", "sex", "metadata.englishLearnerStatus"])
    ws.append([1001, "female", '=IF(A2=1001,"Yes","No")'])
    ws.append([1002, "male", "No"])
    wb.save(os.path.join(OUT, "uncalculated.xlsx"))


def write_layouts():
    # A title above the header, merged over the columns; a merged header cell.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Students"
    ws["A1"] = "Student demographics, fall 2026"
    ws.merge_cells("A1:D1")
    ws.append([])
    ws.append(["sourcedId", "sex", "Race", None])
    ws.merge_cells("C3:D3")
    ws.append([1001, "female", "true", "false"])
    ws.append([1002, "male", "false", "true"])
    wb.save(os.path.join(OUT, "title.xlsx"))

    # Notes first, the roster second: the roster is chosen.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws.append(["Exported from the SIS on 2026-11-28"])
    roster = wb.create_sheet("Demographics")
    roster.append(["sourcedId", "sex", "birthDate"])
    roster.append(["1001", "female", "2012-03-14"])
    wb.save(os.path.join(OUT, "two-sheets.xlsx"))

    # Two rosters: the person chooses.
    wb = openpyxl.Workbook()
    for title in ["Fall", "Spring"]:
        ws = wb.create_sheet(title)
        ws.append(["sourcedId", "sex", "birthDate"])
        ws.append(["1001", "female", "2012-03-14"])
    del wb["Sheet"]
    wb.save(os.path.join(OUT, "ambiguous.xlsx"))

    # 300 sheets, the roster last.
    wb = openpyxl.Workbook()
    wb.active.title = "S1"
    for i in range(2, 300):
        wb.create_sheet(f"S{i}").append([f"note {i}"])
    roster = wb.create_sheet("Roster")
    roster.append(["sourcedId", "sex", "birthDate"])
    roster.append(["1001", "female", "2012-03-14"])
    wb.save(os.path.join(OUT, "many-sheets.xlsx"))

    # Nothing in it.
    openpyxl.Workbook().save(os.path.join(OUT, "empty.xlsx"))

    # A chart sheet alone (its data sheet hidden away is still a worksheet, so the chart's
    # data is in the chart only).
    wb = openpyxl.Workbook()
    data = wb.active
    data.append(["x", 1])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=1))
    sheet = wb.create_chartsheet("Chart")
    sheet.add_chart(chart)
    buffer = io.BytesIO()
    wb.save(buffer)
    with open(os.path.join(OUT, "chart-and-data.xlsx"), "wb") as f:
        f.write(buffer.getvalue())

    # Password-protected.
    plain = io.BytesIO()
    openpyxl_table().save(plain)
    plain.seek(0)
    office = msoffcrypto.format.ooxml.OOXMLFile(plain)
    with open(os.path.join(OUT, "encrypted.xlsx"), "wb") as f:
        office.encrypt("secret", f)


CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')


def write_by_hand(name, kind, part, xml):
    """An .xlsx of one sheet of `kind` (worksheet, chartsheet) at `part`, written part by part:
    the shapes no library writes."""
    import zipfile
    workbook = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
            f'Target="{part}"/></Relationships>')
    with zipfile.ZipFile(os.path.join(OUT, name), "w") as z:
        for path, text in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("xl/workbook.xml", workbook),
                           ("xl/_rels/workbook.xml.rels", rels), (f"xl/{part}", xml)]:
            z.writestr(zipfile.ZipInfo(path, (2026, 12, 3, 0, 0, 0)), text)


def write_hand_made():
    # A chart sheet and no worksheet (openpyxl cannot write one).
    write_by_hand("charts-only.xlsx", "chartsheet", "chartsheets/sheet1.xml",
                  '<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    # 1 KB, a value in A1 and one in XFD1048576: calamine would make a grid of 17 billion cells.
    write_by_hand("far-cell.xlsx", "worksheet", "worksheets/sheet1.xml",
                  '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                  '<row r="1"><c r="A1" t="inlineStr"><is><t>sourcedId</t></is></c></row>'
                  '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')


def write_sample():
    """fixtures/workbook.xlsx: the sample demographics.csv as a workbook, every cell text."""
    import csv
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "demographics"
    with open(os.path.join(ROOT, "sample-demographics.csv"), newline="", encoding="utf-8") as f:
        for r, row in enumerate(csv.reader(f), start=1):
            for c, value in enumerate(row, start=1):
                # Text cells, even "=HYPERLINK(...)" (openpyxl would make it a formula).
                cell = ws.cell(r, c)
                cell.value = value
                cell.data_type = "s"
                cell.number_format = "@"
    wb.save(os.path.join(ROOT, "workbook.xlsx"))


def write_build_lists():
    """fixtures/build/el.xlsx: the English learner list of fixtures/build as a workbook, its
    student numbers number cells (as Excel leaves them: the zeros gone)."""
    import csv
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "EL students"
    with open(os.path.join(ROOT, "build", "el.csv"), newline="", encoding="utf-8") as f:
        for r, row in enumerate(csv.reader(f), start=1):
            for c, value in enumerate(row, start=1):
                ws.cell(r, c).value = int(value) if r > 1 and c == 1 else value
    wb.save(os.path.join(ROOT, "build", "el.xlsx"))


if sys.argv[1:] == ["build"]:
    # Only the builder's list (the others keep their bytes).
    write_build_lists()
    sys.exit()

write_csv()
write_xlsx()
write_xls()
write_ods()
write_cells()
write_formulas()
write_uncalculated()
write_layouts()
write_hand_made()
write_sample()
write_build_lists()
print("written:", sorted(os.listdir(OUT)))
