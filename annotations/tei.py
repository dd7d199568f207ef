"""The TEI vocabulary: the namespace, every element name group and header path apostilla relies on.

This is the one module that spells the TEI namespace, `tei:` XPath and groups of TEI element
names; the rest of apostilla speaks of entities, quotes and glosses and uses the names below.
Adding support for a TEI element starts here: put it in the group that says how it is read.
"""
from __future__ import annotations

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}
PREFIX = f"{{{TEI_NS}}}"

XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"


def tei(name: str) -> str:
    """The Clark name of a TEI element: tei('p') -> '{http://www.tei-c.org/ns/1.0}p'."""
    return f"{PREFIX}{name}"


def local(node: etree._Element) -> str:
    """The local name of a TEI element, or '' for anything else (comments, PIs, other namespaces)."""
    tag = node.tag
    if not isinstance(tag, str) or not tag.startswith(PREFIX):
        return ""
    return tag[len(PREFIX):]


def is_tei(node: etree._Element, *names: str) -> bool:
    """Whether node is a TEI element with one of the given local names."""
    name = local(node)
    return bool(name) and name in names


def xpath(node: etree._Element, expr: str) -> list:
    """Evaluate XPath with the `tei:` prefix bound."""
    return node.xpath(expr, namespaces=NSMAP)


def prefixed(name: str) -> str:
    """A TEI element's name with the usual prefix, `tei:q`, as other vocabularies (XLIFF) cite it."""
    return f"tei:{name}"


def qname(node: etree._Element) -> str:
    """An element's local name, whatever its namespace (for messages)."""
    tag = node.tag
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


# ---------------------------------------------------------------------------- the running text

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
# Breaks that separate the words on either side unless they say they fall inside a word.
BREAKS = frozenset({"lb", "pb", "cb"})

# How the memo reads the text. Divisions nest the headings one level deeper.
DIVISIONS = frozenset({"div", "div1", "div2", "div3", "div4", "div5", "div6", "div7"})
# Wrappers whose content is read as blocks, at the same heading depth.
CONTAINERS = frozenset({"text", "front", "body", "back", "group", "floatingText", "titlePage",
                        "castGroup", "sp", "spGrp", "lg", "epilogue", "prologue", "performance", "set"})
# Elements read as a paragraph of their own (blocks inside them split them).
PROSE_BLOCKS = frozenset({"p", "ab", "opener", "closer", "salute", "signed", "dateline", "byline",
                          "trailer", "postscript", "epigraph", "argument", "docTitle", "titlePart",
                          "docAuthor", "docDate", "docImprint", "docEdition", "imprimatur", "castItem"})
OTHER_BLOCKS = frozenset({"head", "stage", "speaker", "list", "listBibl", "castList", "table", "figure"})
LISTS = frozenset({"list", "listBibl", "castList"})
LIST_HEADS = frozenset({"head", "headLabel", "headItem"})
# Everything a flow of blocks reads as structure: met inside a phrase, only their words count.
STRUCTURE = DIVISIONS | CONTAINERS | PROSE_BLOCKS | OTHER_BLOCKS | LIST_HEADS | {"l", "item", "row", "cell"}
# Quotations: blocks when they hold paragraphs or verse, phrases otherwise.
QUOTATIONS = frozenset({"quote", "q", "said", "cit"})
# Quotations and foreign words that carry a language of their own (the memo tags, not italicises).
LANGUAGE_AWARE = frozenset({"q", "quote", "said", "term", "foreign"})
# Elements shown as their content (dates and figures also go to the memo's facts section).
PHRASES = frozenset({
    "s", "w", "pc", "c", "m", "cl", "phr", "seg", "geogName", "roleName", "addName", "forename",
    "surname", "genName", "nameLink", "affiliation", "occupation", "email", "street", "postCode",
    "settlement", "region", "country", "bloc", "district", "idno", "author", "editor", "pubPlace",
    "publisher", "biblScope", "bibl", "address", "unit", "time", "sic", "corr", "reg", "orig",
    "abbr", "expan", "ex", "am", "supplied", "unclear", "damage", "restore", "add", "subst", "mod",
    "retrace", "surplus", "secl", "role", "roleDesc", "objectName", "origDate", "origPlace", "lem",
    "rdg", "cit", "gloss", "catchwords", "signatures", "label", "figDesc",
})
# Layout and pointers: nothing to show, so nothing to warn about.
LAYOUT = frozenset({"pb", "cb", "gb", "milestone", "anchor", "handShift", "caesura", "index",
                    "interp", "interpGrp", "link", "linkGrp", "join", "joinGrp", "certainty",
                    "precision", "respons", "alt", "altGrp", "span", "spanGrp", "timeline",
                    "witDetail", "space"})
