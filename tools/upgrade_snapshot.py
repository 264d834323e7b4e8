#!/usr/bin/env python3
"""What an upgrade must keep: a digest of the addon's data in one database.

Usage::

    upgrade_snapshot.py DATABASE OUT.json
    upgrade_snapshot.py DATABASE OUT.json --compare BEFORE.json

For every table of the models the addon defines or extends (not wizards), and for the batch
receipts (``account_payment`` rows with a batch), their journal items and the
invoices they were allocated to: the number of rows, the sum of every numeric
column, and a digest of every other column, rows in id order. ``--compare``
reads the snapshot taken before an upgrade and reports each table or column
whose figures differ; columns the upgrade added are not compared, columns it
removed are reported. The connection comes from the PG* environment variables.
Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys

import psycopg2
from psycopg2 import sql

MODULE = "account_payment_batch"
# Columns any write changes; an upgrade that rewrites a record with the same
# values is not a loss.
SKIPPED_COLUMNS = {"write_date", "write_uid"}
NUMERIC_TYPES = {"numeric", "integer", "bigint", "smallint", "double precision", "real"}

# Odoo tables, limited to the rows the addon's records reach.
RELATED_ROWS = {
    "account_payment": "batch_id IS NOT NULL",
    "account_move_line": "move_id IN (SELECT move_id FROM account_payment"
    " WHERE batch_id IS NOT NULL AND move_id IS NOT NULL)",
    "account_move": "id IN (SELECT l.move_id FROM account_move_line l"
    " JOIN account_payment_allocation a ON a.move_line_id = l.id)",
}


def addon_tables(cr):
    cr.execute(
        """
        SELECT m.model
          FROM ir_model m
          JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
         WHERE d.module = %s AND NOT m.transient
        """,
        [MODULE],
    )
    tables = []
    for (model,) in cr.fetchall():
        table = model.replace(".", "_")
        cr.execute("SELECT to_regclass(%s)", [table])
        if cr.fetchone()[0]:
            tables.append(table)
    return sorted(tables)


def columns(cr, table):
    cr.execute(
        """
        SELECT column_name, data_type
          FROM information_schema.columns
         WHERE table_name = %s AND table_schema = current_schema()
         ORDER BY column_name
        """,
        [table],
    )
    return [(name, kind) for name, kind in cr.fetchall() if name not in SKIPPED_COLUMNS]


def table_figures(cr, table, where):
    figures = {}
    cols = columns(cr, table)
    selects = [sql.SQL("count(*)")]
    names = ["rows"]
    for name, kind in cols:
        column = sql.Identifier(name)
        if kind in NUMERIC_TYPES:
            selects.append(sql.SQL("coalesce(sum({})::text, '')").format(column))
        else:
            selects.append(
                sql.SQL(
                    "md5(coalesce(string_agg({}::text, '|' ORDER BY id), ''))"
                ).format(column)
            )
        names.append(name)
    query = sql.SQL("SELECT {} FROM {} WHERE {}").format(
        sql.SQL(", ").join(selects), sql.Identifier(table), sql.SQL(where)
    )
    cr.execute(query)
    for name, value in zip(names, cr.fetchone(), strict=True):
        figures[name] = value
    return figures


def snapshot(dbname):
    connection = psycopg2.connect(dbname=dbname)
    try:
        with connection.cursor() as cr:
            tables = dict.fromkeys(addon_tables(cr), "true")
            tables.update(RELATED_ROWS)
            return {
                table: table_figures(cr, table, where)
                for table, where in sorted(tables.items())
            }
    finally:
        connection.close()


def compare(before, after):
    """The differences, one line each; empty when the data was kept."""
    problems = []
    for table, figures in before.items():
        if table not in after:
            problems.append(f"{table}: table gone")
            continue
        for column, value in figures.items():
            if column not in after[table]:
                problems.append(f"{table}.{column}: column gone")
            elif after[table][column] != value:
                problems.append(
                    f"{table}.{column}: {value} before, {after[table][column]} after"
                )
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("database")
    parser.add_argument("out")
    parser.add_argument("--compare", metavar="BEFORE")
    args = parser.parse_args(argv)
    figures = snapshot(args.database)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(figures, out, indent=1, sort_keys=True)
    rows = {table: values["rows"] for table, values in figures.items()}
    print(
        f"[upgrade] {args.database}: " + ", ".join(f"{t} {n}" for t, n in rows.items())
    )
    if not args.compare:
        return 0
    with open(args.compare, encoding="utf-8") as handle:
        before = json.load(handle)
    problems = compare(before, figures)
    for problem in problems:
        print(f"[upgrade] changed: {problem}")
    compared = sum(len(values) for values in before.values())
    if problems:
        print(f"[upgrade] FAILED: {len(problems)} of {compared} figures changed")
        return 1
    print(f"[upgrade] ok: {compared} figures of {len(before)} tables unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
