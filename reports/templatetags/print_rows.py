"""``{% print_rows 19 step.text 20 step.progress.output as rows %}``: a table row of the print
templates cut into continuation rows (see ``reports.documents.typeset.split_text``).

The arguments are pairs: a column's width (per cent of a landscape page's text width, as in
print.css) and its text. ``rows`` is a list of rows, each a list of the columns' pieces (""
where a column has no more); one row when every text is short. Texts come back in Thai digits
(``ita_portal.thai.thai_digits``, which leaves URLs and codes alone), cut after the digits are
written, so that a URL is never cut and always recognised whole.

``{{ name|name_parts }}``: a person's name that a line never breaks inside a word of.
"""

from itertools import zip_longest

from django import template
from django.utils.html import format_html_join

from ita_portal import thai
from reports.documents.typeset import split_text

register = template.Library()

# Characters of Laksaman at 10.6 pt in one per cent of a landscape page's 26.2 cm of text,
# times the lines a piece may take. Measured on the hostile test's text (Thai with spaces, a
# URL): about 4.5 characters a centimetre of column. Eight lines, about a quarter of a page: a
# page ends at most that much empty where the next piece did not fit.
CHARACTERS_PER_PERCENT = 26.2 / 100 * 4.5 * 8


@register.simple_tag
def print_rows(*pairs):
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("print_rows takes pairs: width, text")
    columns = []
    for width, text in zip(pairs[::2], pairs[1::2], strict=True):
        limit = max(60, int(float(width) * CHARACTERS_PER_PERCENT))
        columns.append(split_text(thai.thai_digits(text or ""), limit) or [""])
    return [list(row) for row in zip_longest(*columns, fillvalue="")]


@register.filter
def name_parts(value):
    """A person's name with each of its words in a nowrap span ("นางชาริต้า" "เต็นหลี"): a
    line may break between the words of a name, never inside one."""
    words = str(value or "").split()
    return format_html_join(" ", '<span class="nowrap">{}</span>', ((word,) for word in words))


@register.filter
def evidence_groups(evidence):
    """The evidence by measure (``reports.documents.content.evidence_groups``)."""
    from reports.documents.content import evidence_groups as groups

    return groups(evidence)


@register.filter
def rank_and_name(value):
    """(rank, name) of a signer (``reports.documents.content.split_rank``)."""
    from reports.documents.content import split_rank

    return split_rank(str(value or ""))
