"""TEI vocabulary: namespaces, element names and the XPath the rest of apostilla relies on."""
from __future__ import annotations

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}

XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def tei(name: str) -> str:
    """The Clark name of a TEI element: tei('p') -> '{http://www.tei-c.org/ns/1.0}p'."""
    return f"{{{TEI_NS}}}{name}"


def local(node: etree._Element) -> str:
    """The local name of a TEI element, or '' for anything else (comments, PIs, other namespaces)."""
    tag = node.tag
    if not isinstance(tag, str) or not tag.startswith(f"{{{TEI_NS}}}"):
        return ""
    return tag[len(TEI_NS) + 2:]


def is_tei(node: etree._Element, *names: str) -> bool:
    """Whether node is a TEI element with one of the given local names."""
    name = local(node)
    return bool(name) and name in names


def xpath(node: etree._Element, expr: str) -> list:
    """Evaluate XPath with the `tei:` prefix bound."""
    return node.xpath(expr, namespaces=NSMAP)


# Elements whose text is a unit of reading: a match may not run from one into another.
BLOCKS = frozenset({
    "p", "ab", "head", "l", "item", "cell", "label", "note", "speaker", "stage", "trailer",
    "byline", "dateline", "salute", "signed", "docTitle", "titlePart", "docAuthor", "docDate",
    "docImprint", "argument", "epigraph", "opener", "closer", "postscript", "seg", "castItem",
    "roleDesc", "bibl", "quote", "lg", "sp", "figDesc", "caption",
})
# Of those, the ones that stand for a paragraph when we say where something is.
PARAGRAPHS = frozenset({"p", "ab", "head", "l", "item", "cell", "label", "note", "speaker", "stage",
                        "trailer", "byline", "dateline", "salute", "signed"})

# Entities: type -> (register list, register entry, name element in the entry, mention element).
ENTITY_TYPES: dict[str, tuple[str, str, str, str]] = {
    "person": ("listPerson", "person", "persName", "persName"),
    "org": ("listOrg", "org", "orgName", "orgName"),
    "place": ("listPlace", "place", "placeName", "placeName"),
    "event": ("listEvent", "event", "label", "name"),
    "other": ("listObject", "object", "objectName", "name"),
}
ENTRY_TYPES = {entry: kind for kind, (_, entry, _, _) in ENTITY_TYPES.items()}
MENTION_ELEMENTS = frozenset({"persName", "orgName", "placeName", "name", "rs"})
SPEAKER_TYPES = frozenset({"person", "org"})

# Annotation kinds apostilla writes in the running text.
QUOTE = "q"
DATE = "date"
MEASURE = "measure"
NUM = "num"
TERM = "term"

GLOSS_LIST_TYPE = "glosses"
GLOSS_NOTE_TYPES = ("translation", "gloss")
GLOSS_STATUSES = ("draft", "reviewed", "approved")

# Rebase (annotations/rebase/): annotations that could not be placed on a new version of the text
# are kept in <standOff><listAnnotation type="orphans">, one <annotation> each, whose
# <note type="orphan"> holds <seg type="prefix">, the old element, <seg type="suffix">.
ORPHAN_LIST_TYPE = "orphans"
ORPHAN_NOTE_TYPE = "orphan"
ORPHAN_PREFIX, ORPHAN_SUFFIX = "prefix", "suffix"   # the seg types around the old element
