"""Workbooks built to attack the reader: entities are never resolved."""

import io
import time
import unittest
import zipfile

from openpyxl import Workbook

from batch_core.spreadsheet import COLUMNS, SpreadsheetError, parse_file

SECRET = "TOPSECRET-4471"


def workbook_with_sheet_xml(doctype, cell_value):
    """A one-row receipt workbook whose sheet XML starts with ``doctype`` and
    whose amount cell holds ``cell_value`` as raw XML."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.label for column in COLUMNS])
    sheet.append(["2026-03-01", "Manual", "CHQ-1", 10, "", "Jane"])
    plain = io.BytesIO()
    workbook.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text.replace("<worksheet", doctype + "<worksheet", 1)
                text = text.replace("<v>10</v>", f"<v>{cell_value}</v>", 1)
                data = text.encode()
            target.writestr(info, data)
    return out.getvalue()


class TestHostileWorkbooks(unittest.TestCase):
    def test_external_entity_is_never_resolved(self):
        with open("/tmp/apb-xxe-secret.txt", "w") as secret:
            secret.write(SECRET)
        content = workbook_with_sheet_xml(
            '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///tmp/apb-xxe-secret.txt">]>',
            "&x;",
        )
        with self.assertRaises(SpreadsheetError) as caught:
            parse_file(content, "xxe.xlsx")
        self.assertNotIn(SECRET, str(caught.exception))
        self.assertIn("xxe.xlsx", str(caught.exception))

    def test_entity_expansion_is_refused_quickly(self):
        entities = ['<!ENTITY a "aaaaaaaaaa">']
        for name, inner in zip("bcdefgh", "abcdefg", strict=True):
            entities.append(f'<!ENTITY {name} "{("&" + inner + ";") * 10}">')
        content = workbook_with_sheet_xml(
            f"<!DOCTYPE worksheet [{''.join(entities)}]>", "&h;"
        )
        start = time.monotonic()
        with self.assertRaises(SpreadsheetError):
            parse_file(content, "bomb.xlsx")
        self.assertLess(time.monotonic() - start, 5)
