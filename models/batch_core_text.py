"""Texts of :mod:`batch_core` in the user's language.

``batch_core`` builds its messages with :func:`batch_core.i18n._` (English
text that keeps its template); Odoo's exporter puts the templates into the
addon's ``.pot`` with every other ``_()`` string. Here they are looked up in
the addon's code translations for the environment's language, like Odoo's own
``env._()`` does for the addon's Python files.
"""

from odoo.tools.translate import get_translation

from ..batch_core.i18n import translate

MODULE = "account_payment_batch"


def core_text(env, text):
    """``text`` (a batch_core text, or any string) in ``env``'s language."""
    if text is None:
        return None
    lang = env.lang or "en_US"
    if lang != "en_US":
        text = translate(
            text, lambda template: get_translation(MODULE, lang, template, ())
        )
    return str(text)
