import io
import re
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

POT = Path(__file__).resolve().parent.parent / "i18n" / "account_payment_batch.pot"
MSGID = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)', re.MULTILINE)


def msgids(text):
    """The set of message ids of a .po/.pot text, continuation lines joined."""
    return {
        first + "".join(line[1:-1] for line in rest.splitlines())
        for first, rest in MSGID.findall(text)
    } - {""}


@tagged("post_install", "-at_install")
class TestTranslationTemplate(TransactionCase):
    def test_the_template_is_up_to_date(self):
        buffer = io.BytesIO()
        trans_export(None, ["account_payment_batch"], buffer, "po", self.env)
        exported = msgids(buffer.getvalue().decode())
        committed = msgids(POT.read_text(encoding="utf-8"))
        self.assertGreater(len(exported), 500)
        missing, stale = exported - committed, committed - exported
        self.assertFalse(
            missing or stale,
            f"i18n/account_payment_batch.pot is stale: run make pot "
            f"({len(missing)} strings missing, e.g. {sorted(missing)[:3]}; "
            f"{len(stale)} no longer used, e.g. {sorted(stale)[:3]})",
        )
