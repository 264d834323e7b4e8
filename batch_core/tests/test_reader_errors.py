"""The readers turn a damaged file into SpreadsheetError, and nothing else.

A failure that is not the file's (memory, a bug, an interrupted worker)
propagates as what it is, instead of being reported as a damaged workbook.
"""

import io
import unittest
import zipfile
from unittest import mock

import xlrd
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from batch_core.spreadsheet import COLUMNS, SpreadsheetError, parse_file

from .test_spreadsheet import xls, xlsx

HEADER = [column.label for column in COLUMNS]
ROW = ["2026-03-01", "Manual", "CHQ-1", 125.5, "March", "Jane Importer"]


def with_part(content, name, replace):
    """The workbook ``content`` with part ``name`` rewritten by ``replace``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.namelist():
            data = source.read(member)
            target.writestr(member, replace(data) if member == name else data)
    return out.getvalue()


class TestDamagedParts(unittest.TestCase):
    def assert_damaged(self, content):
        with self.assertRaisesRegex(SpreadsheetError, "damaged"):
            parse_file(content, "receipts.xlsx")

    def test_broken_xml_in_the_sheet(self):
        self.assert_damaged(
            with_part(
                xlsx(HEADER, ROW),
                "xl/worksheets/sheet1.xml",
                lambda data: data.replace(b"<sheetData>", b"<sheetData><row <"),
            )
        )

    def test_broken_xml_in_the_content_types(self):
        self.assert_damaged(
            with_part(xlsx(HEADER, ROW), "[Content_Types].xml", lambda d: d[:40])
        )

    def test_an_attribute_openpyxl_does_not_know(self):
        # openpyxl's descriptors raise TypeError on an unknown attribute.
        self.assert_damaged(
            with_part(
                xlsx(HEADER, ROW),
                "xl/worksheets/sheet1.xml",
                lambda data: data.replace(b"<sheetView ", b'<sheetView xWindowZ="1" '),
            )
        )

    def test_a_relationship_that_is_missing(self):
        self.assert_damaged(
            with_part(
                xlsx(HEADER, ROW),
                "xl/_rels/workbook.xml.rels",
                lambda data: data.replace(b'Id="rId1"', b'Id="rId9"'),
            )
        )


class TestOtherFailuresPropagate(unittest.TestCase):
    def test_memory_error_while_opening_an_xlsx(self):
        with (
            mock.patch("openpyxl.load_workbook", side_effect=MemoryError),
            self.assertRaises(MemoryError),
        ):
            parse_file(xlsx(HEADER, ROW), "receipts.xlsx")

    def test_memory_error_while_reading_rows_of_an_xlsx(self):
        with (
            mock.patch.object(ReadOnlyWorksheet, "iter_rows", side_effect=MemoryError),
            self.assertRaises(MemoryError),
        ):
            parse_file(xlsx(HEADER, ROW), "receipts.xlsx")

    def test_a_runtime_error_is_not_a_damaged_workbook(self):
        with (
            mock.patch("openpyxl.load_workbook", side_effect=RuntimeError("worker")),
            self.assertRaisesRegex(RuntimeError, "worker"),
        ):
            parse_file(xlsx(HEADER, ROW), "receipts.xlsx")

    def test_memory_error_while_opening_an_xls(self):
        with (
            mock.patch.object(xlrd, "open_workbook", side_effect=MemoryError),
            self.assertRaises(MemoryError),
        ):
            parse_file(xls(HEADER, ROW), "receipts.xls")

    def test_keyboard_interrupt_is_not_swallowed(self):
        with (
            mock.patch("openpyxl.load_workbook", side_effect=KeyboardInterrupt),
            self.assertRaises(KeyboardInterrupt),
        ):
            parse_file(xlsx(HEADER, ROW), "receipts.xlsx")


if __name__ == "__main__":
    unittest.main()


class TestBai2Damage(unittest.TestCase):
    def setUp(self):
        super().setUp()
        from batch_core.tests.bank_file_samples import bai2

        from .test_bai2_file import LOCKBOX

        self.content = bai2([LOCKBOX])

    def test_damaged_bai2_files_raise_only_spreadsheet_errors(self):
        import random

        from batch_core.bai2_file import parse_bai2

        from .test_mutations import MUTATIONS, SEED, mutate

        rng = random.Random(SEED)
        for index in range(MUTATIONS):
            damaged = mutate(self.content, self.content, rng)
            try:
                parse_bai2(damaged, "cash.bai")
            except SpreadsheetError:
                pass
            except Exception as exc:  # noqa: BLE001 - the finding itself
                self.fail(
                    f"mutation {index} (seed {SEED}): {type(exc).__name__}: {exc}"
                )

    def test_memory_error_in_the_bai2_parser_propagates(self):
        from bai2 import bai2 as bai2_module

        from batch_core.bai2_file import parse_bai2

        with (
            mock.patch.object(bai2_module, "parse_from_lines", side_effect=MemoryError),
            self.assertRaises(MemoryError),
        ):
            parse_bai2(self.content, "cash.bai")