# Emphasis of one kind or another: set in italics.
EMPHASIS = frozenset({"emph", "title", "mentioned", "soCalled", "distinct"})
# The readings of <choice> in the order a reader prefers them, and those of an apparatus.
CHOICE_PREFERENCE = ("corr", "reg", "expan", "seg")
READINGS = frozenset({"lem", "rdg", "rdgGrp"})
# What a reader leaves out, and why (the memo says so in its warnings).
LEFT_OUT = {"del": "deleted text", "fw": "running heads and page numbers", "graphic": "images"}

# ---------------------------------------------------------------------------- registers

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
# The mention elements whose name says the entity's type (name and rs say it in @type).
TYPED_MENTIONS = {"persName": "person", "orgName": "org", "placeName": "place"}
SPEAKER_TYPES = frozenset({"person", "org"})
# Registers and their entries, wherever a document keeps them: the names in them describe
# entities, they do not mention them, and they are not text to read.
REGISTER_LISTS = frozenset({"listPerson", "listOrg", "listPlace", "listEvent", "listObject",
                            "listNym", "listRelation"})
REGISTER_ENTRIES = frozenset({"person", "personGrp", "org", "place", "event", "object"})
REGISTERS = REGISTER_LISTS | REGISTER_ENTRIES
# Where apostilla keeps its stand-off lists; an empty one of these goes when its last entry does.
STANDOFF_LISTS = frozenset({lst for lst, _, _, _ in ENTITY_TYPES.values()} | {"listAnnotation", "standOff"})
# Children of <TEI> after which a new <standOff> goes.
RESOURCES = frozenset({"text", "facsimile", "sourceDoc", "standOff", "fsdDecl"})
# The kinds of annotation a reader tells apart (`show` gives each a colour), and the elements
# that make each; name and rs say their entity's type in @type.
ANNOTATION_KINDS = ("person", "org", "place", "event", "name", "quote", "date", "figure", "term", "note")
_KIND_OF = {**TYPED_MENTIONS, **{name: "quote" for name in ("q", "quote", "said")}, "date": "date",
            **{name: "figure" for name in ("measure", "num")}, "term": "term", "note": "note"}


def kind_of(node: etree._Element) -> str | None:
    """The kind of annotation an element is (one of ANNOTATION_KINDS), or None for other markup."""
    name = local(node)
    if name in MENTION_ELEMENTS and name not in TYPED_MENTIONS:
        kind = node.get("type")
        return kind if kind in TYPED_MENTIONS.values() or kind == "event" else "name"
    return _KIND_OF.get(name)


# Attributes that point at xml:ids with "#id" tokens.
POINTERS = ("ref", "who", "target", "corresp", "sameAs", "synch", "ana", "resp", "source", "prev", "next")


def pointing_attributes(root: etree._Element) -> list:
    """Every attribute under root (root's own too) whose value holds a `#`, as lxml attribute
    results (`.attrname`, `.getparent()`). XPath hands each value over directly: reading values
    through `element.attrib` looks each one up by name, which is quadratic on an element with
    thousands of attributes."""
    return root.xpath("descendant-or-self::*/@*[contains(., '#')]")


# Elements that hold a person's name in a respStmt or a register.
AGENT_NAMES = frozenset({"name", "persName"})

# ---------------------------------------------------------------------------- annotations

