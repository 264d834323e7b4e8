"""Read ISO 20022 camt.054 bank notifications into receipt rows.

A camt.054 file (BankToCustomerDebitCreditNotification) lists, for each
notified account (``Ntfctn``), the entries booked on it (``Ntry``), each
with the transactions it groups (``NtryDtls/TxDtls``). Versions 02 to 08
are read, recognised by the namespace
``urn:iso:std:iso:20022:tech:xsd:camt.054.001.0N``.

One receipt per transaction detail; an entry without details gives one
receipt from the entry itself. Per receipt:

* amount: ``TxDtls/Amt``, else ``TxDtls/AmtDtls/TxAmt/Amt``, else
  ``Ntry/Amt`` when the entry has at most one detail; signed by
  ``CdtDbtInd`` (of the detail, else of the entry): CRDT positive, DBIT
  negative. Its ``Ccy`` is the receipt's currency (else the account's);
* date: ``Ntry/BookgDt`` (``Dt``, or the date of ``DtTm``), else ``ValDt``;
* payer: the counterparty's name: the debtor of a credit
  (``RltdPties/Dbtr/Nm``, ``Dbtr/Pty/Nm`` from version 08), else the
  ultimate debtor (``UltmtDbtr``); the creditor of a debit likewise;
* reference: ``Refs/ChqNb``, else ``Refs/EndToEndId`` unless it is
  "NOTPROVIDED", else ``Refs/TxId``, ``Refs/AcctSvcrRef``,
  ``Ntry/AcctSvcrRef``;
* invoice_number: the ``RmtInf/Strd/RfrdDocInf/Nb`` numbers joined with
  ", " (in file order, each once);
* description: the ``RmtInf/Ustrd`` texts joined with " ", else
  ``AddtlTxInf``, else ``Ntry/AddtlNtryInf``.

Entries whose status (``Sts``, ``Sts/Cd`` from version 08) is not BOOK are
not receipts yet: they are reported as errors, like an entry without a
readable amount or date. The accounts are ``Ntfctn/Acct/Id/IBAN`` (else
``Othr/Id``) and their currency ``Ntfctn/Acct/Ccy``.

The file is streamed with lxml's ``iterparse`` and each entry is dropped
once read, so memory does not grow with the file. No entity is expanded, no
DTD or network is read, and a document declaring a DOCTYPE is refused.
"""

import io
import re
from collections import deque
from datetime import date
from decimal import Decimal

from .bank_rows import BankRows, clean_text
from .cells import shorten
from .i18n import _
from .sheet_formats import SpreadsheetError

