"""Sample bank files for tests: camt.054 notifications and BAI2 files.

Each builder takes a few plain dicts and returns the file's bytes, laid out
the way banks write them (element order of the ISO schemas; BAI2 record
counts and control totals that the bai2 package accepts).

A camt.054 entry is a dict with any of:

* ``amount`` (``Ntry/Amt``; default: the sum of the details' amounts, else
  "100.00"), ``currency`` (its ``Ccy``; default: the account's),
  ``debit`` (True: DBIT), ``status`` ("BOOK"), ``booking_date``,
  ``booking_datetime``, ``value_date``, ``entry_ref`` (``AcctSvcrRef``),
  ``info`` (``AddtlNtryInf``);
* ``details``: a list of transaction-detail dicts; without this key the
  entry's own dict makes its one detail (without an amount of its own), and
  ``details=[]`` gives an entry without details.

A transaction detail is a dict with any of: ``amount`` (``TxDtls/Amt``; in
version 02, which has none, ``AmtDtls/TxAmt/Amt``), ``tx_amount``
(``AmtDtls/TxAmt/Amt``), ``currency``, ``debit`` (its own ``CdtDbtInd``),
``payer``, ``ultimate_payer``, ``creditor``, ``cheque``, ``end_to_end``,
``tx_id``, ``bank_ref``, ``invoices`` (list), ``texts`` (list of
``Ustrd``), ``tx_info`` (``AddtlTxInf``).
"""

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

CAMT054_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.{:02d}"
DETAIL_KEYS = (
    "payer",
    "ultimate_payer",
    "creditor",
    "cheque",
    "end_to_end",
    "tx_id",
    "bank_ref",
    "invoices",
    "texts",
    "tx_info",
)


def _el(name, content, **attributes):
    """One element; ``content`` is text (escaped) or a list of elements."""
    if content is None:
        return ""
    attrs = "".join(
        f" {key}={quoteattr(str(value))}" for key, value in attributes.items()
    )
    if isinstance(content, list):
        inner = "".join(content)
    else:
        inner = escape(str(content))
    return f"<{name}{attrs}>{inner}</{name}>"


def _party(version, name):
    if name is None:
        return None
    return [_el("Pty", [_el("Nm", name)])] if version >= 8 else [_el("Nm", name)]


def _detail(version, detail, currency):
    amount, tx_amount = detail.get("amount"), detail.get("tx_amount")
    if version == 2 and amount is not None and tx_amount is None:
        amount, tx_amount = None, amount
    ccy = detail.get("currency", currency)
    refs = [
        _el("AcctSvcrRef", detail.get("bank_ref")),
        _el("EndToEndId", detail.get("end_to_end")),
        _el("TxId", detail.get("tx_id")),
        _el("ChqNb", detail.get("cheque")),
    ]
    parties = [
        _el("Dbtr", _party(version, detail.get("payer"))),
        _el("Cdtr", _party(version, detail.get("creditor"))),
        _el("UltmtDbtr", _party(version, detail.get("ultimate_payer"))),
    ]
    remittance = [_el("Ustrd", text) for text in detail.get("texts", ())]
    if detail.get("invoices"):
        documents = [
            _el(
                "RfrdDocInf",
                [_el("Tp", [_el("CdOrPrtry", [_el("Cd", "CINV")])]), _el("Nb", number)],
            )
            for number in detail["invoices"]
        ]
        remittance.append(_el("Strd", documents))
    side = None
    if "debit" in detail and version >= 3:
        side = "DBIT" if detail["debit"] else "CRDT"
    return _el(
        "TxDtls",
        [
            _el("Refs", refs) if any(refs) else "",
            _el("Amt", amount, Ccy=ccy),
            _el("CdtDbtInd", side),
            _el("AmtDtls", [_el("TxAmt", [_el("Amt", tx_amount, Ccy=ccy)])])
            if tx_amount is not None
            else "",
            _el("RltdPties", parties) if any(parties) else "",
            _el("RmtInf", remittance) if remittance else "",
            _el("AddtlTxInf", detail.get("tx_info")),
        ],
    )


def _entry(version, entry, currency):
    if "details" in entry:
        details = entry["details"]
    else:
        details = [{key: entry[key] for key in DETAIL_KEYS if key in entry}]
    amount = entry.get("amount")
    if amount is None:
        amounts = [Decimal(str(d["amount"])) for d in details if "amount" in d]
        amount = f"{sum(amounts):.2f}" if amounts else "100.00"
    status = entry.get("status", "BOOK")
    booking = [_el("Dt", entry.get("booking_date", "2026-03-15"))]
    if "booking_datetime" in entry:
        booking = [_el("DtTm", entry["booking_datetime"])]
    return _el(
        "Ntry",
        [
            _el("Amt", amount, Ccy=entry.get("currency", currency)),
            _el("CdtDbtInd", "DBIT" if entry.get("debit") else "CRDT"),
            _el("Sts", [_el("Cd", status)] if version >= 8 else status),
            _el("BookgDt", booking)
            if entry.get("booking_date", "") is not None
            else "",
            _el("ValDt", [_el("Dt", entry["value_date"])])
            if "value_date" in entry
            else "",
            _el("AcctSvcrRef", entry.get("entry_ref")),
            _el("BkTxCd", [_el("Prtry", [_el("Cd", "NTRF")])]),
            _el("NtryDtls", [_detail(version, d, currency) for d in details])
            if details
            else "",
            _el("AddtlNtryInf", entry.get("info")),
        ],
    )


