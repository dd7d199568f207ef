"""The HTML memo's stylesheet: a page that reads like a memo on screen and prints like one."""
from __future__ import annotations

STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #eceae4; color: #1b1b1a;
  font: 16px/1.55 Georgia, "DejaVu Serif", "Liberation Serif", serif; }
article { max-width: 52rem; margin: 2rem auto; padding: 2.5rem 3.5rem 2rem; background: #fff;
  box-shadow: 0 1px 5px rgba(0, 0, 0, .18); }
header, h2, th, dt, .classification, .label { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
.classification { margin: 0 0 1.4rem; text-align: center; font-size: .78rem; font-weight: 700;
  letter-spacing: .18em; text-transform: uppercase; color: #8a1111; }
footer .classification { margin: 1.6rem 0 0; }
h1 { margin: 0 0 1.1rem; font-size: 1.9rem; letter-spacing: .32em; }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.6rem; margin: 0;
  padding-bottom: 1.1rem; border-bottom: 3px double #1b1b1a; }
.fields dt { font-size: .8rem; font-weight: 700; letter-spacing: .08em; text-transform: uppercase;
  padding-top: .15rem; }
.fields dd { margin: 0; font-family: Georgia, "DejaVu Serif", serif; }
h2 { margin: 2.1rem 0 .8rem; padding-bottom: .2rem; border-bottom: 1px solid #9a968d;
  font-size: .95rem; letter-spacing: .1em; text-transform: uppercase; }
h3 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; }
h4, h5, h6 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.summary p { font-size: 1.06rem; }
table { width: 100%; border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: 700; padding-bottom: .3rem; }
th, td { padding: .45rem .55rem; border-bottom: 1px solid #d9d5cc; text-align: left; vertical-align: top; }
thead th { background: #f1efe9; border-bottom: 2px solid #1b1b1a; font-size: .72rem;
  letter-spacing: .06em; text-transform: uppercase; }
td p, th p, li p { margin: 0 0 .3rem; }
.num, .facts td:nth-child(2) { text-align: right; white-space: nowrap; }
.facts td:nth-child(2) { text-align: left; }
.key-quotes th:first-child { width: 22%; }
.key-quotes th:nth-child(2) { width: 39%; }
.label { display: block; margin-top: .2rem; color: #5b5852; font-size: .75rem; }
.missing { color: #8a1111; font-style: italic; }
.needless { color: #5b5852; font-style: italic; }
.passage-label { display: inline-block; margin-right: .35rem; padding: 0 .3rem; border-radius: 2px;
  background: #f1efe9; color: #5b5852; font: .68rem/1.5 Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  letter-spacing: .03em; vertical-align: .1em; }
.passage-label.untranslated { background: #fbeaea; color: #8a1111; }
h3 .passage-label, h4 .passage-label { font-weight: 400; }
.untranslated { color: #8a1111; font-size: .85em; }
.parallel { display: grid; grid-template-columns: 1fr 1fr; gap: .2rem 1.4rem; }
.parallel .across { grid-column: 1 / -1; }
.parallel .column-head { margin: 0; padding-bottom: .2rem; border-bottom: 1px solid #9a968d;
  font: 700 .72rem Arial, "Liberation Sans", sans-serif; letter-spacing: .06em; text-transform: uppercase; }
.parallel .original { color: #3d3b37; }
q { quotes: none; }
q::before, q::after { content: none; }
blockquote { margin: 1rem 0; padding: .1rem 1rem; border-left: 3px solid #b5ad9c; }
.fnref { line-height: 0; font-size: .72em; }
.fnref a, .back { text-decoration: none; }
.notes ol { padding-left: 1.8rem; font-size: .88rem; }
.notes li:target { background: #fff6d5; }
footer { margin-top: 2.4rem; font-size: .84rem; }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.4rem; margin: 0; }
footer dd { margin: 0; overflow-wrap: anywhere; }
a { color: #1c4f8a; }
@media print {
  body { background: none; font-size: 10.5pt; }
  article { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4, caption { break-after: avoid; }
  tr, blockquote, .fields, footer { break-inside: avoid; }
  p { orphans: 2; widows: 2; }
  thead { display: table-header-group; }
  .classification { display: none; }
}
"""


def page_style(labels: dict[str, str], classification: str | None) -> str:
    """Print rules: A4 pages numbered "Page 2 of 5", the classification at the top and bottom of each."""
    page = (f'content: {css_string(labels["page"] + " ")} counter(page) '
            f'{css_string(" " + labels["of"] + " ")} counter(pages);')
    rules = [f"@page {{ size: A4; margin: 2cm 2cm 2.2cm; @bottom-right {{ {page} font: 8pt sans-serif; }}"]
    if classification:
        for box in ("top-center", "bottom-center"):
            rules.append(f" @{box} {{ content: {css_string(classification)}; font: bold 8pt sans-serif;"
                         " letter-spacing: .15em; color: #8a1111; }")
    return "\n" + "".join(rules) + " }\n"


def css_string(value: str) -> str:
    """A CSS string literal that no text can break out of (not even `</style>`)."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in value) + '"'
