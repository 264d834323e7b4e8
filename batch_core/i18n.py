"""Messages for the Odoo layer to translate.

``batch_core`` has no Odoo, yet its messages reach users: a refused file, a
rejected row, a receipt that keeps a batch from closing. They are built with
``_()`` from this module::

    from .i18n import _
    raise SpreadsheetError(_("Row %(row)s is empty.", row=5))

``_()`` returns the English text, a ``str`` like any other (tests, logs and
callers without Odoo read it as before), that also keeps its template and
values. Odoo's translation exporter collects the templates into the addon's
``.pot`` (it reads every ``_("...")`` call of the addon's Python files), and
the Odoo layer (``models/batch_core_text.py``) looks each template up in the
user's language and fills in the values, translating those that are such
texts themselves. ``join()`` keeps a list of texts translatable.

Templates take named values only (``%(name)s``), as Odoo's own do; a value
that is a number to show with separators is formatted by the caller.
"""


class Text(str):
    """English text that remembers how it was made.

    ``template`` is the untranslated template with ``%(name)s`` places,
    ``values`` what fills them (plain values, texts, or lists of them);
    ``parts`` and ``separator`` are set instead for a joined list of texts.
    """

    template = None
    values = None
    parts = None
    separator = None

    def __new__(cls, english, template=None, values=None, parts=None, separator=None):
        text = super().__new__(cls, english)
        text.template = template
        text.values = values or {}
        text.parts = parts
        text.separator = separator
        return text

    def __reduce__(self):
        # Plain text when pickled or copied: the template is for display only.
        return (str, (str(self),))


def _english(value):
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


def _(template, /, **values):
    """The English text of ``template`` filled with ``values``, translatable."""
    english = (
        template % {k: _english(v) for k, v in values.items()} if values else template
    )
    return Text(english, template=template, values=values)


def join(separator, parts):
    """``separator.join(parts)`` that stays translatable part by part."""
    parts = list(parts)
    return Text(separator.join(parts), parts=parts, separator=separator)


def translate(text, lookup):
    """Translate ``text`` with ``lookup(template) -> translated template``.

    Values and parts that are texts are translated the same way; anything
    else is shown as it is. A translated template that does not fit its
    values (a translator's mistake) falls back to the English text.
    """
    if not isinstance(text, Text):
        return text
    if text.parts is not None:
        return text.separator.join(str(translate(part, lookup)) for part in text.parts)
    values = {}
    for name, value in text.values.items():
        if isinstance(value, list | tuple):
            values[name] = ", ".join(str(translate(item, lookup)) for item in value)
        else:
            values[name] = translate(value, lookup)
    translated = lookup(text.template)
    if not values:
        return translated
    try:
        return translated % values
    except (KeyError, TypeError, ValueError):
        return str(text)