def _notification(version, number, notification):
    currency = notification.get("currency", "USD")
    if notification.get("other_id"):
        account_id = _el("Othr", [_el("Id", notification["other_id"])])
    else:
        account_id = _el("IBAN", notification.get("iban", "DE89370400440532013000"))
    return _el(
        "Ntfctn",
        [
            _el("Id", f"NTF-{number}"),
            _el("CreDtTm", "2026-03-16T08:00:00"),
            _el("Acct", [_el("Id", [account_id]), _el("Ccy", currency)]),
            *(_entry(version, entry, currency) for entry in notification["entries"]),
        ],
    )


def camt054(
    version=8,
    entries=(),
    *,
    iban="DE89370400440532013000",
    other_id=None,
    currency="USD",
    notifications=None,
    prolog="",
):
    """Return a camt.054 file of ``version`` (2 to 8) as bytes.

    One notification of account ``iban`` (or ``other_id``) in ``currency``
    holding ``entries``; or ``notifications``, a list of dicts with keys
    ``entries``, ``iban``, ``other_id`` and ``currency``. ``prolog`` goes
    between the XML declaration and the root element.
    """
    if notifications is None:
        notifications = [
            {
                "entries": entries,
                "iban": iban,
                "other_id": other_id,
                "currency": currency,
            }
        ]
    body = _el(
        "BkToCstmrDbtCdtNtfctn",
        [
            _el(
                "GrpHdr", [_el("MsgId", "MSG-1"), _el("CreDtTm", "2026-03-16T08:00:00")]
            ),
            *(
                _notification(version, number, notification)
                for number, notification in enumerate(notifications, start=1)
            ),
        ],
    )
    namespace = CAMT054_NAMESPACE.format(version)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'{prolog}<Document xmlns="{namespace}">{body}</Document>\n'
    ).encode()


# ---------------------------------------------------------------------------
# BAI2


def _bai2_detail(detail):
    text = detail.get("text")
    head = (
        f"16,{detail.get('type', '115')},{detail['amount']},{detail.get('funds', 'Z')},"
        f"{detail.get('bank_ref', '')},{detail.get('customer_ref', '')}"
    )
    lines = [f"{head},{text}" if text else head + "/"]
    lines += [f"88,{more}" for more in detail.get("more", ())]
    return lines


def bai2(
    accounts=(),
    *,
    as_of="260315",
    created="260316",
    group_currency="USD",
    group_status="1",
    wrong_total=None,
):
    """Return a BAI2 file of one group as bytes.

    :param accounts: dicts with ``number``, ``currency`` (None: the group's)
        and ``details``, each a dict with ``type`` (BAI type code, "115"),
        ``amount`` (whole minor units), ``funds`` ("Z"), ``bank_ref``,
        ``customer_ref``, ``text`` and ``more`` (texts of 88 records)
    :param as_of: the group's as-of date (YYMMDD), "" for none
    :param created: the file's creation date (YYMMDD)
    :param group_status: "1" update, "2" deletion, "3" correction, "4" test only
    :param wrong_total: "account", "group" or "file": that control total is
        written one cent too high
    """
    extra = {"account": 0, "group": 0, "file": 0}
    if wrong_total:
        extra[wrong_total] = 1
    group_lines, group_total = [], 0
    for account in accounts:
        lines = [f"03,{account['number']},{account.get('currency') or ''}/"]
        total = 0
        for detail in account.get("details", ()):
            lines += _bai2_detail(detail)
            total += detail["amount"]
        total += extra["account"]
        lines.append(f"49,{total},{len(lines) + 1}/")
        group_lines += lines
        group_total += total
    group_lines.insert(
        0, f"02,CUSTID,BANKID,{group_status},{as_of},0000,{group_currency},2/"
    )
    group_lines.append(
        f"98,{group_total + extra['group']},{len(accounts)},{len(group_lines) + 1}/"
    )
    lines = [f"01,BANKID,CUSTID,{created},0800,FILE1,,,2/", *group_lines]
    lines.append(
        f"99,{group_total + extra['group'] + extra['file']},1,{len(lines) + 1}/"
    )
    return ("\n".join(lines) + "\n").encode()
