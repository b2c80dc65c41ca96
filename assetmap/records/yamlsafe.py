"""Hostile-safe YAML: bytes from a file we do not trust -> plain data with a line for every field, or Problems.

libyaml's C parser composes a node tree (so every value keeps its line); we then build the Python values
ourselves instead of using PyYAML's constructor, which lets us refuse what a hand-edited record never needs
(tags, anchors, aliases, merge keys, duplicate keys, deep nesting) and catch YAML 1.1's silent coercions
(`yes` -> True, `.inf`, `0x10`, `1:30`) as Problems instead of surprises.

Nothing here raises: every failure is a Problem with a line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from assetmap.records.problems import Problem, emits, problem
from assetmap.text import BAD_CHARS

if not yaml.__with_libyaml__:  # pure-Python YAML is ~7x slower: say so rather than crawl
    raise ImportError("PyYAML was installed without libyaml; reinstall with `uv sync --reinstall-package pyyaml`")

MAX_BYTES = 64 * 1024
MAX_DEPTH = 6  # a record is at most record -> sources -> source -> value
# libyaml's composer recurses in C; thousands of nested levels overflow the stack. Files with fewer
# structural tokens than this cannot nest deep enough to matter, so only they skip the event scan.
_STRUCTURE_SCAN_ABOVE = 1000
_INTERN_UP_TO = 100  # characters: longer text (summaries) is rarely repeated

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")

T_STR = "tag:yaml.org,2002:str"
T_INT = "tag:yaml.org,2002:int"
T_FLOAT = "tag:yaml.org,2002:float"
T_BOOL = "tag:yaml.org,2002:bool"
T_NULL = "tag:yaml.org,2002:null"
T_TIMESTAMP = "tag:yaml.org,2002:timestamp"
T_MERGE = "tag:yaml.org,2002:merge"


@dataclass(slots=True)  # one per record: slots, not a dict of attributes each
class Parsed:
    """What a file holds: `data` (None if unreadable), `lines` (field path -> line), and problems.

    `bad` holds the field paths whose value already has a problem, so later checks stay quiet about them.
    """

    path: str
    data: dict | None = None
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bad: frozenset[str] = frozenset()  # rarely any: the empty one is shared by every file

    def line(self, path: str) -> int:
        """The line of a field path, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.lines.get("", 1)

    def trimmed(self, fields: Collection[str]) -> Parsed:
        """What is left once the file's own checks are done: its path, problems and set-aside fields, and the
        lines of the top-level `fields` and their list items (`members`, `members[1]`); the raw values and all
        other lines go. About half of a checked record's memory, held for every file until the load ends."""
        kept = {p: n for p, n in self.lines.items() if "." not in p and p.split("[", 1)[0] in fields}
        return Parsed(self.path, None, kept, self.problems, self.bad)


