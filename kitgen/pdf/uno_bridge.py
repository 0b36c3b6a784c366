"""A warm LibreOffice for a whole batch: this script runs under a Python that has
LibreOffice's `uno` module (Debian: python3-uno, usually the system python3, not
kitgen's own interpreter), starts one headless `soffice` listening on a private
pipe, and converts documents to PDF for as long as kitgen sends requests.

Protocol, one JSON object per line:
  kitgen -> bridge  {"src": "/abs/in.docx", "dst": "/abs/out.pdf",
                     "import": "MS Word 2007 XML", "filter": "writer_pdf_Export",
                     "lang": "da-DK"}
  bridge -> kitgen  {"ready": true} once, then per request {"ok": true} or {"error": "..."}
The bridge ends, taking soffice with it, when its standard input closes.

It imports nothing from kitgen, so it runs under any Python 3 with `uno`.
"""

import json
import os
import signal
import subprocess
import sys
import time


def _property(name, value):
    import uno  # noqa: F401  (registers the com.sun.star importer)
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe, deadline):
    """LibreOffice's component context, once it answers on the pipe."""
    # LibreOffice's own Python has uno: this module runs there, not in kitgen's
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class _Locale:
    """LibreOffice's locale setting (Tools > Options > Languages > Locale setting).
    Impress declares it as the PDF's /Lang whatever the slides' text says (a
    PowerPoint file has no document language of its own), so it is set to each
    file's language before the file is converted; Writer takes the document's."""

    def __init__(self, context):
        provider = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", context)
        self.access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (_property("nodepath", "/org.openoffice.Setup/L10N"),))
        self.current = None

    def set(self, tag):
        if tag and tag != self.current:
            self.access.setPropertyValue("ooSetupSystemLocale", tag)
            self.access.commitChanges()
            self.current = tag


# writer_pdf_Export's options: tagged, and the handout's content controls and
# form fields as PDF form fields a team can fill in.
_PDF_OPTIONS = {"writer_pdf_Export": (("UseTaggedPDF", True), ("ExportFormFields", True)),
                "impress_pdf_Export": (("UseTaggedPDF", True),)}


def _convert(desktop, src, dst, import_name, filter_name):
    # LibreOffice's own Python has uno (see _connect)
    import uno

    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (
        _property("Hidden", True), _property("ReadOnly", True), _property("UpdateDocMode", 0),
        _property("FilterName", import_name)))
    if document is None:
        raise RuntimeError("it does not open as a document of this kind")
    try:
        options = _PDF_OPTIONS.get(filter_name, (("UseTaggedPDF", True),))
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                              tuple(_property(name, value) for name, value in options))
        document.storeToURL(uno.systemPathToFileUrl(dst), (
            _property("FilterName", filter_name), _property("FilterData", filter_data)))
    finally:
        document.close(True)


def _stop_everything(*_):
    """kitgen died (the parent-death signal) or asked: LibreOffice goes with us.
    kitgen started this bridge as the leader of its own process group, and
    soffice and its soffice.bin are in it."""
    os.killpg(os.getpgrp(), signal.SIGKILL)


def main():
    signal.signal(signal.SIGTERM, _stop_everything)
    soffice, profile, pipe = sys.argv[1:4]
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", "--nolockcheck", f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = sys.stdout
    try:
        context = _connect(pipe, time.monotonic() + 60)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        locale = _Locale(context)
        out.write(json.dumps({"ready": True}) + "\n")
        out.flush()
        for line in sys.stdin:
            request = json.loads(line)
            try:
                locale.set(request.get("lang"))
                _convert(desktop, request["src"], request["dst"], request["import"], request["filter"])
                reply = {"ok": True}
            except Exception as exc:  # reported to kitgen, which reports it per file
                reply = {"error": getattr(exc, "Message", "") or str(exc) or type(exc).__name__}
            out.write(json.dumps(reply) + "\n")
            out.flush()
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        # soffice (oosplash) may leave soffice.bin behind; the group has them all.
        if os.getpgrp() == os.getpid():
            _stop_everything()


if __name__ == "__main__":
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    main()
