"""Mutation fuzzing of real receipt files: truncated, bit-flipped, spliced.

Whatever is done to the template workbook, an .xls workbook or a CSV file,
the reader returns rows or raises SpreadsheetError, nothing else, and
quickly. ``make test`` runs a fixed, seeded set (``APB_MUTATIONS``, 300 per
file); ``make fuzz`` runs as many as asked.
"""

import io
import os
import random
import time
import unittest
import zipfile
from datetime import date

from batch_core.spreadsheet import COLUMNS, SpreadsheetError, parse_file
from batch_core.template import build_template

from .test_spreadsheet import xls, xlsx

MUTATIONS = int(os.environ.get("APB_MUTATIONS", "300"))
SEED = int(os.environ.get("APB_MUTATION_SEED", "20261123"))
#: One damaged file must be refused (or read) within this many seconds.
TIME_BOUND = 5.0

HEADER = [column.label for column in COLUMNS]
ROW = [date(2026, 3, 1), "Manual", "CHQ-1", 125.5, "March", "Jane Importer"]


def originals():
    csv_text = ",".join(HEADER) + "\n" + "2026-03-01,Manual,CHQ-1,125.50,March,Jane\n"
    return {
        # The template as downloaded (no data rows: refused whole, as it should).
        "template.xlsx": build_template(payment_methods=("Manual",)),
        "receipts.xlsx": xlsx(HEADER, ROW, ROW),
        "receipts.xls": xls(HEADER, ROW, ROW),
        "receipts.csv": csv_text.encode() * 3,
    }


def mutate(content, other, rng):
    """One damaged copy of ``content``: truncated, bit-flipped or spliced."""
    how = rng.choice(("truncate", "flip", "flip", "splice", "zero"))
    data = bytearray(content)
    if how == "truncate":
        return bytes(data[: rng.randrange(len(data))])
    if how == "flip":
        for _i in range(rng.randint(1, 16)):
            position = rng.randrange(len(data))
            data[position] ^= 1 << rng.randrange(8)
        return bytes(data)
    if how == "zero":
        start = rng.randrange(len(data))
        end = min(len(data), start + rng.randint(1, 512))
        data[start:end] = bytes(end - start)
        return bytes(data)
    cut = rng.randrange(len(data))
    return bytes(data[:cut]) + other[rng.randrange(len(other)) :]


def mutate_part(content, rng):
    """A workbook whose archive is sound but one of its parts is damaged.

    A damaged archive fails its CRC check before any XML is read; this
    reaches the XML parsers and openpyxl's readers instead.
    """
    source = zipfile.ZipFile(io.BytesIO(content))
    names = source.namelist()
    victim = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = source.read(name)
            target.writestr(name, mutate(data, data, rng) if name == victim else data)
    return out.getvalue()


class TestMutatedFiles(unittest.TestCase):
    def test_damaged_files_raise_only_spreadsheet_errors(self):
        rng = random.Random(SEED)
        files = originals()
        names = list(files)
        for name, content in files.items():
            if name != "template.xlsx":
                parse_file(content, name)  # the original reads
            for index in range(MUTATIONS):
                other = files[rng.choice(names)]
                if name.endswith(".xlsx") and index % 2:
                    damaged = mutate_part(content, rng)
                else:
                    damaged = mutate(content, other, rng)
                start = time.monotonic()
                try:
                    parse_file(damaged, name)
                except SpreadsheetError:
                    pass
                except Exception as exc:  # noqa: BLE001 - the finding itself
                    self.fail(
                        f"{name}, mutation {index} (seed {SEED}): "
                        f"{type(exc).__name__}: {exc}"
                    )
                elapsed = time.monotonic() - start
                self.assertLess(
                    elapsed, TIME_BOUND, f"{name}, mutation {index} took {elapsed:.1f}s"
                )
