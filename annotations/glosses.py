"""Glosses: translations of quotes, terms and paragraphs, kept in `<standOff><listAnnotation>`."""
from __future__ import annotations

from dataclasses import dataclass

from apostilla.common.errors import BadInput, Conflict, NotFound, UsageError
from apostilla.common.text import visible_text

from . import tei
from .document import TeiDocument
from .languages import check_lang, same_language
from .session import Done, timestamp
from .textview import Node, describe


@dataclass
class Gloss:
    """A gloss as the rest of apostilla sees it."""

    id: str | None
    target: str
    lang: str
    text: str
    translator: str | None
    status: str | None
    node: Node


def gloss_list(doc: TeiDocument, *, create: bool) -> Node | None:
    return doc.standoff_list("listAnnotation", create=create, attrib={"type": tei.GLOSS_LIST_TYPE})


def glosses(doc: TeiDocument) -> list[Gloss]:
    """Every gloss in the document, in document order."""
    found = []
    for node in tei.xpath(doc.root, tei.STANDOFF_ANNOTATIONS):
        gloss = as_gloss(node)
        if gloss is not None:
            found.append(gloss)
    return found


def as_gloss(node: Node) -> Gloss | None:
    note = next((n for n in node if tei.local(n) == "note" and n.get("type") in tei.GLOSS_NOTE_TYPES), None)
    if note is None:
        return None
    names = [n for r in node if tei.local(r) == "respStmt" for n in r if tei.local(n) in tei.AGENT_NAMES]
    changes = [c for r in node if tei.local(r) == "revisionDesc" for c in r if tei.local(c) == "change"]
    return Gloss(id=node.get(tei.XML_ID), target=(node.get("target") or "").lstrip("#"),
                 lang=note.get(tei.XML_LANG) or "", text="".join(note.itertext()),
                 translator=(names[0].text or "").strip() if names else None,
                 status=changes[-1].get("status") if changes else None, node=node)


def glosses_by_target(doc: TeiDocument) -> dict[str, list[Gloss]]:
    """Glosses grouped by target id; kept in doc.cache and updated by add_gloss."""
    index = doc.cache.get("glosses")
    if index is None:
        index = {}
        for gloss in glosses(doc):
            index.setdefault(gloss.target, []).append(gloss)
        doc.cache["glosses"] = index
    return index  # type: ignore[return-value]


def target_language(doc: TeiDocument, target: Node) -> str:
    return doc.lang_of(target) or doc.text_lang()


def is_passage(node: Node) -> bool:
    """Whether a gloss of node translates a whole passage (a paragraph, a heading) of the text."""
    return tei.local(node) in tei.GLOSS_PASSAGES


def check_gloss_target(doc: TeiDocument, target: str, lang: str) -> Node:
    """The element a gloss in lang may translate: a quote, a term or a paragraph-like element with
    that xml:id in the text, in another language than lang. BadInput (or NotFound) otherwise."""
    node = doc.get(target)
    target = target.lstrip("#")
    name = tei.local(node)
    if (name not in tei.GLOSS_TARGETS and name not in tei.GLOSS_PASSAGES) or not doc.view.contains(node):
        raise BadInput(f"{target!r} is {describe(node)}; a gloss translates a quote (<q>), a term (<term>) "
                       "or a paragraph of the text (<p>, <ab>, <head>...)", file=doc.name)
    source_lang = target_language(doc, node)
    if same_language(source_lang, lang):
        raise BadInput(f"{target!r} is already in {source_lang}: a gloss must be in another language",
                       file=doc.name)
    return node


def gloss_add(doc: TeiDocument, target: str, lang: str, text: str, *, translator: str | None = None,
              status: str = "draft", replace: bool = False) -> Done:
    """`gloss add`: a translation of a quote, term or paragraph, kept in standOff."""
    gid = add_gloss(doc, target, lang, text, translator=translator, status=status or "draft", replace=replace)
    return Done([gid], f"gloss add {gid} ({status or 'draft'})")


