"""Hand-edit a real workbook the way other tools write theirs (test fixtures for the XLSX reader).

usage: python3 editXlsx.py EDIT IN.xlsx OUT.xlsx
EDIT is one of:
  ns0          every XML part re-serialised by ElementTree: elements as <ns0:worksheet>, <ns1:...>
  prefix-x     the SpreadsheetML namespace bound to the prefix x: (<x:worksheet>, as the Open XML SDK writes)
  no-r         worksheets without the optional r attribute on <row> and <c>
  outside-xl   the workbook, sheets and shared strings moved out of xl/ (found only through relationships)
  strict       Strict OOXML namespaces and relationship types (http://purl.oclc.org/ooxml/...)
  sst-first    sharedStrings.xml stored first in the zip, sheets last (the reverse of LibreOffice's order)
  duplicate    a second xl/worksheets/sheet1.xml entry with other content appended to the zip
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'


def read(path):
    with zipfile.ZipFile(path) as z:
        return [(info.filename, z.read(info.filename)) for info in z.infolist()]


def write(path, parts):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)


def is_xml(name):
    return name.endswith('.xml') or name.endswith('.rels')


def reserialise(data, prefixes):
    for prefix, uri in prefixes.items():
        ET.register_namespace(prefix, uri)
    return ET.tostring(ET.fromstring(data), encoding='utf-8', xml_declaration=True)


def edit(kind, parts):
    if kind == 'ns0':
        return [(n, reserialise(d, {}) if is_xml(n) else d) for n, d in parts]
    if kind == 'prefix-x':
        return [(n, reserialise(d, {'x': MAIN}) if is_xml(n) else d) for n, d in parts]
    if kind == 'no-r':
        strip = lambda m: re.sub(rb'\sr="[^"]*"', b'', m.group(0))
        return [(n, re.sub(rb'<(?:row|c)\b[^>]*>', strip, d) if n.startswith('xl/worksheets/') else d) for n, d in parts]
    if kind == 'outside-xl':
        moves = {'xl/workbook.xml': 'book/main.xml', 'xl/_rels/workbook.xml.rels': 'book/_rels/main.xml.rels',
                 'xl/worksheets/sheet1.xml': 'data/first.xml', 'xl/sharedStrings.xml': 'text/strings.xml', 'xl/styles.xml': 'book/looks.xml'}
        out = []
        for n, d in parts:
            if n == '_rels/.rels':
                d = d.replace(b'Target="xl/workbook.xml"', b'Target="/book/main.xml"')
            elif n == '[Content_Types].xml':
                for old, new in moves.items():
                    d = d.replace(b'"/' + old.encode() + b'"', b'"/' + new.encode() + b'"')
            elif n == 'xl/_rels/workbook.xml.rels':
                d = (d.replace(b'Target="worksheets/sheet1.xml"', b'Target="../data/first.xml"')
                      .replace(b'Target="sharedStrings.xml"', b'Target="../text/strings.xml"')
                      .replace(b'Target="styles.xml"', b'Target="looks.xml"'))
            out.append((moves.get(n, n), d))
        return out
    if kind == 'strict':
        subs = [(b'http://schemas.openxmlformats.org/spreadsheetml/2006/main', b'http://purl.oclc.org/ooxml/spreadsheetml/main'),
                (b'http://schemas.openxmlformats.org/officeDocument/2006/relationships', b'http://purl.oclc.org/ooxml/officeDocument/relationships'),
                (b'http://schemas.openxmlformats.org/drawingml/2006/', b'http://purl.oclc.org/ooxml/drawingml/')]
        out = []
        for n, d in parts:
            if is_xml(n):
                for old, new in subs:
                    d = d.replace(old, new)
            out.append((n, d))
        return out
    if kind == 'sst-first':
        first = [p for p in parts if p[0] == 'xl/sharedStrings.xml']
        last = [p for p in parts if p[0].startswith('xl/worksheets/')]
        return first + [p for p in parts if p not in first and p not in last] + last
    if kind == 'duplicate':
        sheet = dict(parts)['xl/worksheets/sheet1.xml']
        return parts + [('xl/worksheets/sheet1.xml', sheet.replace(b'<v>300000001</v>', b'<v>399999999</v>'))]
    raise SystemExit('unknown edit ' + kind)


if __name__ == '__main__':
    import warnings
    warnings.simplefilter('ignore')  # zipfile warns about the duplicate name, which is the point
    kind, source, target = sys.argv[1:4]
    write(target, edit(kind, read(source)))
