"""The PDF file itself: objects, embedded fonts, the structure tree of a tagged PDF, metadata.

Everything here is deterministic: the same pages, tags and metadata give the same bytes (the
file identifier is a digest of the content, and dates come from the memo, never the clock).
"""
from __future__ import annotations

import hashlib
import zlib
from datetime import datetime

from .fonts import Font

PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89     # A4 in points


class Elem:
    """A structure element of the tagged PDF (P, H1, Table, Span...); kids are Elems or (page, mcid)."""

    __slots__ = ("type", "lang", "parent", "kids", "attached", "attrs", "num", "alt")

    def __init__(self, type_: str, parent: "Elem | None" = None, lang: str | None = None,
                 attrs: str = "") -> None:
        self.type = type_
        self.lang = lang
        self.parent = parent
        self.kids: list = []
        self.attached = parent is None
        self.attrs = attrs          # extra dictionary entries, e.g. "/A << /O /Table /Scope /Column >>"
        self.num = 0
        self.alt: str | None = None

    def attach(self) -> None:
        """Put this element in its parent's kids (and the parent in its own), in reading order."""
        if not self.attached:
            self.parent.attach()
            self.parent.kids.append(self)
            self.attached = True


def pdf_string(text: str) -> str:
    """A PDF text string: UTF-16BE with its byte order mark, as hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def pdf_name(text: str) -> str:
    return "/" + "".join(c if c.isalnum() else f"#{ord(c):02X}" for c in text)


class PdfFile:
    """Objects numbered in the order they are added; `bytes()` writes the file."""

    def __init__(self) -> None:
        self.objects: list[bytes | None] = [None]      # object 0 is the free head

    def reserve(self) -> int:
        self.objects.append(None)
        return len(self.objects) - 1

    def put(self, num: int, body: str | bytes) -> int:
        self.objects[num] = body.encode("latin-1") if isinstance(body, str) else body
        return num

    def add(self, body: str | bytes) -> int:
        return self.put(self.reserve(), body)

    def stream(self, data: bytes, extra: str = "", compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data, 3)
            extra += " /Filter /FlateDecode"
        return self.add(f"<< /Length {len(data)}{extra} >>\nstream\n".encode("latin-1") + data + b"\nendstream")

    def bytes(self, root: int, info: int) -> bytes:
        out = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
        offsets = []
        size = len(out[0])
        for num, body in enumerate(self.objects[1:], start=1):
            offsets.append(size)
            chunk = b"%d 0 obj\n" % num + body + b"\nendobj\n"
            out.append(chunk)
            size += len(chunk)
        ident = hashlib.md5(b"".join(out)).hexdigest().upper()
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % len(self.objects)]
        xref += [b"%010d 00000 n \n" % offset for offset in offsets]
        trailer = (f"trailer\n<< /Size {len(self.objects)} /Root {root} 0 R /Info {info} 0 R "
                   f"/ID [<{ident}> <{ident}>] >>\nstartxref\n{size}\n%%EOF\n").encode("latin-1")
        return b"".join(out + xref + [trailer])


def font_objects(pdf: PdfFile, font: Font) -> int:
    """A Type0 font with an embedded TrueType (CIDFontType2, Identity-H) and its ToUnicode map."""
    data = font.subset()
    file_num = pdf.stream(data, f" /Length1 {len(data)}")
    tag = hashlib.md5(repr(sorted(font.used)).encode()).hexdigest()[:6].upper().translate(
        str.maketrans("0123456789", "GHIJKLMNOP"))
    name = f"{tag}+{font.name}"
    bbox = " ".join(str(v) for v in font.bbox)
    descriptor = pdf.add(
        f"<< /Type /FontDescriptor /FontName {pdf_name(name)} /Flags {font.flags} /FontBBox [{bbox}] "
        f"/ItalicAngle {font.italic_angle:g} /Ascent {font.ascent} /Descent {font.descent} "
        f"/CapHeight {font.cap_height} /StemV 80 /FontFile2 {file_num} 0 R >>")
    gids = sorted({0, *font.used})
    widths = " ".join(f"{gid} [{font.widths[gid]}]" for gid in gids)
    cid = pdf.add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont {pdf_name(name)} "
                  f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                  f"/FontDescriptor {descriptor} 0 R /W [{widths}] /CIDToGIDMap /Identity >>")
    to_unicode = pdf.stream(_to_unicode(font.used).encode("latin-1"))
    return pdf.add(f"<< /Type /Font /Subtype /Type0 /BaseFont {pdf_name(name)} /Encoding /Identity-H "
                   f"/DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>")


def _to_unicode(used: dict[int, str]) -> str:
    lines = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
             "1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    items = sorted(used.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>" for gid, char in chunk]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines)


def xmp(title: str, author: str, lang: str, when: datetime) -> bytes:
    """XMP metadata saying the file claims PDF/UA-1, with its title (what a reader shows)."""
    from html import escape

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfuaid:part>1</pdfuaid:part>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>
<pdf:Producer>apostilla</pdf:Producer>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")


def structure(pdf: PdfFile, root: Elem, page_refs: list[int], parents: list[list[Elem]]) -> int:
    """Write the structure tree; returns the StructTreeRoot's object number."""
    tree = pdf.reserve()
    order: list[Elem] = []
    stack = [root]
    while stack:                      # number every attached element first, parents before kids
        elem = stack.pop()
        elem.num = pdf.reserve()
        order.append(elem)
        stack.extend(reversed([k for k in elem.kids if type(k) is Elem]))
    for elem in order:
        parent = f"{elem.parent.num} 0 R" if elem.parent is not None else f"{tree} 0 R"
        first_page = next((k[0] for k in elem.kids if type(k) is tuple), None)
        kids = []
        for kid in elem.kids:
            if type(kid) is Elem:
                kids.append(f"{kid.num} 0 R")
            elif kid[0] == first_page:
                kids.append(str(kid[1]))
            else:
                kids.append(f"<< /Type /MCR /Pg {page_refs[kid[0]]} 0 R /MCID {kid[1]} >>")
        page = f" /Pg {page_refs[first_page]} 0 R" if first_page is not None else ""
        lang = f" /Lang {pdf_string(elem.lang)}" if elem.lang else ""
        alt = f" /Alt {pdf_string(elem.alt)}" if elem.alt else ""
        pdf.put(elem.num, f"<< /Type /StructElem /S /{elem.type} /P {parent}{page}{lang}{alt}"
                          f"{elem.attrs} /K [{' '.join(kids)}] >>")
    nums = " ".join(f"{n} [{' '.join(f'{e.num} 0 R' for e in marks)}]" for n, marks in enumerate(parents))
    parent_tree = pdf.add(f"<< /Nums [{nums}] >>")
    pdf.put(tree, f"<< /Type /StructTreeRoot /K [{root.num} 0 R] /ParentTree {parent_tree} 0 R "
                  f"/ParentTreeNextKey {len(parents)} >>")
    return tree
