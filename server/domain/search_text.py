"""Chinese search text: one tokeniser for writing and for querying, identical on both engines.

Engine-neutral: what is stored, what is asked (token groups, which tokens are prefixes, the
field weights). Writing a query in an engine's syntax (Lucene, RediSearch) is graph/search_syntax.py.

A clerk types words (人口, 身份证), parts of words (居民身份), full pinyin (renkou), pinyin
initials (rkjc, sfz, and jmsfzxx for the whole name 居民身份证信息), the first letters of a
longer string while still typing (shenfenzh, jmsf), and the government's own synonyms
(身份证号 ≈ 公民身份号码). Neither full-text engine can do that for Chinese by itself
(FalkorDB's ``language:'chinese'`` matched nothing on pre-tokenised text; Neo4j has no
pinyin), so this module turns text into **whitespace-separated tokens made only of
``[0-9a-z]`` and Han characters**. The graph stores them on the node and indexes them with a
plain whitespace analyzer and no stop words (Neo4j ``fulltext.analyzer: 'whitespace'``;
FalkorDB ``stopwords: []`` with ``nostem: true`` per field), so both engines see exactly
the same terms, and query strings built from the same tokens need no escaping.

What a field's text becomes (``index_tokens``), per run of Han characters:

- every character (unigram): measured on a typical item (name, summary, ten elements,
  department) at +19 % tokens but only +6 % characters, and it is the only thing that lets a
  one-character query (税, 房, 车) or a single leftover character in a query find anything;
- every character bigram: the partial-word match (居民身份 → 居民 身份, 民身 …), independent
  of how the segmenter happened to cut the stored text;
- jieba words (precise mode plus the 2- and 3-character dictionary words inside longer ones,
  as ``cut_for_search`` does), with every synonym from ``synonyms.txt`` in jieba's dictionary;
- per word: full pinyin without tones (人口 → ``renkou``) and initials (``rk``);
- per word start, what a clerk may type from there to the end of the run
  (``_spellings_from``): the **full pinyin** (居民身份证信息 → ``juminshenfen``, from 身份 on
  ``shenfenzheng``; cut at ``PINYIN_MAX`` = 12 letters) with its prefixes of up to
  ``SHORT_PREFIX_MAX`` = 5 letters (``ju … jumin``), and the **initials with every prefix**
  (``jm, jms, jmsf … jmsfzxx``, ``sf, sfz, sfzx, sfzxx``; up to ``INITIALS_MAX`` = 12). Names,
  element names and extra labels get these (``mode="phrase"``); summaries, long free text, keep
  only each word's pinyin and initials (``mode="words"``).

Latin words are lowercased with their letter and digit parts and their prefixes of up to 5
characters (``gb2312`` → ``gb2312, gb, 2312, gb2, gb23, gb231``); digit runs stay whole.

Size and speed, measured (2 shared cores) on ``seed/generator.py``'s catalog (a name, a
~60-character summary, ten element names, department, themes, database, code): ~550 tokens and
~2,600 characters per item over the four fields (~780 tokens and ~5,500 characters when every
prefix of every spelling was stored); 10,000 items tokenise in ~5 s (8–9 s while other work
shares the 2 cores); a query takes ~50 µs. jieba's dictionary loads in 1–2 s, once per process
(``warm_up()`` at start).

Prefixes: the short ones stored, the longer ones asked. A latin query token of
``QUERY_PREFIX_MIN`` = 6 or more characters with a letter in it (a whole word's pinyin
``renkou``, a spelling across words ``renkoujichu``, one still being typed ``shenfenzh``) is asked
as a prefix of its first 12 letters (``prefix_term``): ``renkou*`` on both engines
(graph/search_syntax.py); shorter tokens and digit runs are asked as themselves.
Storing every prefix of every spelling instead was ~60 % of the stored tokens and most of the
engine's import CPU and memory (bench/README.md, finding 9). What is still stored, and why —
measured on the embedded engine (FalkorDB 4.16.3):

- FalkorDB expands a prefix into at most ~88 terms, the first in byte order, and drops the
  rest silently (1,000 terms ``ab0000…``: ``ab*`` found the items of ``ab0000``–``ab0087``; there is
  no ``FT.CONFIG`` to raise it). The items holding the typed token itself are always found (it
  is the first term in byte order); items reached only through longer terms may not be.
  Simulated against the stored-prefix index (latin query tokens from 1,200 sampled names and
  element names, cut at every length): over 30,000 generated items, with only 2–3-letter
  prefixes stored, ``dianz`` (电子 typed halfway) lost 1,118 of 1,325 items, because a hundred
  ``dianzh…`` terms come first. With up to 5 letters stored and spellings cut at 12 letters
  (fewer distinct long terms), over 100,000 items: 0.06 % of the matches of whole-word spellings
  and 0.04 % of those of spellings ending inside a syllable were lost, in 96 of ~40,000 query
  strings, mostly place names run together (``shizhen``: 529 of 2,625; ``gongzh``: 626 of 919);
  none for initials.
- Initials keep every prefix: after a few letters they run into each item's own name
  (晋城经济技术开发区… → ``jcjjjskfq`` + the initials of the rest), so ``jcjjjskfq*`` fanned out into
  hundreds of terms (352 of 669 items lost, simulated over 10,000 items). They are short:
  ~60 tokens per item.
- FalkorDB accepts a 1-character prefix; RediSearch's usual minimum is 2. The 6-character
  minimum here comes from what is stored, not from the engines.
- Scores: whole-word and partial matches score alike on both engines (graph/search_syntax.py
  says how each engine scores a prefix).
- Items saved before this scheme keep their old tokens (every prefix) until they are saved
  again. The prefix query finds them as before: each old prefix gram starts with what is asked.
  Measured: 42 queries over 10,000 items loaded with the old tokens found the same items with
  the old and the new query form. They do not score alike: RediSearch scores a term lower in an
  item that stores more tokens (``gaoping``: 1.25 with the old prefixes, 2.0 without), and a
  partial spelling may hit one of their stored prefixes (rarer, so scored higher). Until they
  are saved again, old items rank a little lower for whole words and higher for partial
  spellings; saving again (or reloading) re-indexes them and makes the index smaller.

The query (``query_terms``) is an AND of groups, each group an OR of alternative tokens:
a Han word of 3+ characters becomes the bigrams that cover it (居民身份证 → 居民, 身份, 份证),
each group also accepting the whole word and its synonyms; a latin token is one group (plus
the synonym words whose pinyin or initials it spells). A group's first token is what was typed
(the bigram, the latin word), the others are what it was expanded to (Neo4j's query weighs
them lower: graph/search_syntax.py). All groups are required by default:
clerks expect another word to narrow the list (as every search box they know does), and the
synonyms, bigrams and prefixes already give recall inside each group; the any-group form
(``require_all=False`` in graph/search_syntax.py) is the "no exact results, showing related"
fallback.

What a clerk types is not always a clean keyword, so the query side also
(tests/test_search_relevance.py measures all of it through the server):

- drops function characters (的, 和, 我, 想 …) and the filler words of a request (查询, 一下,
  哪个, 以便 …), and — when the text reads as a sentence, i.e. it had some — the words that only
  say "data about" (信息, 数据, 名单, 记录, 单位, 核验 …): 请帮我找一下阳城县的低保对象名单 asks
  for 阳城县 AND 低保对象, which one item answers, instead of failing the AND on 名单;
- corrects homophone typos of pinyin input: characters the segmenter cannot join (营业执炤 →
  营业 执 炤) that, with the word beside them, sound exactly like a word of the synonyms file
  become that word (营业执照, and so its synonyms); otherwise a loose pair of characters also
  accepts its pinyin (登计 → dengji), which the index holds for the right word;
- strips query syntax that would leave a word behind (``@name:``, ``searchName:``, ``^2``).

The index side adds every synonym word a text contains, however jieba cut it (a longer synonym
such as 个体工商户登记 would otherwise hide 个体工商户 inside one jieba word).

Nothing here does I/O except reading the synonyms file once; nothing raises on user input.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

__all__ = [
    "FIELD_WEIGHTS",
    "MAX_GROUPS",
    "MAX_QUERY_CHARS",
    "clean_groups",
    "combined_search_text",
    "document_text",
    "highlight",
    "index_tokens",
    "load_synonyms",
    "normalise",
    "prefix_term",
    "query_terms",
    "warm_up",
]

# ---------------------------------------------------------------------------------------------
# Limits (every one is a guard against unbounded work on user input)

MAX_QUERY_CHARS = 100  # the query is cut to its first 100 characters before anything else
MAX_GROUPS = 12  # at most 12 AND-ed groups
MAX_ALTERNATIVES = 8  # at most 8 OR-ed tokens in one group (Lucene's clause limit is 1024)
MAX_INDEX_CHARS = 4000  # a stored field is cut to this many characters before tokenising
PINYIN_MAX = 12  # longest stored full-pinyin string or latin word (and of a prefix query term)
INITIALS_MAX = 12  # longest stored initials string
SPELLING_MAX = 20  # a latin query token is cut to this, and looked up among the synonyms' spellings
PREFIX_MIN = 2  # shortest stored prefix gram
SHORT_PREFIX_MAX = 5  # pinyin and latin words store their prefixes up to this length only
QUERY_PREFIX_MIN = SHORT_PREFIX_MAX + 1  # a latin query token this long is asked as a prefix (renkou*)
DIGITS_MAX = 32

#: Field weights: name > summary > elements (DESIGN "Search"). FalkorDB takes them in the index
#: (``{field:'searchName', weight:4, nostem:true}``, verified on FalkorDB 4.16.3); Neo4j gets
#: them in the query (graph/search_syntax.py).
FIELD_WEIGHTS: dict[str, float] = {
    "searchName": 4.0,
    "searchSummary": 2.0,
    "searchElements": 1.0,
    "searchExtra": 1.0,
}
DEFAULT_SYNONYMS = Path(__file__).with_name("synonyms.txt")

# Single characters that carry no meaning in a clerk's query (的, 和, 查 …): dropped from the
# query when it has other groups. The index keeps them (it must not depend on this list).
_STOP_CHARS = frozenset("的了和与及或等之在是把被对从向按由于其查找搜请我你您想要帮有吗呢吧啊呀么哪些个为以将会能可也都就还又再才并而但这那各每该此用给让")
# Words that make a query a request sentence and say nothing about the data (我想查询一下…的…):
# dropped from the query like the characters above, unless they are all there is.
_FILLER_WORDS = frozenset(
    "我们 你们 他们 咱们 我想 我要 想要 需要 请问 麻烦 帮忙 帮我 查询 查找 查看 查查 搜索 检索 一下 看看 "
    "哪个 哪些 哪里 哪儿 什么 怎么 怎样 如何 有没有 是否 能否 可否 可以 关于 有关 相关 以便 为了 一些 "
    "所有 全部 本市 全市 我市 获取 进行 知道 了解 谢谢".split()
)
# Words that only say "data about …" or why it is wanted (信息, 名单, 核验): kept in a short query
# (人口信息, 守信 名单), dropped from a sentence, where they would make the AND fail: an item
# about 低保对象 rarely says 名单, one about 营业执照 never says 核验.
_WEAK_WORDS = frozenset(
    "数据 信息 资料 名单 清单 记录 情况 内容 目录 单位 部门 核验 核实 核对 比对 验证 使用 调用 共享 "
    "申请 办理 用于".split()
)
# Lucene keywords a user may type; removed as words from the query.
_QUERY_KEYWORDS = frozenset({"and", "or", "not"})
# Query syntax that leaves a word behind once punctuation is gone: field qualifiers (@name:,
# searchName:) and a boost or fuzziness with its number (^2, ~0.8).
_QUERY_SYNTAX = re.compile(
    r"@[A-Za-z_][A-Za-z0-9_]*\s*:?"
    r"|(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*:(?=[^\s:/\\])"
    r"|[\^~]\s*[0-9]+(?:\.[0-9]+)?"
)

_HAN_RANGES = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs (NFKC maps most to unified)
    (0x20000, 0x3134F),  # Extensions B–G
)
_HAN_CLASS = "".join(
    f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in _HAN_RANGES
)
_SEGMENT = re.compile(f"[0-9a-z]+|[{_HAN_CLASS}]+")
_HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")
_LATIN_RUN = re.compile("[0-9a-z]+")
_LATIN_PARTS = re.compile("[a-z]+|[0-9]+")
_TOKEN = re.compile(f"[0-9a-z{_HAN_CLASS}]+")
_PREFIX_TERM = re.compile("[0-9a-z]*[a-z][0-9a-z]*")  # latin with at least one letter: never a code


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    for lo, hi in _HAN_RANGES:
        if lo <= cp <= hi:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Normalisation: full-width → half-width, lowercase, accents off, everything else → space.


def _normalise_char(ch: str) -> str:
    if "a" <= ch <= "z" or "0" <= ch <= "9":
        return ch
    if "A" <= ch <= "Z":
        return ch.lower()
    cp = ord(ch)
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
        return ch
    if ch in "üÜǖǘǚǜǕǗǙǛ":
        return "v"  # pinyin ü is typed (and indexed by pypinyin) as v: 绿 → lv
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if _is_han(c):
            out.append(c)
            continue
        c = c.lower()
        if c.isascii():
            out.append(c if c.isalnum() else " ")
            continue
        # é → e, ā → a; anything without a latin base (symbols, kana, emoji) becomes a space
        base = "".join(x for x in unicodedata.normalize("NFKD", c) if x.isascii() and x.isalnum())
        out.append(base.lower() if base else " ")
    return "".join(out)


class _NormTable(dict):
    """A ``str.translate`` table filled on first sight of each code point."""

    def __missing__(self, cp: int) -> str:
        value = _normalise_char(chr(cp))
        if len(self) < 200_000:  # hostile input cannot grow it without bound
            self[cp] = value
        return value


_NORM_TABLE = _NormTable()


def normalise(text: str) -> str:
    """Lowercase ``[0-9a-z]`` and Han characters; every other character becomes a space."""
    return text.translate(_NORM_TABLE)


# ---------------------------------------------------------------------------------------------
# jieba and pypinyin, loaded once per process, lazily and quietly.

_lock = threading.RLock()
_tokenizer = None  # jieba.Tokenizer, our own instance (the global jieba.dt is left alone)
_synonyms: "_Synonyms | None" = None
_ready = False
_added_words: list[tuple[str, int | None]] = []  # (dictionary key, value before) to undo a file
_added_total: list[int] = []


def _init_tokenizer() -> None:
    global _tokenizer
    if _tokenizer is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict …" to stderr
        tk = jieba.Tokenizer()
        tk.initialize()
        _tokenizer = tk


def _ensure_ready() -> None:
    """jieba's dictionary and the synonyms, once per process, on first use (thread-safe)."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        _init_tokenizer()
        if _synonyms is None:
            _install_synonyms(None)
        _ready = True


