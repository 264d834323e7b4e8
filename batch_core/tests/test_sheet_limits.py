"""The import's limits: checked before the work, with the figures in the message."""

import io
import time
import unittest
import zipfile
from datetime import date

from batch_core.sheet_formats import SpreadsheetLimitError
from batch_core.spreadsheet import COLUMNS, parse_file

from .test_spreadsheet import xls, xlsx

HEADER = [column.label for column in COLUMNS]
ROW = [date(2026, 3, 1), "Manual", "CHQ", 10.5, "", "Jane"]
#: A data row without cell references, as some writers produce: every row
#: the same bytes, so that the sheet compresses like an attack would.
ROW_XML = (
    '<row><c t="inlineStr"><is><t>2026-03-01</t></is></c>'
    '<c t="inlineStr"><is><t>Manual</t></is></c>'
    '<c t="inlineStr"><is><t>CHQ</t></is></c><c><v>10</v></c></row>'
)
HEADER_XML = (
    "<row>"
    + "".join(f'<c t="inlineStr"><is><t>{label}</t></is></c>' for label in HEADER[:4])
    + "</row>"
)


def inflated_workbook(rows):
    """A real workbook whose first sheet is replaced by ``rows`` streamed rows:
    large once uncompressed, tiny compressed."""
    plain = zipfile.ZipFile(io.BytesIO(xlsx(HEADER, ROW)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in plain.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, plain.read(info.filename))
                continue
            with target.open(info.filename, "w") as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheetData>' + HEADER_XML.encode()
                )
                chunk = ROW_XML * 1000
                for _block in range(rows // 1000):
                    sheet.write(chunk.encode())
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


class TestSheetSize(unittest.TestCase):
    def test_uncompressed_sheet_data_over_the_limit_is_refused_unread(self):
        content = inflated_workbook(20_000)
        self.assertLess(len(content), 100_000)
        start = time.monotonic()
        with self.assertRaises(SpreadsheetLimitError) as caught:
            parse_file(content, "big.xlsx", max_sheet_bytes=1024 * 1024)
        self.assertLess(time.monotonic() - start, 1.0)
        self.assertEqual(caught.exception.limit, "sheet")
        message = str(caught.exception)
        self.assertIn('The workbook "big.xlsx" holds', message)
        self.assertIn(
            "holds 3 MB of sheet data once uncompressed; the limit is 1 MB.", message
        )

    def test_a_sheet_compressed_beyond_any_receipt_file_is_refused(self):
        content = inflated_workbook(110_000)
        with self.assertRaises(SpreadsheetLimitError) as caught:
            parse_file(content, "bomb.xlsx", max_sheet_bytes=10**10)
        self.assertIn("to 1 (xl/worksheets/sheet1.xml:", str(caught.exception))
        self.assertIn("never compressed more than 100 to 1", str(caught.exception))


class TestRowLimit(unittest.TestCase):
    def assertRowLimit(self, content, filename):
        with self.assertRaises(SpreadsheetLimitError) as caught:
            parse_file(content, filename, max_rows=10)
        self.assertEqual(caught.exception.limit, "rows")
        self.assertIn(
            "holds more than 10 data rows; the limit is 10 rows per import",
            str(caught.exception),
        )

    def test_xlsx_csv_and_xls_stop_at_the_limit(self):
        rows = [ROW] * 11
        self.assertRowLimit(xlsx(HEADER, *rows), "many.xlsx")
        self.assertRowLimit(xls(HEADER, *rows), "many.xls")
        csv_text = ",".join(HEADER) + "\n" + "2026-03-01,Manual,C,10.50,,Jane\n" * 11
        self.assertRowLimit(csv_text.encode(), "many.csv")

    def test_exactly_the_limit_is_read(self):
        result = parse_file(xlsx(HEADER, *[ROW] * 10), "ten.xlsx", max_rows=10)
        self.assertEqual(result.total_rows, 10)

    def test_streaming_stops_reading_at_the_limit(self):
        # Under 10 MB uncompressed: no size or ratio check stops it first.
        content = inflated_workbook(60_000)
        with self.assertRaises(SpreadsheetLimitError) as caught:
            parse_file(content, "long.xlsx", max_rows=1000, max_sheet_bytes=10**10)
        self.assertEqual(caught.exception.limit, "rows")
        self.assertIn("more than 1,000 data rows", str(caught.exception))
        # Without the limit the same sheet reads in full.
        self.assertEqual(
            parse_file(content, "long.xlsx", max_sheet_bytes=10**10).total_rows, 60_000
        )
