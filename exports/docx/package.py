"""The DOCX package around a memo: our lean base or a house template in, byte-stable zip out."""
from __future__ import annotations

import copy
import io
import os
import zipfile
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from apostilla.common.errors import BadInput
from apostilla.common.files import check_regular
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
DOCUMENT_TYPE = f"{WML}.document.main+xml"
TEMPLATE_TYPE = f"{WML}.template.main+xml"
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"

# A template bigger than this once unpacked is refused rather than read into memory.
MAX_TEMPLATE_BYTES = 100 * 1024 * 1024

# A4 with 2 cm margins: the page most memo readers print on. A template brings its own.
_SECT_PR = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" '
            'w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>'
            '<w:cols w:space="709"/></w:sectPr>')

_BASE_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{RELS_TYPE}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{DOCUMENT_TYPE}"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{WML}.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{WML}.settings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{PKG_RELS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_RELS}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
    "word/_rels/document.xml.rels": (
        f'<Relationships xmlns="{PKG_RELS}">'
        f'<Relationship Id="rId1" Type="{OFFICE_RELS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{OFFICE_RELS}/settings" Target="settings.xml"/></Relationships>'),
    "word/document.xml": (
        f'<w:document xmlns:w="{W}" xmlns:r="{OFFICE_RELS}"><w:body>{_SECT_PR}</w:body></w:document>'),
    # The house look lives in the document defaults; the styles themselves are added later.
    "word/styles.xml": (
        f'<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
        '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
        '<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>'
        '</w:pPrDefault></w:docDefaults></w:styles>'),
    "word/settings.xml": (
        f'<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'),
    "docProps/core.xml": (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'),
}


@lru_cache(maxsize=1)
def base_package() -> bytes:
    """A minimal, valid DOCX with no styles yet: what a memo starts from without a template."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for name, xml in _BASE_PARTS.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return out.getvalue()


def open_document(template: Path | None):
    """A python-docx Document from the template (a .docx or .dotx), else from the base package."""
    import docx

    data = base_package() if template is None else _template_bytes(Path(template))
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a broken package, none for users
        raise BadInput("not a usable Word template (.docx or .dotx)", file=template) from None


def _template_bytes(path: Path) -> bytes:
    """The template's package, with a .dotx retyped as a document so python-docx opens it."""
    try:
        check_regular(path, os.stat(path).st_mode)  # a FIFO would block, /dev/zero never end
        with zipfile.ZipFile(path) as zf:
            if sum(info.file_size for info in zf.infolist()) > MAX_TEMPLATE_BYTES:
                raise BadInput("the template is too large once unpacked", file=path)
            if "[Content_Types].xml" not in zf.namelist():
                raise BadInput("not a Word template (no [Content_Types].xml)", file=path)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as retyped:
                for info in zf.infolist():
                    data = zf.read(info)
                    if info.filename == "[Content_Types].xml":
                        data = data.replace(TEMPLATE_TYPE.encode(), DOCUMENT_TYPE.encode())
                    retyped.writestr(info.filename, data)
            return out.getvalue()
    except FileNotFoundError:
        raise BadInput("the template does not exist", file=path) from None
    except IsADirectoryError:
        raise BadInput("the template is a directory", file=path) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise BadInput("not a Word template (not a zip file)", file=path) from None
    except OSError as exc:
        raise BadInput(f"cannot read the template: {exc.strerror or exc}", file=path) from None


def zip_date(when: datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry time for `when`; zip can only say 1980 to 2107 (the document's properties
    keep the real date whatever it is)."""
    if when.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    if when.year > 2107:
        return (2107, 12, 31, 23, 59, 58)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second // 2 * 2)


_BODY_MARK = "apostilla memo body"


def document_xml(document, body: str) -> bytes:
    """document.xml with `body` (WordprocessingML text) as the body, before the page set-up.

    The body is spliced into the serialised document rather than parsed into it: that is
    what keeps a 4,000-paragraph memo fast. The root is remade so that the prefixes the body
    text uses, w: and r:, are surely bound.
    """
    old = document.element
    nsmap = {prefix: uri for prefix, uri in old.nsmap.items() if prefix not in ("w", "r")}
    nsmap.update(w=W, r=OFFICE_RELS)
    root = etree.Element(old.tag, attrib=dict(old.attrib), nsmap=nsmap)
    for child in old:
        if child.tag == f"{{{W}}}body":
            new_body = etree.SubElement(root, child.tag)
            new_body.append(etree.Comment(_BODY_MARK))
            sect_pr = child.find(f"{{{W}}}sectPr")
            if sect_pr is not None:
                new_body.append(copy.deepcopy(sect_pr))
        else:
            root.append(copy.deepcopy(child))
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data.replace(f"<!--{_BODY_MARK}-->".encode(), body.encode("utf-8"), 1)


def save_package(document, when: datetime, replace: dict[str, bytes]) -> bytes:
    """The document as DOCX bytes: parts in a fixed order, every entry stamped `when`.

    `replace` gives the content of parts by name (e.g. "/word/document.xml") instead of theirs.
    """
    package = document.part.package
    parts = sorted(package.iter_parts(), key=lambda part: (part.partname != "/word/document.xml", part.partname))
    entries = [("[Content_Types].xml", _content_types(parts)), ("_rels/.rels", package.rels.xml)]
    for part in parts:
        entries.append((part.partname[1:], replace.get(part.partname) or part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri[1:], part.rels.xml))
    stamp = zip_date(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            # The fastest level: a third of the time of the default for a fifth more bytes.
            zf.writestr(info, data, compresslevel=1)
    return out.getvalue()


def _content_types(parts) -> bytes:
    """[Content_Types].xml naming every part's type explicitly."""
    from xml.sax.saxutils import quoteattr

    xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           f'<Default Extension="rels" ContentType="{RELS_TYPE}"/>'
           '<Default Extension="xml" ContentType="application/xml"/>']
    for part in parts:
        xml.append(f'<Override PartName={quoteattr(str(part.partname))} '
                   f'ContentType={quoteattr(part.content_type)}/>')
    xml.append("</Types>")
    return "".join(xml).encode("utf-8")