def add_gloss(doc: TeiDocument, target: str, lang: str, text: str, *, translator: str | None = None,
              status: str = "draft", replace: bool = False) -> str:
    """Add (or with replace, update) the gloss in lang of a quote, term or paragraph; returns its id."""
    check_lang(lang)
    if status not in tei.GLOSS_STATUSES:
        raise BadInput(f"--status {status!r}: use one of {', '.join(tei.GLOSS_STATUSES)}")
    text = visible_text(text, "--text", one_line=False)
    if translator is not None:
        translator = visible_text(translator, "--translator")
    node = check_gloss_target(doc, target, lang)
    target = target.lstrip("#")
    # One gloss per language: a regional tag (en-US) is its language (en), and replaces its gloss.
    existing = [g for g in glosses_by_target(doc).get(target, []) if same_language(g.lang, lang)]
    if existing and not replace:
        raise Conflict(f"{target!r} already has a gloss in {lang} ({existing[0].id}); use --replace to change it",
                       file=doc.name)
    kind = "gloss" if tei.local(node) == tei.TERM else "translation"
    if existing:
        annotation = existing[0].node
        for child in list(annotation):
            annotation.remove(child)
        ident = existing[0].id
    else:
        holder = gloss_list(doc, create=True)
        ident = f"{target}-{lang}" if f"{target}-{lang}" not in doc.ids else doc.fresh_id(f"{target}-{lang}-")
        annotation = holder.makeelement(tei.tei("annotation"), {})
        doc.claim_id(annotation, ident)
        annotation.set("target", f"#{target}")
        annotation.set("motivation", "describing")
        from .document import insert_child
        insert_child(holder, annotation)
    _fill(annotation, kind, lang, text, translator, status)
    doc.declare_language(lang)
    # Keep the index in step rather than dropping it: large imports replace thousands of glosses.
    entries = glosses_by_target(doc).setdefault(target, [])
    if existing:
        entries[entries.index(existing[0])] = as_gloss(annotation)
    else:
        entries.append(as_gloss(annotation))
    return ident


def _fill(annotation: Node, kind: str, lang: str, text: str, translator: str | None, status: str) -> None:
    t = tei.tei
    if translator:
        resp = annotation.makeelement(t("respStmt"), {})
        role = resp.makeelement(t("resp"), {})
        role.text = "translation"
        name = resp.makeelement(t("name"), {})
        name.text = translator
        resp.extend([role, name])
        annotation.append(resp)
    revision = annotation.makeelement(t("revisionDesc"), {})
    revision.append(revision.makeelement(t("change"), {"status": status, "when": timestamp()}))
    annotation.append(revision)
    note = annotation.makeelement(t("note"), {"type": kind, tei.XML_LANG: lang})
    note.text = text
    annotation.append(note)


def gloss_set(doc: TeiDocument, target: str, lang: str, *, text: str | None = None, translator: str | None = None,
              status: str | None = None) -> Done:
    """`gloss set`: change the text, translator or status of the gloss in lang of a target that
    `gloss add` accepts; what is not given stays."""
    if text is None and translator is None and status is None:
        raise UsageError("give what to change: --text, --translator or --status")
    check_lang(lang)
    check_gloss_target(doc, target, lang)
    target = target.lstrip("#")
    existing = [g for g in glosses_by_target(doc).get(target, []) if g.lang.lower() == lang.lower()]
    if not existing:
        raise NotFound(f"{target!r} has no gloss in {lang} (add one with `apostilla gloss add`)", file=doc.name)
    gloss = existing[0]
    _only_what_apostilla_writes(doc, gloss)
    new = {"text": gloss.text if text is None else visible_text(text, "--text", one_line=False),
           "translator": gloss.translator if translator is None else visible_text(translator, "--translator"),
           "status": (gloss.status or "draft") if status is None else status}
    if translator is not None and not new["translator"]:
        raise BadInput("--translator is empty")
    old = {"text": gloss.text, "translator": gloss.translator, "status": gloss.status or "draft"}
    changed = [key for key in new if new[key] != old[key]]
    if not changed:
        return Done([], "", [f"gloss {gloss.id} already has these values; nothing changed"])
    ident = add_gloss(doc, target, lang, new["text"], translator=new["translator"], status=new["status"],
                      replace=True)
    return Done([ident], f"gloss set {ident}: {', '.join(changed)}")


def _only_what_apostilla_writes(doc: TeiDocument, gloss: Gloss) -> None:
    """Refuse to rewrite a gloss that holds more than its text, translator and status."""
    parts = [tei.local(k) or str(k.tag) for k in gloss.node if isinstance(k.tag, str)]
    note = next(k for k in gloss.node if tei.local(k) == "note" and k.get("type") in tei.GLOSS_NOTE_TYPES)
    extra = [p for p in parts if p not in ("respStmt", "revisionDesc", "note")]
    if extra or len(parts) != len(set(parts)) or len(note):
        raise BadInput(f"gloss {gloss.id} holds more than a text, a translator and a status "
                       f"({describe(gloss.node)}); change it in the file", file=doc.name)
