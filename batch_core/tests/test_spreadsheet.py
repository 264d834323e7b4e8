"""Plain unit tests of the spreadsheet reader; every fixture is built here."""

import io
import unittest
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook

from batch_core.cells import duplicate_key, parse_amount, parse_date
from batch_core.sheet_formats import PASSWORD_MESSAGE
from batch_core.spreadsheet import (
    COLUMNS,
    IMPORT_KIND_LABELS,
    IMPORT_KINDS,
    SpreadsheetError,
    column_for_header,
    column_letter,
    normalize_header,
    parse_file,
)

try:
    import xlwt
except ImportError:  # pragma: no cover - depends on the environment
    xlwt = None

HEADER = ["Receipt Date", "Payment Method", "Receipt Reference", "Receipt Amount"]
MB = 1024 * 1024


def xlsx(*rows, extra_sheets=(), title="Receipts"):
    """Return the bytes of a workbook whose first sheet holds ``rows``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for name, sheet_rows in extra_sheets:
        other = workbook.create_sheet(name)
        for row in sheet_rows:
            other.append(list(row))
    return save(workbook)


def save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patch_sheet(content, old, new):
    """Replace ``old`` by ``new`` in the first sheet's XML of an .xlsx."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old.encode() in data, data
                data = data.replace(old.encode(), new.encode())
            target.writestr(item, data)
    return buffer.getvalue()


