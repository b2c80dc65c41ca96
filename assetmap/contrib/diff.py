"""What a branch changes under the data folder, in words, for a maintainer reviewing it (``assetmap diff``)."""

from __future__ import annotations

import re
from pathlib import Path

from assetmap.contrib.git import GitError, check_ref, git, nul_separated, untracked

_UNPRINTABLE = re.compile(r"[^\S ]|[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _clean(text, limit: int = 80) -> str:
    """Text from a record made safe for a terminal: no control or invisible characters, not too long."""
    text = _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if m.group() not in "\n\t" else " ", str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(kind: str | None, data: dict | None, stem: str) -> str:
    from assetmap.records.schema import SINGULAR

    noun = SINGULAR.get(kind or "", "record")
    rid = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else stem
    name = data.get("name") if isinstance(data, dict) else None
    return f"{noun} '{_clean(rid)}'" + (f" ({_clean(name)})" if isinstance(name, str) and name else "")


def _field_changes(old: dict, new: dict) -> list[str]:
    out = []
    for key in list(old) + [k for k in new if k not in old]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key not in new:
            out.append(f"{_clean(key)} (removed)")
        elif key not in old:
            out.append(f"{_clean(key)} (added)")
        elif isinstance(before, list) and isinstance(after, list) and all(isinstance(v, str) for v in before + after):
            plus = [f"+{_clean(v, 40)}" for v in after if v not in before]
            minus = [f"−{_clean(v, 40)}" for v in before if v not in after]
            out.append(f"{_clean(key)} ({', '.join(plus + minus) or 'order'})")
        else:
            out.append(_clean(key))
    return out


def record_changes(data: Path, base: str) -> list[str]:
    """What the working tree adds, changes and removes under `data` since it left git ref `base`, in words.

    Compared with the merge base of `base` and HEAD, so changes made on `base` after the branch started do
    not show as reverts. Old versions come from `git show`, parsed with the same hostile-safe parser as
    everything else; files that are not records are listed by path.
    """
    from assetmap.load import kind_of
    from assetmap.records.yamlsafe import parse_bytes, read_file

    check_ref(data, base)
    try:
        since = git(data, "merge-base", base, "HEAD").decode().strip()
    except GitError:
        since = base
    # with --no-renames every entry is exactly: status NUL path NUL
    tokens = nul_separated(git(data, "diff", "--name-status", "--no-renames", "--relative", "-z", since, "--", "."))
    entries = [(tokens[i][:1], tokens[i + 1]) for i in range(0, len(tokens) - 1, 2)]
    entries += [("A", rel) for rel in untracked(data)]
    order = {"A": 0, "M": 1, "T": 1, "D": 2}
    lines = []
    for status, rel in sorted(entries, key=lambda e: (order.get(e[0], 3), e[1])):
        path = data / rel
        kind = kind_of(path) if path.suffix == ".yaml" else None
        if kind is None:
            verb = {"A": "added", "D": "removed"}.get(status, "changed")
            lines.append(f"{verb} {_clean(path.as_posix(), 200)} (not a record)")
            continue
        old_data = parse_bytes(git(data, "show", f"{since}:./{rel}"), rel).data if status != "A" else None
        new_data = read_file(path, rel).data if status != "D" else None
        if status == "A":
            line = f"added {_describe(kind, new_data, path.stem)}"
            if kind == "people":
                line += " — a person: check the consent basis and that the source names them"
        elif status == "D":
            line = f"removed {_describe(kind, old_data, path.stem)}"
        else:
            line = f"changed {_describe(kind, new_data or old_data, path.stem)}: "
            if old_data is None or new_data is None:
                which = "new" if new_data is None else "old"
                line += f"the {which} version cannot be read (run `uv run assetmap validate {path.as_posix()}`)"
            else:
                line += ", ".join(_field_changes(old_data, new_data)) or "layout or comments only"
        lines.append(line)
    return lines
