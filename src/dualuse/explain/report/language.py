"""Mark Chinese, Japanese and Korean text with its language so the browser picks the right glyphs.

Text is shown as it was written — never transliterated. Each run of CJK characters is wrapped in a
``<span lang=…>``: kana makes it Japanese, Hangul Korean; Han characters alone are ambiguous (防衛省
is Japanese), so a name the screening matched in a known language takes that language, Han beside
kana in the same text or a Japanese company form (株式会社 …) is Japanese, and otherwise Chinese is
assumed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup, escape

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_RUN = re.compile(
    r"[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
    r"(?:[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uffef0-9A-Za-z&.\-]*"
    r"[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uffef0-9A-Za-z])?"
)
_PUNCTUATION = "「」『』（）()【】・、。 　"
#: Company forms written only in Japanese names (Companies Act of Japan).
_JAPANESE_COMPANY_FORMS = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社")


def language_of(text: str, hints: Mapping[str, str] | None = None) -> str | None:
    """The language tag for ``text`` ("ja", "zh", "ko") or None when it has no CJK characters."""
    if hints:
        hinted = hints.get(text.strip(_PUNCTUATION))
        if hinted:
            return hinted
    if _KANA.search(text) or any(form in text for form in _JAPANESE_COMPANY_FORMS):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    return "zh" if _RUN.search(text) else None


def mark_languages(text: object, hints: Mapping[str, str] | None = None, *, element: str = "span") -> Markup:
    """``text`` HTML-escaped, with every CJK run wrapped in a ``<span>`` carrying its language.

    Inside SVG text use ``element="tspan"``: an HTML span there would end the SVG.
    """
    value = "" if text is None else str(text)
    context_is_japanese = language_of(value) == "ja"
    out: list[str] = []
    position = 0
    for run in _RUN.finditer(value):
        out.append(str(escape(value[position : run.start()])))
        language = language_of(run.group(), hints)
        if language == "zh" and context_is_japanese:
            language = "ja"
        out.append(f'<{element} lang="{language}">{escape(run.group())}</{element}>')
        position = run.end()
    out.append(str(escape(value[position:])))
    return Markup("".join(out))  # noqa: S704 - every piece above is escaped


def mark_languages_in_svg(text: object, hints: Mapping[str, str] | None = None) -> Markup:
    """As mark_languages, with ``<tspan>`` for use inside SVG ``<text>``."""
    return mark_languages(text, hints, element="tspan")