def _jieba():
    _ensure_ready()
    return _tokenizer


def warm_up() -> float:
    """Loads jieba, pypinyin and the synonyms now (at server start); returns seconds taken."""
    import time

    started = time.perf_counter()
    _jieba()
    _word_pinyin("人口")
    return time.perf_counter() - started


@lru_cache(maxsize=200_000)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """Toneless pinyin per character of one word ('' where a character has none)."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(word, style=Style.NORMAL, errors=lambda chars: [""] * len(chars))
    if len(syllables) != len(word):  # never expected; keep the alignment anyway
        syllables = [
            (lazy_pinyin(ch, style=Style.NORMAL, errors=lambda c: [""] * len(c)) or [""])[0] for ch in word
        ]
    return tuple(s if s.isascii() and s.isalpha() else "" for s in (x.lower() for x in syllables))


@lru_cache(maxsize=100_000)
def _segment(run: str) -> tuple[tuple[tuple[str, int], ...], tuple[str, ...]]:
    """jieba words of a Han run with their start offsets, in search mode, and the run's pinyin.

    Search mode = the precise cut plus the 2- and 3-character dictionary words inside longer
    words (what ``cut_for_search`` yields), computed from one precise cut.
    """
    tk = _jieba()
    words: list[tuple[str, int]] = []
    syllables: list[str] = []
    pos = 0
    freq = tk.FREQ
    for word in tk.lcut(run, HMM=False):
        length = len(word)
        words.append((word, pos))
        if length > 2:
            for i in range(length - 1):
                if freq.get(word[i : i + 2]):
                    words.append((word[i : i + 2], pos + i))
        if length > 3:
            for i in range(length - 2):
                if freq.get(word[i : i + 3]):
                    words.append((word[i : i + 3], pos + i))
        syllables.extend(_word_pinyin(word))
        pos += length
    # Every synonym word the run contains is a word of it, however the segmenter cut the run:
    # 个体工商户登记信息 holds 个体工商户 even when a longer synonym was cut as one word.
    synonyms = _synonyms
    if synonyms is not None and synonyms.by_first:
        present = set(words)
        for i, ch in enumerate(run):
            for word in synonyms.by_first.get(ch, ()):
                if run.startswith(word, i) and (word, i) not in present:
                    present.add((word, i))
                    words.append((word, i))
    return tuple(words), tuple(syllables)


def _prefixes(text: str, longest: int) -> list[str]:
    """``text[:2]``, ``text[:3]`` … ``text[:longest]`` (only those shorter than ``text`` itself
    when ``longest`` is below its length)."""
    return [text[:k] for k in range(PREFIX_MIN, min(len(text), longest) + 1)]


def _spellings_from(syllables: Sequence[str], initials: Sequence[str]) -> list[str]:
    """What a clerk may type for the text from one word start to the end of its run.

    The whole full pinyin (``shenfenzheng…``, cut at ``PINYIN_MAX`` letters) and its short
    prefixes (``sh`` … ``shenf``): a longer partial spelling (``shenfenzh``) is asked as a prefix
    query and finds the whole one. The initials (``sfzxx``) with *every* prefix (``sf``, ``sfz``,
    ``sfzx``): initials strings carry item-specific tails after a few letters (晋城经济技术开发区…
    → ``jcjjjskfq`` + the rest of each name), so a prefix query on them fans out into hundreds of
    terms, more than FalkorDB expands (see the module docstring); they are short, so storing
    them costs little.
    """
    full = "".join(syllables[:PINYIN_MAX])[:PINYIN_MAX]
    short = "".join(initials[:INITIALS_MAX])
    return [*_prefixes(full, SHORT_PREFIX_MAX), full, *_prefixes(short, INITIALS_MAX)]


@lru_cache(maxsize=200_000)
def _han_tokens(run: str, mode: str) -> tuple[str, ...]:
    words, syllables = _segment(run)
    initials = tuple(s[:1] for s in syllables)
    out: list[str] = list(run)  # unigrams
    out.extend(run[i : i + 2] for i in range(len(run) - 1))  # bigrams
    for word, start in words:
        end = start + len(word)
        if len(word) > 2:
            out.append(word)
        full = "".join(syllables[start:end])
        if full:
            out.append(full[:PINYIN_MAX])
        short = "".join(initials[start:end])
        if len(short) >= 2:
            out.append(short[:INITIALS_MAX])
    if mode != "words":
        out.extend(s for s in syllables if s)  # one syllable per character: shen fen zheng
        for start in sorted({start for _, start in words}):
            out.extend(_spellings_from(syllables[start:], initials[start:]))
    return tuple(t for t in dict.fromkeys(out) if t)


def _latin_tokens(word: str) -> list[str]:
    """A latin word, its letter and digit parts (gb2312 → gb, 2312) and its short prefixes;
    digit runs stay whole (codes are looked up exactly)."""
    if word.isdigit():
        return [word[:DIGITS_MAX]]
    word = word[:PINYIN_MAX]
    out = [word]
    parts = _LATIN_PARTS.findall(word)
    if len(parts) > 1:
        out.extend(parts)
    out.extend(_prefixes(word, SHORT_PREFIX_MAX))
    return out


def index_tokens(text: str, mode: str = "phrase") -> list[str]:
    """The tokens to store for one field's text, in order of first appearance, without repeats.

    ``mode="phrase"`` (names, element names, labels) adds the cross-word pinyin and initials
    prefixes (jmsfzxx, jmsf, shenfenzh); ``mode="words"`` (long text such as a summary) keeps
    pinyin and initials per word only. Never raises on any ``str``.
    """
    if not text:
        return []
    if mode not in ("phrase", "words"):
        raise ValueError(f"mode must be 'phrase' or 'words', not {mode!r}")
    return list(_index_tokens(text, mode))


@lru_cache(maxsize=100_000)
def _index_tokens(text: str, mode: str) -> tuple[str, ...]:
    """index_tokens, memoised: catalogs repeat the same element names and labels thousands of times."""
    out: list[str] = []
    for match in _SEGMENT.finditer(normalise(text[:MAX_INDEX_CHARS])):
        segment = match.group()
        if _is_han(segment[0]):
            out.extend(_han_tokens(segment, mode))
        else:
            out.extend(_latin_tokens(segment))
    return tuple(dict.fromkeys(out))


def _tokens_of(texts: Iterable[str], mode: str) -> str:
    seen: dict[str, None] = {}
    for text in texts:
        if isinstance(text, str):
            seen.update(dict.fromkeys(index_tokens(text, mode)))
    return " ".join(seen)


def document_text(
    name: str,
    summary: str,
    element_names: Sequence[str],
    extra: Sequence[str] = (),
) -> dict[str, str]:
    """The token strings to store on a CatalogItem, one property per weighted field.

    ``searchName`` (weight 4) ← the item name; ``searchSummary`` (2) ← the summary;
    ``searchElements`` (1) ← the data-element names; ``searchExtra`` (1) ← anything else worth
    finding the item by (provider department name, theme names, database name, catalog code).
    Every key is always present (``""`` when empty), so one index covers all four properties.
    """
    return {
        "searchName": _tokens_of([name], "phrase"),
        "searchSummary": _tokens_of([summary], "words"),
        "searchElements": _tokens_of(element_names, "phrase"),
        "searchExtra": _tokens_of(extra, "phrase"),
    }


def combined_search_text(fields: dict[str, str], weights: dict[str, float] | None = None) -> str:
    """Fallback for an engine without field weights: one string, each field's tokens repeated
    ``round(weight)`` times so term frequency stands in for the weight (name ×4, summary ×2)."""
    weights = FIELD_WEIGHTS if weights is None else weights
    parts: list[str] = []
    for field, text in fields.items():
        if text:
            parts.extend([text] * max(1, round(weights.get(field, 1.0))))
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Synonyms


class _Synonyms:
    def __init__(self, groups: list[list[str]]):
        self.groups = groups
        self.by_word: dict[str, list[str]] = {}
        self.by_latin: dict[str, list[str]] = {}
        # Han synonym words of 3+ characters by their first character (2-character words are
        # bigrams, indexed anyway), for finding them inside any text.
        self.by_first: dict[str, list[str]] = {}
        # Han synonym words by their syllables ("ying ye zhi zhao" → 营业执照): what a homophone
        # typo of pinyin input (营业执炤) meant.
        self.by_sound: dict[str, str] = {}
        for group in groups:
            for word in group:
                alternatives = self.by_word.setdefault(word, [])
                alternatives.extend(w for w in group if w != word and w not in alternatives)
        for word in self.by_word:
            if len(word) > 2 and _HAN_RUN.fullmatch(word):
                self.by_first.setdefault(word[0], []).append(word)

    def index_pinyin(self) -> None:
        """Latin spellings of synonym words: shebao → 社保 社会保险, sfzh → 身份证号 …"""
        by_latin: dict[str, list[str]] = {}
        by_sound: dict[str, str] = {}
        for word, alternatives in self.by_word.items():
            if not _HAN_RUN.fullmatch(word):
                continue
            syllables = _word_pinyin(word)
            if all(syllables):
                by_sound.setdefault(" ".join(syllables), word)
            spellings = ["".join(syllables)[:SPELLING_MAX]]
            short = "".join(s[:1] for s in syllables)
            if len(short) >= 3:
                spellings.append(short)
            for spelling in spellings:
                if len(spelling) < 3:
                    continue
                target = by_latin.setdefault(spelling, [])
                for w in [word, *alternatives]:
                    if w not in target:
                        target.append(w)
        self.by_latin = by_latin
        self.by_sound = by_sound


def synonyms_of(word: str) -> list[str]:
    """The word itself (normalised) and its synonyms from the synonyms file, e.g. for exact
    data-element lookups: 身份证号 → [身份证号, 公民身份号码, 证件号码, …]."""
    normalised = "".join(_TOKEN.findall(normalise(word))) or word.strip()
    return [normalised, *_synonyms_loaded().by_word.get(normalised, [])]


def _parse_synonyms(text: str) -> list[list[str]]:
    groups: list[list[str]] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        words: list[str] = []
        for raw in re.split(r"[\s,，、;；|]+", line):
            segments = _SEGMENT.findall(normalise(raw))
            if len(segments) != 1:  # empty, or mixed (12345热线): cannot be one index token
                continue
            if segments[0] not in words:
                words.append(segments[0])
        if len(words) >= 2:
            groups.append(words)
    return groups


def load_synonyms(path: str | Path | None = None) -> dict[str, list[str]]:
    """Loads a synonyms file (default: ``synonyms.txt`` beside this module) for this process.

    One group per line, words separated by spaces (or ，、;|), ``#`` starts a comment. Every
    word is added to jieba's dictionary so it is cut as one word, and its pinyin and initials
    point back at the group. Returns ``{word: [its synonyms]}``. A missing or unreadable file
    leaves the process without synonyms (logged), never without search. Items indexed before a
    change of this file keep their old tokens until they are re-indexed.
    """
    with _lock:
        _init_tokenizer()
        synonyms = _install_synonyms(path)
    return {word: list(alts) for word, alts in synonyms.by_word.items()}


def _install_synonyms(path: str | Path | None) -> _Synonyms:
    global _synonyms
    source = Path(path) if path is not None else DEFAULT_SYNONYMS
    try:
        groups = _parse_synonyms(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        logging.getLogger(__name__).warning("synonyms file %s not read: %s", source, exc)
        groups = []
    synonyms = _Synonyms(groups)
    tk = _tokenizer
    # Undo the previous file's words first, so the dictionary (and so every index token) depends
    # only on the file now in force, not on which files this process loaded before.
    for key, value in reversed(_added_words):
        if value is None:
            tk.FREQ.pop(key, None)
        else:
            tk.FREQ[key] = value
    if _added_words:
        tk.total = _added_total[0]
    _added_words.clear()
    _added_total[:] = [tk.total]
    for word in synonyms.by_word:
        if len(word) > 1 and _HAN_RUN.fullmatch(word):
            _added_words.extend((word[:k], tk.FREQ.get(word[:k])) for k in range(len(word), 0, -1))
            tk.add_word(word)  # frequency suggested by jieba: cut as one word
    synonyms.index_pinyin()
    _segment.cache_clear()
    _han_tokens.cache_clear()
    _index_tokens.cache_clear()
    _synonyms = synonyms
    return synonyms


def _synonyms_loaded() -> _Synonyms:
    _ensure_ready()
    return _synonyms


# ---------------------------------------------------------------------------------------------
# Query side


def _bigram_cover(word: str) -> list[str]:
    """Fewest bigrams that cover a word: 居民身份证 → 居民 身份 份证."""
    if len(word) <= 2:
        return [word]
    starts = list(range(0, len(word) - 1, 2))
    if starts[-1] != len(word) - 2:
        starts.append(len(word) - 2)
    return [word[i : i + 2] for i in starts]


# What a chunk of the query is (see _han_chunks): a dictionary word, a run of single characters
# the segmenter could not join (an unknown name, or a typo: 登计, 执炤), a function character,
# a filler word of a request sentence, or a weak word that only matters in a short query.
_WORD, _LOOSE, _STOP, _FILLER, _WEAK = "word", "loose", "stop", "filler", "weak"


def _han_chunks(run: str) -> list[tuple[str, str]]:
    """A Han run of the query cut into (chunk, kind). Single characters next to each other are
    one chunk (an unknown name: 端氏镇 → 端 氏 镇 → 端氏镇)."""
    chunks: list[tuple[str, str]] = []
    pending = ""
    for word in _jieba().lcut(run, HMM=False):
        if len(word) == 1 and word not in _STOP_CHARS:
            pending += word
            continue
        if pending:
            chunks.append((pending, _LOOSE))
            pending = ""
        if len(word) == 1:
            chunks.append((word, _STOP))
        elif word in _FILLER_WORDS:
            chunks.append((word, _FILLER))
        elif word in _WEAK_WORDS:
            chunks.append((word, _WEAK))
        else:
            chunks.append((word, _WORD))
    if pending:
        chunks.append((pending, _LOOSE))
    return chunks


def _correct_homophones(chunks: list[tuple[str, str]], synonyms: _Synonyms) -> list[tuple[str, str]]:
    """Loose characters are where pinyin input put a homophone (营业执炤, 不动产登计, 婚姻登纪,
    公积今). When a loose chunk, alone or with the word before or after it, sounds exactly like
    a word of the synonyms file and shares at least half its characters, that word is what was
    meant: 营业 执炤 → 营业执照 (and so its synonyms 企业登记 …)."""
    if not synonyms.by_sound or all(kind != _LOOSE for _, kind in chunks):
        return chunks
    out = list(chunks)
    i = 0
    while i < len(out):
        if out[i][1] != _LOOSE:
            i += 1
            continue
        fixed = False
        for lo, hi in ((i - 1, i + 1), (i, i + 2), (i - 1, i + 2), (i, i + 1)):
            if lo < 0 or hi > len(out) or any(kind not in (_WORD, _LOOSE) for _, kind in out[lo:hi]):
                continue
            text = "".join(chunk for chunk, _ in out[lo:hi])
            syllables = _word_pinyin(text)
            word = synonyms.by_sound.get(" ".join(syllables)) if all(syllables) else None
            if word and len(word) == len(text) and 2 * sum(a == b for a, b in zip(word, text)) >= len(word):
                out[lo:hi] = [(word, _WORD)]
                i = lo + 1
                fixed = True
                break
        if not fixed:
            i += 1
    return out


def _piece_pinyin(piece: str) -> str:
    syllables = _word_pinyin(piece)
    return "".join(syllables) if all(syllables) else ""


def _han_groups(run: str, chunks: list[tuple[str, str]], synonyms: _Synonyms) -> list[list[str]]:
    """Groups for the chosen chunks of one Han run.

    A word becomes the bigrams that cover it, each accepting the whole word (3+ characters) and
    its synonyms. A loose chunk of two or more characters (ones the segmenter could not join)
    also accepts the pinyin of each bigram: pinyin input puts a homophone in the place of the
    right character (登计, 执炤), and the pinyin of the right word is in the index (dengji,
    zhizhao). A lone character gets no such alternative: one syllable (bao) sounds like dozens
    of characters, and would let 户口薄 find every item that mentions 保障.
    """
    chunks = _correct_homophones(chunks, synonyms)
    whole = synonyms.by_word.get(run, []) if len(chunks) > 1 else []
    groups: list[list[str]] = []
    for chunk, kind in chunks:
        alternatives = ([chunk] if len(chunk) > 2 else []) + synonyms.by_word.get(chunk, []) + whole
        for piece in _bigram_cover(chunk):
            sounds: list[str] = []
            if kind == _LOOSE and len(piece) > 1:
                sound = _piece_pinyin(piece)
                if sound:
                    sounds.append(sound)
            groups.append([piece, *sounds, *alternatives])
    return groups


def _latin_groups(word: str, synonyms: _Synonyms) -> list[list[str]]:
    if word in _QUERY_KEYWORDS:
        return []
    word = word[:DIGITS_MAX] if word.isdigit() else word[:SPELLING_MAX]
    return [[word, *synonyms.by_word.get(word, []), *synonyms.by_latin.get(word, [])]]


def _strip_syntax(text: str) -> str:
    """Field qualifiers (``@name:``, ``searchName:``) and boosts/fuzziness with a number (``^2``,
    ``~0.8``) out of the raw text: they are query syntax, not words to look for."""
    return _QUERY_SYNTAX.sub(" ", unicodedata.normalize("NFKC", text))


def query_terms(text: str) -> list[list[str]]:
    """The user's search text as an AND of groups, each an OR of tokens. Never raises.

    Full-width → half-width, lowercase, punctuation and query syntax removed; only the first
    ``MAX_QUERY_CHARS`` characters and ``MAX_GROUPS`` groups are used; each group has at most
    ``MAX_ALTERNATIVES`` tokens. Lone function characters (的, 和, 查 …) and the filler words
    of a request (我想, 查询, 一下, 哪个 …) are dropped unless they are all there is; when the
    text reads as a sentence (it had some), the words that only say "data about" (信息, 数据,
    名单, 记录, 单位, 核验 …) are dropped too, so that 请帮我找一下阳城县的低保对象名单 asks
    for 阳城县 AND 低保对象. ``[]`` means "nothing to search for".
    """
    try:
        if not isinstance(text, str):
            return []
        normal = normalise(_strip_syntax(text[:MAX_QUERY_CHARS]))
        synonyms = _synonyms_loaded()
        # (run, chunks) per Han run, or (latin word, None), in the order typed
        parts: list[tuple[str, list[tuple[str, str]] | None]] = []
        for match in _SEGMENT.finditer(normal):
            segment = match.group()
            parts.append((segment, _han_chunks(segment) if _is_han(segment[0]) else None))
            if len(parts) >= MAX_GROUPS * 2:
                break
        kinds = {kind for _, chunks in parts for _, kind in chunks or ()}
        content = {_WORD, _LOOSE} | ({_WEAK} if not kinds & {_STOP, _FILLER} else set())
        has_latin = any(chunks is None and word not in _QUERY_KEYWORDS for word, chunks in parts)
        if not has_latin and not kinds & content:
            content = {_WEAK} if _WEAK in kinds else {_FILLER} if _FILLER in kinds else {_STOP}
        found: list[list[str]] = []
        for segment, chunks in parts:
            if chunks is None:
                found.extend(_latin_groups(segment, synonyms))
            else:
                chosen = [(chunk, kind) for chunk, kind in chunks if kind in content]
                if chosen:
                    found.extend(_han_groups(segment, chosen, synonyms))
        groups: list[list[str]] = []
        seen: set[tuple[str, ...]] = set()
        for group in found:
            group = list(dict.fromkeys(t for t in group if _TOKEN.fullmatch(t)))[:MAX_ALTERNATIVES]
            key = tuple(sorted(group))
            if group and key not in seen:
                seen.add(key)
                groups.append(group)
        return groups[:MAX_GROUPS]
    except Exception:  # noqa: BLE001 — search must degrade to "no terms", never to a 500
        logging.getLogger(__name__).exception("query_terms failed for %r", text[:MAX_QUERY_CHARS])
        return []


def clean_groups(groups: Iterable[Iterable[str]]) -> list[list[str]]:
    """``groups`` with every token that is not ``[0-9a-z]``/Han only dropped, repeats removed and
    the limits applied (``MAX_ALTERNATIVES``, ``MAX_GROUPS``): what a query or a highlight may
    be built from, whoever made the groups."""
    out: list[list[str]] = []
    for group in groups or ():
        if isinstance(group, str):
            group = [group]
        tokens = [t for t in dict.fromkeys(group) if isinstance(t, str) and _TOKEN.fullmatch(t)]
        if tokens:
            out.append(tokens[:MAX_ALTERNATIVES])
    return out[:MAX_GROUPS]


def prefix_term(token: str) -> str | None:
    """What a query token is asked as a prefix of (``renkou`` → ``renkou*``), or None when it is
    asked as itself.

    Latin tokens of ``QUERY_PREFIX_MIN`` or more characters with a letter in them: a partial
    spelling (``shenfenzh``), a whole word's pinyin (``renkou``: also the prefix of the longer
    spellings stored from that word on), and pinyin spanning words (``renkoujichu``), which the
    index holds only inside the spelling from a word start. Shorter ones are stored as prefix
    grams and asked exactly; digit runs (codes, 12345) are always exact. A token longer than
    ``PINYIN_MAX`` is asked by its first ``PINYIN_MAX`` letters, all that the index stores.
    Only ``[0-9a-z]`` ever comes before the ``*``, so nothing the user typed becomes syntax.
    """
    if len(token) < QUERY_PREFIX_MIN or not _PREFIX_TERM.fullmatch(token):
        return None
    return token[:PINYIN_MAX]


# ---------------------------------------------------------------------------------------------
# Highlighting


def _spans(normal: str, groups: list[list[str]]) -> list[tuple[int, int]]:
    han_tokens = {t for g in groups for t in g if _is_han(t[0])}
    latin_tokens = {t for g in groups for t in g if not _is_han(t[0]) and len(t) >= 1}
    spans: list[tuple[int, int]] = []
    for token in han_tokens:
        start = normal.find(token)
        while start != -1:
            spans.append((start, start + len(token)))
            start = normal.find(token, start + 1)
    if not latin_tokens:
        return spans
    for match in _LATIN_RUN.finditer(normal):
        word, base = match.group(), match.start()
        starts = [base] + [base + m.start() for m in _LATIN_PARTS.finditer(word)][1:]
        for token in latin_tokens:
            for s in starts:
                if normal.startswith(token, s) and (len(token) >= 2 or s + 1 == match.end()):
                    spans.append((s, s + len(token)))
    pinyin_tokens = [t for t in latin_tokens if len(t) >= 2 and t.isalpha()]
    if not pinyin_tokens:
        return spans
    for match in _HAN_RUN.finditer(normal):
        run, base = match.group(), match.start()
        _, syllables = _segment(run)
        for i in range(len(run)):
            if not syllables[i]:
                continue
            for token in pinyin_tokens:
                full = short = ""
                for j in range(i, len(run)):
                    previous = len(full)
                    full += syllables[j]
                    short += syllables[j][:1]
                    hit_full = full.startswith(token) and previous < len(token)
                    if hit_full or short == token:
                        spans.append((base + i, base + j + 1))
                        break
                    if len(short) >= len(token) and len(full) >= len(token):
                        break
    return spans


def highlight(text: str, groups: list[list[str]]) -> str:
    """``text`` HTML-escaped, with the parts that the query's tokens match in ``<em>…</em>``.

    Han tokens match as substrings; latin tokens match latin words by prefix and Han text by
    its pinyin (renkou → 人口, shenf → 身份) or initials (sfz → 身份证). Never raises.
    """
    if not isinstance(text, str) or not text:
        return ""
    try:
        text = text[: MAX_INDEX_CHARS * 2]
        cleaned = clean_groups(groups)
        if not cleaned:
            return html.escape(text)
        normal_chars: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(text):
            for c in normalise(ch):
                normal_chars.append(c)
                origin.append(index)
        spans = _spans("".join(normal_chars), cleaned)
        marked = sorted((origin[s], origin[e - 1] + 1) for s, e in spans if e > s)
        merged: list[list[int]] = []
        for s, e in marked:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        out: list[str] = []
        cursor = 0
        for s, e in merged:
            out.append(html.escape(text[cursor:s]))
            out.append("<em>" + html.escape(text[s:e]) + "</em>")
            cursor = e
        out.append(html.escape(text[cursor:]))
        return "".join(out)
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).exception("highlight failed")
        return html.escape(text)