ISO_PREFIX = "urn:iso:std:iso:20022:tech:xsd:"
CAMT054 = "camt.054.001."
VERSIONS = range(2, 9)
_MESSAGES = {
    "camt.052": _("bank-to-customer account report"),
    "camt.053": _("bank-to-customer statement"),
    "camt.054": _("bank-to-customer debit/credit notification"),
    "pacs.002": _("payment status report"),
    "pacs.008": _("interbank customer credit transfer"),
    "pain.001": _("customer credit transfer initiation"),
    "pain.002": _("customer payment status report"),
    "pain.008": _("customer direct debit initiation"),
}
_AMOUNT = re.compile(r"\d{1,18}(?:\.\d{1,5})?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _iterparse(content, **kwargs):
    from lxml import etree

    return etree.iterparse(io.BytesIO(content), **_PARSER_OPTIONS, **kwargs)


def _xml_error(filename, exc):
    return SpreadsheetError(
        _(
            'The file "%(filename)s" is not valid XML (%(error)s). It may be '
            "incomplete or damaged: download it from the bank again.",
            filename=filename,
            error=exc.msg,
        )
    )


def read_root(content, filename):
    """Return ``(namespace, root name, first child name)`` of an XML document.

    Only the start of the document is read.

    :raises SpreadsheetError: when it is not XML or declares a DOCTYPE
    """
    from lxml import etree

    namespace, names = "", []
    try:
        for _event, elem in _iterparse(content, events=("start",)):
            if not names:
                docinfo = elem.getroottree().docinfo
                if docinfo.doctype or docinfo.internalDTD is not None:
                    raise SpreadsheetError(
                        _(
                            'The file "%(filename)s" declares a document type '
                            "(DOCTYPE). Bank files never do, and such a declaration "
                            "can make the reader fetch other files or expand text "
                            "without end: the file is refused.",
                            filename=filename,
                        )
                    )
                namespace = etree.QName(elem).namespace or ""
            names.append(etree.QName(elem).localname)
            if len(names) == 2:
                break
    except etree.XMLSyntaxError as exc:
        raise _xml_error(filename, exc) from exc
    return namespace, names[0], names[1] if len(names) > 1 else None


def describe_document(namespace, root):
    """Name an XML document for a message, e.g. "an ISO 20022 camt.053 document"."""
    if namespace.startswith(ISO_PREFIX):
        message = namespace[len(ISO_PREFIX) :]
        family = ".".join(message.split(".")[:2])
        what = _MESSAGES.get(family)
        if what:
            return _(
                "an ISO 20022 %(message)s document (%(what)s)",
                message=message,
                what=what,
            )
        return _("an ISO 20022 %(message)s document", message=message)
    if namespace:
        return _(
            'an XML document with root element "%(root)s" in namespace "%(namespace)s"',
            root=shorten(root),
            namespace=shorten(namespace, 80),
        )
    return _('an XML document with root element "%(root)s"', root=shorten(root))


def camt054_version(content, filename):
    """Return ``(namespace, version)`` of a camt.054 document.

    :raises SpreadsheetError: when the XML is not a camt.054 notification of
        a version read here
    """
    namespace, root, message = read_root(content, filename)
    if not namespace.startswith(ISO_PREFIX + CAMT054):
        raise SpreadsheetError(
            _(
                'The file "%(filename)s" is %(document)s, not a camt.054 bank '
                "notification: only camt.054 (bank-to-customer debit/credit "
                "notification) files are read.",
                filename=filename,
                document=describe_document(namespace, root),
            )
        )
    number = namespace[len(ISO_PREFIX + CAMT054) :]
    if not number.isdigit() or int(number) not in VERSIONS:
        raise SpreadsheetError(
            _(
                'The file "%(filename)s" is a camt.054 notification of version '
                '"%(version)s", which is not read: versions 02 to 08 are.',
                filename=filename,
                version=shorten(number),
            )
        )
    if root != "Document" or message != "BkToCstmrDbtCdtNtfctn":
        raise SpreadsheetError(
            _(
                'The file "%(filename)s" has the camt.054 namespace but no '
                "BkToCstmrDbtCdtNtfctn message under its Document element.",
                filename=filename,
            )
        )
    return namespace, int(number)


def _unique(texts):
    return list(dict.fromkeys(text for text in texts if text))


class _Reader:
    """Turns each entry element into receipt rows, then forgets it."""

    def __init__(self, namespace, rows):
        self.prefix = f"{{{namespace}}}"
        self.tags = {f"{self.prefix}{name}": name for name in ("Acct", "Ntry")}
        self.notification = f"{self.prefix}Ntfctn"
        self.rows = rows
        self.notifications = 0
        self.account_currency = None

    def index(self, elem, stop=()):
        """Map the path of each element under ``elem`` to those elements.

        A path is made of local names, e.g. "Refs/ChqNb"; its elements come in
        document order. Elements whose path is in ``stop`` are not entered.
        """
        found, queue, cut = {}, deque([(elem, "")]), len(self.prefix)
        while queue:
            parent, start = queue.popleft()
            for child in parent:
                tag = child.tag
                path = start + (tag[cut:] if tag.startswith(self.prefix) else tag)
                found.setdefault(path, []).append(child)
                if len(child) and path not in stop:
                    queue.append((child, path + "/"))
        return found

    @staticmethod
    def text(index, path):
        found = index.get(path)
        return clean_text(found[0].text) if found else None

    @staticmethod
    def texts(index, path):
        return [clean_text(elem.text) for elem in index.get(path, ())]

    def element(self, elem):
        """Handle the end of an ``Acct``, ``Ntry`` or ``Ntfctn`` element."""
        if elem.tag == self.notification:
            self.notifications += 1
            self.account_currency = None
            _forget(elem)
            return
        name = self.tags.get(elem.tag)
        parent = elem.getparent()
        if parent is None or parent.tag != self.notification:
            return
        if name == "Acct":
            account = self.index(elem)
            self.rows.add_account(
                self.text(account, "Id/IBAN") or self.text(account, "Id/Othr/Id")
            )
            self.account_currency = self.text(account, "Ccy")
            self.rows.add_currency(self.account_currency)
        elif name == "Ntry":
            self.entry(self.index(elem, stop=("NtryDtls/TxDtls",)))
            _forget(elem)

    def entry(self, entry):
        status = (
            self.text(entry, "Sts/Cd")
            or self.text(entry, "Sts/Prtry")
            or self.text(entry, "Sts")
        )
        problems, texts = [], {}
        if status != "BOOK":
            problems.append(
                _(
                    "status %(status)s, only booked entries are imported",
                    status=shorten(status),
                )
                if status
                else _("no status (Sts), only booked entries are imported")
            )
        day = self.entry_date(entry, problems, texts)
        for amount in entry.get("Amt", ()):
            self.rows.add_currency(amount.get("Ccy"))
        details = [self.index(elem) for elem in entry.get("NtryDtls/TxDtls", ())]
        for detail in details or [{}]:
            self.add_row(entry, detail, len(details), day, list(problems), dict(texts))

    def entry_date(self, entry, problems, texts):
        for path in ("BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm"):
            text = self.text(entry, path)
            if text:
                break
        else:
            problems.append(_("no booking date or value date (BookgDt, ValDt)"))
            return None
        match = _DATE.match(text)
        try:
            return date(*(int(part) for part in match.groups()))
        except (AttributeError, ValueError):
            problems.append(
                _('booking date "%(date)s" is not a date', date=shorten(text))
                if path.startswith("B")
                else _('value date "%(date)s" is not a date', date=shorten(text))
            )
            texts["date"] = text
            return None

    def add_row(self, entry, detail, count, day, problems, texts):
        """Add the receipt of one transaction detail (``{}`` for the entry itself)."""
        amounts = detail.get("Amt") or detail.get("AmtDtls/TxAmt/Amt")
        if not amounts and count <= 1:
            amounts = entry.get("Amt")
        side = self.text(detail, "CdtDbtInd") or self.text(entry, "CdtDbtInd")
        amount_elem = amounts[0] if amounts else None
        amount, currency = self.amount(amount_elem, side, count, problems, texts)
        numbers = _unique(self.texts(detail, "RmtInf/Strd/RfrdDocInf/Nb"))
        lines = [text for text in self.texts(detail, "RmtInf/Ustrd") if text]
        values = {
            "date": day,
            "amount": amount,
            "payer": self.payer(detail, side),
            "reference": self.reference(detail) or self.text(entry, "AcctSvcrRef"),
            "invoice_number": ", ".join(numbers) or None,
            "description": " ".join(lines)
            or self.text(detail, "AddtlTxInf")
            or self.text(entry, "AddtlNtryInf"),
        }
        self.rows.add(values, problems, texts, currency)

    def amount(self, elem, side, count, problems, texts):
        """Return ``(signed Decimal or None, currency)``; a problem when unreadable."""
        if elem is None:
            problems.append(
                _(
                    "no amount (Amt): the entry has %(count)s transaction details "
                    "and this one has no amount of its own",
                    count=count,
                )
                if count > 1
                else _("no amount (Amt)")
            )
            return None, self.account_currency
        currency = clean_text(elem.get("Ccy")) or self.account_currency
        text = clean_text(elem.text) or ""
        if not _AMOUNT.fullmatch(text):
            problems.append(
                _('amount "%(amount)s" is not a number', amount=shorten(text))
            )
        elif side not in ("CRDT", "DBIT"):
            problems.append(
                _(
                    'credit/debit indicator "%(indicator)s" is neither CRDT nor DBIT',
                    indicator=shorten(side),
                )
                if side
                else _("no credit/debit indicator (CdtDbtInd)")
            )
        else:
            amount = Decimal(text)
            return (amount if side == "CRDT" else -amount), currency
        texts["amount"] = text
        return None, currency

    def payer(self, detail, side):
        party = "Cdtr" if side == "DBIT" else "Dbtr"
        for path in (party, f"{party}/Pty", f"Ultmt{party}", f"Ultmt{party}/Pty"):
            name = self.text(detail, f"RltdPties/{path}/Nm")
            if name:
                return name
        return None

    def reference(self, detail):
        end_to_end = self.text(detail, "Refs/EndToEndId")
        if end_to_end and end_to_end.upper() == "NOTPROVIDED":
            end_to_end = None
        return (
            self.text(detail, "Refs/ChqNb")
            or end_to_end
            or self.text(detail, "Refs/TxId")
            or self.text(detail, "Refs/AcctSvcrRef")
        )


def _forget(elem):
    """Drop an element read to the end, and the siblings read before it."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def parse_camt054(content, filename="file", *, max_rows=None, decimal_point="."):
    """Read the receipts of a camt.054 file; return a :class:`ParseResult`.

    :param content: the file's bytes
    :param filename: the file's name, for messages
    :param max_rows: files with more entries are refused (default
        :data:`batch_core.receipt_files.BANK_ROW_LIMIT`)
    :param decimal_point: decimal point of the amounts in the ``raw`` texts
    :raises SpreadsheetError: when the file cannot be imported at all
    """
    from lxml import etree

    namespace, _version = camt054_version(content, filename)
    rows = BankRows("camt054", filename, max_rows, decimal_point)
    reader = _Reader(namespace, rows)
    tags = [f"{{{namespace}}}{name}" for name in ("Acct", "Ntry", "Ntfctn")]
    try:
        for _event, elem in _iterparse(content, events=("end",), tag=tags):
            reader.element(elem)
    except etree.XMLSyntaxError as exc:
        raise _xml_error(filename, exc) from exc
    if not reader.notifications:
        raise SpreadsheetError(
            _(
                'The camt.054 file "%(filename)s" holds no notification (Ntfctn): '
                "there is nothing to import.",
                filename=filename,
            )
        )
    return rows.finish(_("camt.054 file"))
