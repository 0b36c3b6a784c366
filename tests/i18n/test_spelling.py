"""Every word of every text, in every language, is one the language's hunspell
dictionary knows or one a reviewer put on that language's allow-list
(locales/spelling/<lang>.txt). A new unknown word fails here: fix the typo, or
add the word to the allow-list after checking it."""

import pytest

from kitgen.i18n.catalogs import language_texts
from kitgen.i18n.locale import available_locales
from kitgen.i18n.spelling import hunspell, unknown_words

pytestmark = pytest.mark.skipif(hunspell() is None, reason="hunspell is not installed")


@pytest.mark.parametrize("lang", available_locales())
def test_no_unknown_words(lib, lang):
    titles = {s.title for item in lib.items() for s in item.sources}
    unknown = unknown_words(lang, language_texts(lib, lang), names=titles)
    assert [f"{u.word} ({u.count}×, e.g. {u.example})" for u in unknown] == []