class Refused(Exception):
    """A file :func:`read_bytes` would not read, as the Problem it makes: ``code``, ``variant``, ``params``."""

    def __init__(self, code: str, variant: str, **params) -> None:
        super().__init__(code)
        self.code, self.variant, self.params = code, variant, params


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """At most ``max_bytes`` from a regular file, without following links or blocking on FIFOs.

    Raises :class:`Refused` for a link, a non-file, an unreadable file or one larger than ``max_bytes``.
    Shared data files (areas.geojson) are read through it too.
    """
    try:
        st = os.lstat(path)
    except OSError as e:
        raise Refused("not-a-file", "unreadable", reason=e.strerror or "") from None
    if stat.S_ISLNK(st.st_mode):
        raise Refused("symlink", "file")
    if not stat.S_ISREG(st.st_mode):
        raise Refused("not-a-file", "special")
    if st.st_size > max_bytes:
        raise Refused("file-too-large", "size", size=st.st_size, limit=max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            return os.read(fd, max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as e:
        raise Refused("not-a-file", "unreadable", reason=e.strerror or "") from None


@emits("symlink", "not-a-file", "file-too-large")
def read_file(path: Path, display: str) -> Parsed:
    """Read at most MAX_BYTES from a regular file without following links or blocking on FIFOs."""
    try:
        raw = read_bytes(path)
    except Refused as e:
        return _fail(display, 1, "", e.code, e.variant, **e.params)
    return parse_bytes(raw, display)


@emits(
    "file-too-large",
    "nul-byte",
    "not-utf8",
    "bidi-character",
    "control-character",
    "empty-file",
    "yaml-syntax",
    "multiple-documents",
)
def parse_bytes(raw: bytes, path: str) -> Parsed:
    """Bytes -> Parsed. Safe on any input: never raises, never hangs (input is capped at MAX_BYTES)."""
    if len(raw) > MAX_BYTES:
        return _fail(path, 1, "", "file-too-large", "over", limit=MAX_BYTES)
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return _fail(path, line, "", "nul-byte")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        return _fail(path, line, "", "not-utf8", byte=f"0x{raw[e.start]:02x}")
    text = text.removeprefix("\ufeff")
    bad = BAD_CHARS.search(text)
    if bad:
        ch = bad.group()
        line = text.count("\n", 0, bad.start()) + 1
        if ch in _BIDI:
            return _fail(path, line, "", "bidi-character", "raw", char=f"U+{ord(ch):04X}")
        return _fail(path, line, "", "control-character", "raw", char=f"U+{ord(ch):04X}")
    if not text.strip():
        return _fail(path, 1, "", "empty-file", "empty")
    try:
        return _parse_text(text, path)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        if "expected a single document" in str(e):
            return _fail(path, line, "", "multiple-documents")
        variant, params = syntax_hint(e)
        return _fail(path, line, "", "yaml-syntax", variant, **params)
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError, TypeError) as e:
        return _fail(path, 1, "", "yaml-syntax", "other", detail=type(e).__name__)


def _fail(path: str, line: int, field_: str, code: str, variant: str = "", **params) -> Parsed:
    return Parsed(path, problems=[problem(path, line, field_, code, variant, **params)])


# libyaml's words for a syntax error -> the plain explanation of its usual cause (`problems.yaml-syntax.*`)
_SYNTAX_CAUSES = (
    ("mapping values are not allowed", "colon"),
    ("found character '\\t'", "tab"),
    ("that cannot start any token", "reserved"),
    ("while scanning a quoted scalar", "quote"),
    ("flow sequence", "bracket"),
    ("flow mapping", "bracket"),
    ("could not find expected ':'", "no-colon"),
    ("did not find expected key", "indent"),
    ("expected <block end>", "indent"),
    ("did not find expected '-' indicator", "indent"),
)


def syntax_hint(e: yaml.MarkedYAMLError) -> tuple[str, dict]:
    """(variant, params) of the yaml-syntax message: the usual cause of what libyaml reports."""
    text = str(e)
    for needle, variant in _SYNTAX_CAUSES:
        if needle in text:
            return variant, {}
    return "other", {"detail": (e.problem or e.context or "").strip()}


@emits("too-deep", "empty-file", "not-a-mapping")
def _parse_text(text: str, path: str) -> Parsed:
    if "&" in text or "*" in text or "!" in text:
        found = _scan_tokens(text, path)
        if found:
            return found
    structure = text.count("[") + text.count("{") + text.count("- ") + text.count("? ")
    if structure > _STRUCTURE_SCAN_ABOVE and _event_depth(text) > MAX_DEPTH:
        return _fail(path, 1, "", "too-deep", depth=MAX_DEPTH)
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        return _fail(path, 1, "", "empty-file", "no-record")
    out = Parsed(path)
    if not isinstance(node, MappingNode):
        kind = "list" if isinstance(node, SequenceNode) else "value"
        out.problems.append(problem(path, node.start_mark.line + 1, "", "not-a-mapping", kind))
        return out
    out.lines[""] = node.start_mark.line + 1
    out.data = _Builder(out).mapping(node, "", 1)
    return out


@emits("yaml-alias", "yaml-tag")
def _scan_tokens(text: str, path: str) -> Parsed | None:
    """Find anchors, aliases and tags with the C scanner before anything is composed (alias bombs)."""
    loader = yaml.CSafeLoader(text)
    try:
        while True:
            tok = loader.get_token()
            if tok is None:
                return None
            name = type(tok).__name__
            line = tok.start_mark.line + 1
            if name in ("AnchorToken", "AliasToken"):
                return _fail(path, line, "", "yaml-alias")
            if name == "TagToken":
                return _fail(path, line, "", "yaml-tag", "tag")
    finally:
        loader.dispose()


def _event_depth(text: str) -> int:
    """Deepest nesting, from libyaml's (iterative) event stream: safe where composing could overflow."""
    loader = yaml.CSafeLoader(text)
    depth = deepest = 0
    try:
        while (ev := loader.get_event()) is not None:
            name = type(ev).__name__
            if name in ("MappingStartEvent", "SequenceStartEvent"):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_DEPTH:
                    return deepest
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                depth -= 1
    finally:
        loader.dispose()
    return deepest


class _Builder:
    """Node tree -> plain Python values, recording each field's line and each value-level problem."""

    def __init__(self, out: Parsed):
        self.out = out

    def report(self, node, fpath: str, code: str, variant: str = "", **params) -> None:
        self.out.problems.append(problem(self.out.path, node.start_mark.line + 1, fpath, code, variant, **params))
        self.out.bad |= {fpath}

    @emits("too-deep")
    def value(self, node, fpath: str, depth: int):
        if depth > MAX_DEPTH:
            self.report(node, fpath, "too-deep", depth=MAX_DEPTH)
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, fpath)
        if isinstance(node, SequenceNode):
            items = []
            for i, child in enumerate(node.value):
                cpath = f"{fpath}[{i}]"
                self.out.lines[cpath] = child.start_mark.line + 1
                items.append(self.value(child, cpath, depth + 1))
            return items
        return self.mapping(node, fpath, depth)

    @emits("yaml-merge-key", "invalid-key", "duplicate-key")
    def mapping(self, node: MappingNode, fpath: str, depth: int) -> dict:
        result: dict = {}
        for key_node, val_node in node.value:
            if key_node.tag == T_MERGE:
                self.report(key_node, fpath, "yaml-merge-key")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != T_STR:
                if isinstance(key_node, ScalarNode):
                    self.report(key_node, fpath, "invalid-key", "value", key=key_node.value)
                else:
                    self.report(key_node, fpath, "invalid-key", "structure")
                continue
            key = sys.intern(key_node.value)
            cpath = f"{fpath}.{key}" if fpath else key
            if key in result:
                first = self.out.lines.get(cpath, "?")
                self.report(key_node, cpath, "duplicate-key", name=key, first=first)
                continue
            self.out.lines[cpath] = key_node.start_mark.line + 1
            result[key] = self.value(val_node, cpath, depth + 1)
        return result

    @emits("bidi-character", "control-character", "yaml-coercion", "invalid-date", "yaml-tag")
    def scalar(self, node: ScalarNode, fpath: str):
        tag, raw = node.tag, node.value
        if tag == T_STR:
            if node.style == '"':  # escapes like "\x07" or "\u202e" make characters the raw-text check never saw
                bad = BAD_CHARS.search(raw)
                if bad:
                    code = "bidi-character" if bad.group() in _BIDI else "control-character"
                    self.report(node, fpath, code, "escape", char=f"U+{ord(bad.group()):04X}")
                    return BAD_CHARS.sub("", raw)
            # ids, themes, areas, dates and titles repeat across thousands of records: keep one copy of each
            return sys.intern(raw) if len(raw) <= _INTERN_UP_TO else raw
        if tag == T_NULL:
            return None
        if tag == T_BOOL:
            if raw.lower() in ("true", "false"):
                return raw.lower() == "true"
            self.report(node, fpath, "yaml-coercion", "bool", raw=raw)
            return raw
        if tag == T_INT:
            if _DECIMAL.match(raw):
                return int(raw)
            self.report(node, fpath, "yaml-coercion", "int", raw=raw)
            return raw
        if tag == T_FLOAT:
            if _FLOAT.match(raw):
                return float(raw)
            self.report(node, fpath, "yaml-coercion", "float", raw=raw)
            return raw
        if tag == T_TIMESTAMP:
            m = _DATE.match(raw)
            if m:
                try:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    self.report(node, fpath, "invalid-date", "not-real", value=raw)
                    return raw
            return raw  # a date with a time: left as text, the schema says what it expects
        self.report(node, fpath, "yaml-tag", "type", tag=tag)
        return raw