def xls(*rows, merges=()):
    """Return the bytes of an .xls workbook (xlwt) whose first sheet holds ``rows``."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Receipts")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            if isinstance(value, date):
                sheet.write(row_index, col_index, value, date_style)
            elif value is not None:
                sheet.write(row_index, col_index, value)
    for first_row, last_row, first_col, last_col, value in merges:
        sheet.write_merge(first_row, last_row, first_col, last_col, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(text, encoding="utf-8"):
    return text.encode(encoding)


class ParseCase(unittest.TestCase):
    def assertFatal(self, content, message, filename="receipts.xlsx", **options):
        with self.assertRaises(SpreadsheetError) as caught:
            parse_file(content, filename, **options)
        self.assertIn(message, str(caught.exception))
        return str(caught.exception)

    def messages(self, result):
        return [error.message for error in result.errors]


class TestFormats(ParseCase):
    def test_xlsx_rows_are_plain_values(self):
        content = xlsx(
            HEADER + ["Description", "Payer / Bill To Party Name", "Invoice Number"],
            [datetime(2026, 3, 15), "Cheque", " CHQ-1 ", 1234.5, None, "Jane", 12345],
        )
        result = parse_file(content, "receipts.xlsx")
        self.assertEqual(result.file_format, "xlsx")
        self.assertEqual(result.sheet_name, "Receipts")
        self.assertEqual(result.total_rows, 1)
        self.assertEqual(result.errors, [])
        row = result.rows[0]
        self.assertEqual(row.row_number, 2)
        self.assertEqual(row.values["date"], date(2026, 3, 15))
        self.assertEqual(row.values["payment_method"], "Cheque")
        self.assertEqual(row.values["reference"], "CHQ-1")
        self.assertEqual(row.values["amount"], Decimal("1234.5"))
        self.assertIsNone(row.values["description"])
        self.assertEqual(row.values["invoice_number"], "12345")
        self.assertIsNone(row.values["batch_line"])
        self.assertEqual(set(row.values), {column.key for column in COLUMNS})
        self.assertEqual(row.raw["Receipt Reference"], " CHQ-1 ")
        self.assertEqual(row.raw["Receipt Date"], "2026-03-15")
        self.assertEqual(row.raw["Description"], "")

    @unittest.skipIf(xlwt is None, "xlwt is not installed: cannot build .xls fixtures")
    def test_xls_rows_with_dates_and_numbers(self):
        content = xls(
            HEADER,
            [date(2026, 3, 15), "Cash", "R-1", 99.95],
            ["16/03/2026", "Cash", 42, "1,000.00"],
        )
        result = parse_file(content, "receipts.xls")
        self.assertEqual(result.file_format, "xls")
        self.assertEqual(result.sheet_name, "Receipts")
        self.assertEqual(self.messages(result), [])
        first, second = result.rows
        self.assertEqual(first.values["date"], date(2026, 3, 15))
        self.assertEqual(first.values["amount"], Decimal("99.95"))
        self.assertEqual(second.values["date"], date(2026, 3, 16))
        self.assertEqual(second.values["reference"], "42")
        self.assertEqual(second.values["amount"], Decimal("1000.00"))

    @unittest.skipIf(xlwt is None, "xlwt is not installed: cannot build .xls fixtures")
    def test_xls_merged_required_cell(self):
        content = xls(
            HEADER,
            [None, "Cheque", "R-1", 1],
            [None, "Cheque", "R-2", 2],
            merges=[(1, 2, 0, 0, "2026-03-15")],
        )
        result = parse_file(content, "receipts.xls")
        self.assertEqual([row.row_number for row in result.rows], [2])
        self.assertEqual(result.errors[0].cell, "A3")
        self.assertIn(
            "Receipt Date is empty because the cell is merged (A2:A3; only A2 keeps "
            "the value)",
            result.errors[0].message,
        )
        self.assertTrue(result.errors[0].structural)

    def test_csv_comma(self):
        content = csv_file(
            "Receipt Date,Payment Method,Receipt Amount,Description\n"
            '2026-03-15,Cheque,"1,234.50","Rent, March"\n'
        )
        result = parse_file(content, "receipts.csv")
        self.assertEqual(result.file_format, "csv")
        self.assertIsNone(result.sheet_name)
        row = result.rows[0]
        self.assertEqual(row.values["amount"], Decimal("1234.50"))
        self.assertEqual(row.values["description"], "Rent, March")

    def test_csv_semicolon_and_comma_decimal(self):
        content = csv_file("Date;Method;Amount\n15.03.2026;Cash;1.234,50\n")
        result = parse_file(content, "r.csv", decimal_point=",", thousands_sep=".")
        self.assertEqual(result.rows[0].values["amount"], Decimal("1234.50"))
        self.assertEqual(result.rows[0].values["date"], date(2026, 3, 15))

    def test_csv_tab_and_pipe(self):
        for delimiter in ("\t", "|"):
            with self.subTest(delimiter=delimiter):
                text = delimiter.join(["Date", "Method", "Amount"])
                text += "\n" + delimiter.join(["2026-03-15", "Cash", "5"]) + "\n"
                result = parse_file(csv_file(text), "r.txt")
                self.assertEqual(result.rows[0].values["amount"], Decimal("5"))

    def test_csv_encodings(self):
        text = "Date,Method,Amount,Payer\n2026-03-15,Chèque,5,Zoë Müller\n"
        for encoding in ("utf-8", "utf-8-sig", "utf-16", "cp1252"):
            with self.subTest(encoding=encoding):
                result = parse_file(text.encode(encoding), "r.csv")
                self.assertEqual(result.rows[0].values["payer"], "Zoë Müller")
                self.assertEqual(result.rows[0].values["payment_method"], "Chèque")
                self.assertEqual(result.headers[0], "Date")

    def test_format_is_recognised_by_content_not_name(self):
        csv_content = csv_file("Date,Method,Amount\n2026-03-15,Cash,5\n")
        self.assertEqual(parse_file(csv_content, "r.xlsx").file_format, "csv")
        xlsx_content = xlsx(HEADER, ["2026-03-15", "Cash", "R", 5])
        self.assertEqual(parse_file(xlsx_content, "r.csv").file_format, "xlsx")

    def test_csv_row_with_values_beyond_the_header(self):
        content = csv_file(
            "Date,Method,Amount\n2026-03-15,Cash,5,extra\n2026-03-15,Cash,6,,\n"
        )
        result = parse_file(content, "r.csv")
        self.assertEqual([row.row_number for row in result.rows], [3])
        error = result.errors[0]
        self.assertIsNone(error.cell)
        self.assertEqual(error.row_number, 2)
        self.assertIn("check the delimiter and the quotes", error.message)

    def test_csv_multiline_field_counts_as_one_row(self):
        content = csv_file(
            'Date,Method,Amount,Memo\n2026-03-15,Cash,5,"a\nb"\n2026-03-15,Cash,x\n'
        )
        result = parse_file(content, "r.csv")
        self.assertEqual(result.rows[0].values["description"], "a\nb")
        self.assertEqual(self.messages(result), ['C3: "x" is not an amount'])


class TestHeaders(ParseCase):
    def test_case_spaces_underscores_punctuation_and_order(self):
        content = xlsx(
            [
                "receipt_AMOUNT",
                "  PAYMENT-method ",
                "Receipt date:",
                "payer/bill to party NAME",
            ],
            [5, "Cash", "2026-03-15", "Jane"],
        )
        result = parse_file(content, "r.xlsx")
        self.assertEqual(result.unknown_columns, [])
        self.assertEqual(result.rows[0].values["payer"], "Jane")
        self.assertEqual(result.rows[0].values["amount"], Decimal("5"))

    def test_aliases(self):
        content = xlsx(
            ["Date", "Method", "Amount", "Payer", "Invoice", "Reference", "Policy"],
            ["2026-03-15", "Cash", 5, "Jane", "INV/1", "R-1", "P-1"],
        )
        values = parse_file(content, "r.xlsx").rows[0].values
        self.assertEqual(values["invoice_number"], "INV/1")
        self.assertEqual(values["reference"], "R-1")
        self.assertEqual(values["policy_reference"], "P-1")
        self.assertEqual(values["payer"], "Jane")

    def test_template_headers_with_required_mark(self):
        for column in COLUMNS:
            self.assertIs(column_for_header(column.label + " *"), column)
        self.assertIsNone(column_for_header("Notes"))

    def test_unknown_columns_are_reported_not_fatal(self):
        content = xlsx(
            HEADER + ["Notes", "Notes"], ["2026-03-15", "Cash", "R", 5, "a", "b"]
        )
        result = parse_file(content, "r.xlsx")
        self.assertEqual(result.unknown_columns, ["Notes", "Notes (F)"])
        self.assertEqual(result.rows[0].raw["Notes"], "a")
        self.assertEqual(result.rows[0].raw["Notes (F)"], "b")

    def test_same_column_twice_is_fatal(self):
        content = xlsx(HEADER + ["Date"], ["2026-03-15", "Cash", "R", 5, "2026-03-16"])
        message = self.assertFatal(content, "are both read as Receipt Date")
        self.assertIn('A ("Receipt Date") and E ("Date")', message)

    def test_every_receipt_kind_label_is_understood(self):
        kinds = [IMPORT_KINDS[normalize_header(label)] for label in IMPORT_KIND_LABELS]
        self.assertEqual(len(set(kinds)), len(IMPORT_KIND_LABELS))
        for written in ("Insurance Assignment", "insurance-assignment", "ASSIGNMENT"):
            self.assertEqual(
                IMPORT_KINDS[normalize_header(written)], "insurance_assignment"
            )

    def test_column_letter(self):
        self.assertEqual(
            [column_letter(i) for i in (0, 25, 26, 701, 702)],
            ["A", "Z", "AA", "ZZ", "AAA"],
        )


class TestFatalErrors(ParseCase):
    def test_pdf_renamed_xlsx(self):
        self.assertFatal(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
            '"receipts.xlsx" is a PDF document',
        )

    def test_binary_garbage(self):
        garbage = bytes(range(256)) * 8
        self.assertFatal(garbage, '"receipts.xlsx" is not a spreadsheet')

    def test_png_image(self):
        self.assertFatal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a spreadsheet")

    def test_empty_file(self):
        self.assertFatal(b"", '"receipts.xlsx" is empty (0 bytes)')

    def test_too_large(self):
        content = xlsx(HEADER, ["2026-03-15", "Cash", "R", 5])
        self.assertFatal(content, "; the limit is 1 KB.", max_bytes=1024)
        big = b"x" * int(61.2 * MB)
        self.assertFatal(big, "The file is 61.2 MB; the limit is 50 MB.")

    def test_no_required_column(self):
        content = xlsx(["Receipts March"], ["2026-03-15"])
        message = self.assertFatal(content, "None of the required columns")
        self.assertIn("(Receipt Date, Receipt Amount)", message)
        self.assertIn('Headers found: "Receipts March"', message)
        # Optional columns alone do not make a receipt file.
        content = xlsx(["Payment Method", "Payer"], ["Cash", "Ann"])
        message = self.assertFatal(content, "None of the required columns")
        self.assertIn('Headers found: "Payment Method", "Payer"', message)

    def test_missing_required_columns(self):
        content = xlsx(
            ["Receipt Date", "Payment Method", "Notes"], ["2026-03-15", "Cash", "x"]
        )
        message = self.assertFatal(content, "Required column missing: Receipt Amount.")
        self.assertIn('"Receipt Date", "Payment Method", "Notes"', message)
        content = xlsx(["Receipt Amount", "Notes"], [5, "x"])
        self.assertFatal(content, "Required column missing: Receipt Date.")

    def test_payment_method_column_is_optional(self):
        content = xlsx(["Receipt Date", "Receipt Amount"], ["2026-03-15", 5])
        result = parse_file(content, "r.xlsx")
        self.assertEqual(self.messages(result), [])
        self.assertIsNone(result.rows[0].values["payment_method"])
        self.assertEqual(result.headers, ["Receipt Date", "Receipt Amount"])

    def test_password_protected_workbook(self):
        name = "EncryptionInfo".encode("utf-16-le")
        entry = name.ljust(64, b"\x00") + b"\x1e\x00" + bytes(62)
        header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
        self.assertFatal(header + entry + bytes(384), PASSWORD_MESSAGE)
        misplaced = header + bytes(2) + name + bytes(500)
        self.assertFatal(misplaced, "could not be read; it may be damaged")
        self.assertEqual(
            PASSWORD_MESSAGE,
            "The workbook is password-protected: remove the password and import again.",
        )

    def test_damaged_ole2_file(self):
        fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)
        self.assertFatal(fake, "could not be read; it may be damaged")

    def test_damaged_xlsx(self):
        content = xlsx(HEADER, ["2026-03-15", "Cash", "R", 5])
        self.assertFatal(
            content[: len(content) // 2], "could not be read; it may be damaged"
        )

    def test_zip_that_is_not_a_workbook(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        self.assertFatal(buffer.getvalue(), "is a ZIP archive, not a spreadsheet")

    def test_html_saved_as_xls(self):
        content = b"<html><body><table><tr><td>Date</td></tr></table></body></html>"
        self.assertFatal(
            content, "is a web page or XML document", filename="export.xls"
        )

    def test_undecodable_csv(self):
        content = b"Date,Method,Amount\n2026-03-15,Cash \x81\x8d,5\n"
        self.assertFatal(
            content,
            "could not be determined (tried UTF-8, UTF-16, Windows-1252 and Latin-1)",
            filename="r.csv",
        )
        broken_utf16 = b"\xff\xfe" + "Date,".encode("utf-16-le") + b"\x00\xd8"
        self.assertFatal(broken_utf16, "could not be determined", filename="r.csv")

    def test_empty_first_sheet_while_second_has_data(self):
        content = xlsx(
            extra_sheets=[("Data", [HEADER, ["2026-03-15", "Cash", "R", 5]])]
        )
        message = self.assertFatal(content, 'The first sheet "Receipts" is empty.')
        self.assertIn('(the workbook also has "Data")', message)

    def test_header_only(self):
        self.assertFatal(xlsx(HEADER, [None, " ", None]), "No receipts found")
        self.assertFatal(csv_file("Date,Method,Amount\n\n"), "No receipts found")

    def test_empty_csv(self):
        self.assertFatal(csv_file("\n\n,,\n"), "has no rows", filename="r.csv")

    def test_header_not_on_row_one(self):
        content = xlsx([], HEADER, ["2026-03-15", "Cash", "R", 5])
        self.assertFatal(content, 'Row 1 of sheet "Receipts" is empty')

    def test_bad_options(self):
        with self.assertRaises(ValueError):
            parse_file(b"x", "r.csv", date_order="YDM")
        with self.assertRaises(ValueError):
            parse_file(b"x", "r.csv", decimal_point=",", thousands_sep=",")


class TestCells(ParseCase):
    def test_formula_with_cached_value(self):
        content = xlsx(HEADER, ["2026-03-15", "Cash", "R", "=1+1"])
        content = patch_sheet(content, "<f>1+1</f><v></v>", "<f>1+1</f><v>24</v>")
        result = parse_file(content, "r.xlsx")
        self.assertEqual(result.rows[0].values["amount"], Decimal("24"))

    def test_formula_without_cached_value(self):
        content = xlsx(
            HEADER + ["Description"],
            ["2026-03-15", "Cash", "R", 5, "x"],
            ["2026-03-15", "Cash", "R", 5, "x"],
            ["2026-03-15", "Cash", "R", 5, "x"],
            ["2026-03-15", "Cash", "R", "=B2*2", '=A2&"x"'],
        )
        result = parse_file(content, "r.xlsx")
        self.assertEqual(
            self.messages(result),
            [
                "D5: formula without a computed value; open and save the file in Excel first",
                "E5: formula without a computed value; open and save the file in Excel first",
            ],
        )
        self.assertEqual([error.structural for error in result.errors], [True, True])
        self.assertEqual(len(result.rows), 3)

    def test_shared_formula_without_cached_value(self):
        content = xlsx(HEADER, ["2026-03-15", "Cash", "R", "=1+1"])
        content = patch_sheet(content, "<f>1+1</f><v></v>", '<f t="shared" si="0"/>')
        result = parse_file(content, "r.xlsx")
        self.assertEqual(result.errors[0].cell, "D2")
        self.assertIn("formula without a computed value", result.errors[0].message)

    def test_formulas_with_values_and_merges_together(self):
        workbook = Workbook()
        workbook.active.append(HEADER)
        workbook.active.append(["2026-03-15", "Cash", "R", "=2+2"])
        workbook.active.append(["2026-03-15", None, "R", 5])
        workbook.active.merge_cells("B2:B3")
        content = patch_sheet(save(workbook), "<f>2+2</f><v></v>", "<f>2+2</f><v>4</v>")
        result = parse_file(content, "r.xlsx")
        self.assertEqual(result.rows[0].values["amount"], Decimal("4"))
        self.assertEqual([error.cell for error in result.errors], ["B3"])

    def test_formula_with_empty_string_result_is_not_an_error(self):
        content = xlsx(HEADER + ["Description"], ["2026-03-15", "Cash", "R", 5, '=""'])
        content = patch_sheet(
            content, '<c r="E2"><f>""</f><v></v>', '<c r="E2" t="str"><f>""</f><v></v>'
        )
        result = parse_file(content, "r.xlsx")
        self.assertEqual(self.messages(result), [])
        self.assertIsNone(result.rows[0].values["description"])

    def test_merged_cells(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(HEADER + ["Description"])
        for index in range(3):
            sheet.append(
                ["2026-03-15", "Cheque" if index == 0 else None, f"R{index}", 5, "x"]
            )
        sheet.merge_cells("B2:B4")
        sheet.merge_cells("E2:E3")
        result = parse_file(save(workbook), "r.xlsx")
        self.assertEqual([row.row_number for row in result.rows], [2])
        self.assertEqual([error.cell for error in result.errors], ["B3", "B4"])
        self.assertEqual(
            result.errors[0].message,
            "B3: Payment Method is empty because the cell is merged (B2:B4; only B2 keeps "
            "the value); unmerge the cells and fill in every row",
        )
        self.assertTrue(all(error.structural for error in result.errors))

    def test_plain_row_errors_are_not_structural(self):
        result = parse_file(xlsx(HEADER, [None, "Cash", "R", "12,5O"]), "r.xlsx")
        self.assertEqual(len(result.errors), 2)
        self.assertFalse(any(error.structural for error in result.errors))

    def test_required_cells(self):
        content = xlsx(HEADER, [None, "Cash", "R", "  "])
        result = parse_file(content, "r.xlsx")
        self.assertEqual(
            self.messages(result),
            ["A2: Receipt Date is required", "D2: Receipt Amount is required"],
        )
        self.assertEqual(result.errors[0].raw["Receipt Reference"], "R")
        self.assertEqual(result.rows, [])

    def test_empty_payment_method_is_not_an_error(self):
        content = xlsx(
            HEADER, ["2026-03-15", None, "R", 5], ["2026-03-15", " ", "S", 6]
        )
        result = parse_file(content, "r.xlsx")
        self.assertEqual(self.messages(result), [])
        self.assertEqual(
            [row.values["payment_method"] for row in result.rows], [None, None]
        )
        self.assertEqual(result.rows[1].raw["Payment Method"], " ")

    def test_empty_rows_are_skipped(self):
        content = xlsx(
            HEADER,
            [None, None, None, None],
            ["2026-03-15", "Cash", "R", 5],
            ["", " ", None, None],
            [None],
            ["2026-03-16", "Cash", "R", 6],
        )
        result = parse_file(content, "r.xlsx")
        self.assertEqual([row.row_number for row in result.rows], [3, 6])
        self.assertEqual(result.total_rows, 2)
        self.assertEqual(result.errors, [])

    def test_all_errors_of_a_row_are_reported(self):
        content = xlsx(HEADER, ["31/02/2026", None, '=A2&"x"', "12,5O"])
        result = parse_file(content, "r.xlsx")
        self.assertEqual([error.cell for error in result.errors], ["A2", "C2", "D2"])
        self.assertEqual(result.total_rows, 1)

    def test_amount_error_message(self):
        rows = [["2026-03-15", "Cash", "R", 5]] * 5 + [
            ["2026-03-15", "Cash", "R", "12,5O"]
        ]
        result = parse_file(xlsx(HEADER, *rows), "r.xlsx")
        self.assertEqual(self.messages(result), ['D7: "12,5O" is not an amount'])
        self.assertEqual(result.errors[0].cell, "D7")
        self.assertEqual(result.errors[0].row_number, 7)

    def test_date_error_messages(self):
        content = xlsx(
            HEADER,
            ["2026-03-15", "Cash", "R", 5],
            ["2026-03-15", "Cash", "R", 5],
            ["31/02/2026", "Cash", "R", 5],
            ["03/15/2026", "Cash", "R", 5],
            [True, "Cash", "R", 5],
        )
        self.assertEqual(
            self.messages(parse_file(content, "r.xlsx")),
            [
                'A4: "31/02/2026" is not a date',
                'A5: "03/15/2026" is not a date (dates are read as day/month/year)',
                'A6: "TRUE" is not a date',
            ],
        )

    def test_dates_in_a_workbook(self):
        content = xlsx(
            HEADER,
            [46096, "Cash", "R", 5],
            [datetime(2026, 3, 15, 10, 30), "Cash", "R", 5],
            ["15.03.26", "Cash", "R", 5],
            ["03/15/2026", "Cash", "R", 5],
        )
        result = parse_file(content, "r.xlsx", date_order="MDY")
        self.assertEqual(
            [row.values["date"] for row in result.rows], [date(2026, 3, 15)] * 3
        )
        self.assertEqual(
            self.messages(result),
            ['A4: "15.03.26" is not a date (dates are read as month/day/year)'],
        )

    def test_1904_date_system(self):
        workbook = Workbook()
        workbook.epoch = datetime(1904, 1, 1)
        workbook.active.append(HEADER)
        workbook.active.append([44634, "Cash", "R", 5])
        result = parse_file(save(workbook), "r.xlsx")
        self.assertEqual(result.rows[0].values["date"], date(2026, 3, 15))


class TestParseDate(unittest.TestCase):
    def test_accepted_forms(self):
        cases = {
            "2026-03-15": date(2026, 3, 15),
            "2026/3/5": date(2026, 3, 5),
            "20260315": date(2026, 3, 15),
            "2026-03-15 10:30:00": date(2026, 3, 15),
            "2026-03-15T10:30": date(2026, 3, 15),
            "15/03/2026": date(2026, 3, 15),
            "15.03.2026": date(2026, 3, 15),
            "15-03-2026": date(2026, 3, 15),
            "5/3/26": date(2026, 3, 5),
            "01/01/99": date(1999, 1, 1),
            "15/03/2026 09:00 AM": date(2026, 3, 15),
            "15-Mar-2026": date(2026, 3, 15),
            "15 March 26": date(2026, 3, 15),
            "Mar 15, 2026": date(2026, 3, 15),
            "September 1st, 2026": date(2026, 9, 1),
            "46096": date(2026, 3, 15),
            46096: date(2026, 3, 15),
            46096.75: date(2026, 3, 15),
            1: date(1900, 1, 1),
            61: date(1900, 3, 1),
            datetime(2026, 3, 15, 23, 59): date(2026, 3, 15),
            date(2026, 3, 15): date(2026, 3, 15),
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertEqual(parse_date(value), expected)

    def test_date_order(self):
        self.assertEqual(parse_date("03/04/2026", "DMY"), date(2026, 4, 3))
        self.assertEqual(parse_date("03/04/2026", "MDY"), date(2026, 3, 4))
        self.assertEqual(parse_date("03/15/2026", "MDY"), date(2026, 3, 15))
        self.assertEqual(parse_date("2026-03-04", "MDY"), date(2026, 3, 4))

    def test_refused_values(self):
        for value in (
            "31/02/2026",
            "03/15/2026",
            "2026",
            "tomorrow",
            "",
            "15/03",
            0,
            -5,
            3e7,
            True,
            None,
        ):
            with self.subTest(value=value), self.assertRaises(ValueError):
                parse_date(value, "DMY")


class TestParseAmount(unittest.TestCase):
    def test_accepted_forms(self):
        cases = {
            "1234.50": Decimal("1234.50"),
            "1,234.50": Decimal("1234.50"),
            "$1,234.50": Decimal("1234.50"),
            "USD 1,234.50": Decimal("1234.50"),
            "1,234.50 EUR": Decimal("1234.50"),
            "£12": Decimal("12"),
            "R$ 12.10": Decimal("12.10"),
            "1 234.50": Decimal("1234.50"),
            "1\u00a0234.50": Decimal("1234.50"),
            "1'234.50": Decimal("1234.50"),
            "1,23,456.00": Decimal("123456.00"),
            "(12.00)": Decimal("-12.00"),
            "($12.00)": Decimal("-12.00"),
            "-12.00": Decimal("-12.00"),
            "\u221212.00": Decimal("-12.00"),
            "-$12.00": Decimal("-12.00"),
            "12.00-": Decimal("-12.00"),
            "+5": Decimal("5"),
            ".5": Decimal("0.5"),
            "0": Decimal("0"),
            " 7 ": Decimal("7"),
            12: Decimal("12"),
            12.5: Decimal("12.5"),
            0.1 + 0.2: Decimal("0.3"),
            Decimal("3.10"): Decimal("3.10"),
        }
        for value, expected in cases.items():
            with self.subTest(value=value):
                self.assertEqual(parse_amount(value), expected)

    def test_comma_decimal_point(self):
        cases = {
            "€ 1.234,50": Decimal("1234.50"),
            "1.234,50 €": Decimal("1234.50"),
            "1 234,50": Decimal("1234.50"),
            "1\u202f234,50": Decimal("1234.50"),
            "1234,5": Decimal("1234.5"),
            "-1.234": Decimal("-1234"),
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(parse_amount(text, ",", "."), expected)
        self.assertEqual(parse_amount("1 234,50", ",", " "), Decimal("1234.50"))

    def test_refused_values(self):
        for value in (
            "12,5O",
            "12,50",
            "1,2345.00",
            "1.234,50",
            "--12",
            "(-12)",
            "12-3",
            "-",
            "$",
            "",
            "1e5",
            "#N/A",
            "12 OO",
            "125OOO",
            True,
            None,
            float("nan"),
            date(2026, 1, 1),
        ):
            with self.subTest(value=value), self.assertRaises(ValueError):
                parse_amount(value)
        with self.assertRaises(ValueError):
            parse_amount("1234.50", decimal_point=",", thousands_sep=".")


class TestDuplicateKey(unittest.TestCase):
    def test_folds_payer_and_reference_and_compares_amounts(self):
        imported = {
            "payer": "ACME Ltd.",
            "reference": "CHQ 001",
            "amount": Decimal("12.50"),
        }
        manual = {"payer": "acme ltd", "reference": "chq-001", "amount": 12.5}
        self.assertEqual(duplicate_key(imported), duplicate_key(manual))
        self.assertEqual(
            duplicate_key(imported), ("acmeltd", "chq001", Decimal("12.5"))
        )
        other = dict(manual, amount=12.51)
        self.assertNotEqual(duplicate_key(imported), duplicate_key(other))
        self.assertEqual(duplicate_key(imported, 0.1), duplicate_key(other, 0.1))

    def test_missing_values(self):
        self.assertEqual(duplicate_key({}), ("", "", None))


if __name__ == "__main__":
    unittest.main()
