#!/usr/bin/env python3
"""The running-LibreOffice side of bench/compare.sh: connects once to a soffice that is already
running (started with --accept on a pipe), then converts each DOCX it is given to PDF, as a user's
conversion service would; the bench times LibreOffice's work, not its start or this script's.

    python3 lo_convert.py PIPE_NAME
    stdin, one a line:  IN.docx<TAB>OUT.pdf
    stdout, one a line: the milliseconds the conversion took (load, export, close)
"""
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    for _ in range(600):
        try:
            return resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe)
        except Exception:
            time.sleep(0.1)
    raise SystemExit('lo_convert: no LibreOffice listening on pipe %s' % pipe)


ctx = connect(sys.argv[1])
desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
print('ready', flush=True)
for line in sys.stdin:
    src, dst = line.rstrip('\n').split('\t')
    t0 = time.perf_counter()
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), '_blank', 0, (prop('Hidden', True),))
    doc.storeToURL(uno.systemPathToFileUrl(dst), (prop('FilterName', 'writer_pdf_Export'),))
    doc.close(True)
    print('%.3f' % ((time.perf_counter() - t0) * 1000), flush=True)