# Annotation kinds apostilla writes in the running text.
QUOTE = "q"
DATE = "date"
MEASURE = "measure"
NUM = "num"
TERM = "term"
FIGURES = frozenset({MEASURE, NUM})
# What `remove` unwraps, and what a gloss may translate (a paragraph too, since glosses of
# whole paragraphs carry a memo into another language).
UNWRAPPABLE = frozenset({DATE, MEASURE, NUM})
GLOSS_TARGETS = frozenset({QUOTE, TERM})
# Passages a gloss may translate whole (`gloss add DOC p3`): the paragraph-like elements the memo
# reads as a paragraph or a heading of their own, so a translation can stand in for them.
GLOSS_PASSAGES = frozenset({"p", "ab", "head", "trailer", "byline", "dateline", "salute", "signed"})

GLOSS_LIST_TYPE = "glosses"
GLOSS_NOTE_TYPES = ("translation", "gloss")
GLOSS_STATUSES = ("draft", "reviewed", "approved")

# ---------------------------------------------------------------------------- the header

TITLES = "tei:fileDesc/tei:titleStmt/tei:title"
TITLE_STMT = "tei:fileDesc/tei:titleStmt"
TITLE_RESPS = "tei:fileDesc/tei:titleStmt/tei:respStmt"     # who did what (the memo's From)
KEYWORDS = "tei:profileDesc/tei:textClass/tei:keywords/tei:term"
ABSTRACT = "tei:profileDesc/tei:abstract"
# The memo's parts kept in the header (`memo set`): per language, an abstract holding the summary
# paragraphs and a list of this type with the key points.
KEY_POINTS_TYPE = "key-points"
# Roles of register entries: a person's occupation, another entity's note of this type; one per language.
ROLE_NOTE_TYPE = "role"
LANG_USAGE = "tei:profileDesc/tei:langUsage"
SOURCE_DESC = "tei:fileDesc/tei:sourceDesc"
SOURCE_TITLE = "tei:bibl/tei:title"                        # inside sourceDesc
SOURCE_SHA256 = ".//tei:idno[@type='sha256']"             # inside sourceDesc
SOURCE_BIBL = "tei:bibl[tei:idno[@type='sha256']]"        # inside sourceDesc: the one apostilla writes
# Who worked on the document, latest last: respStmt names, then authors.
AGENTS = ("tei:fileDesc/tei:titleStmt/tei:respStmt/tei:name",
          "tei:fileDesc/tei:titleStmt/tei:respStmt/tei:persName",
          "tei:fileDesc/tei:titleStmt/tei:author")
# Register entries wherever a document keeps them: apostilla's standOff, a header's particDesc,
# a letter edition's <back>.
ENTRY_IN_LIST = frozenset((tei(lst), tei(entry)) for lst, entry, _, _ in ENTITY_TYPES.values())


def all_entries(root: etree._Element) -> list[etree._Element]:
    """Every register entry with an id under root, in document order: one pass over the tree (a
    union of `//list/entry` paths scans the document once per register)."""
    tags = {entry for _, entry in ENTRY_IN_LIST}
    return [node for node in root.iter(*tags)
            if node.get(XML_ID) is not None and node.getparent() is not None
            and (node.getparent().tag, node.tag) in ENTRY_IN_LIST]


STANDOFF_ENTRIES = {kind: f"tei:standOff//tei:{lst}/tei:{entry}[@xml:id]"
                    for kind, (lst, entry, _, _) in ENTITY_TYPES.items()}
STANDOFF_ANNOTATIONS = "tei:standOff//tei:annotation[@target]"

# What `suggest` counts as annotated already: quotations of any kind, times, and the TEI
# spellings of quantities besides <measure>/<num>.
QUOTE_LIKE = QUOTATIONS - {"cit"}
DATE_LIKE = frozenset({"date", "time"})
MEASURE_LIKE = frozenset({"measure", "measureGrp", "num"})

# Rebase (annotations/rebase/): annotations that could not be placed on a new version of the text
# are kept in <standOff><listAnnotation type="orphans">, one <annotation> each, whose
# <note type="orphan"> holds <seg type="prefix">, the old element, <seg type="suffix">.
ORPHAN_LIST_TYPE = "orphans"
ORPHAN_NOTE_TYPE = "orphan"
ORPHAN_PREFIX, ORPHAN_SUFFIX = "prefix", "suffix"   # the seg types around the old element
