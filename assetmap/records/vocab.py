"""Vocabularies (themes, sectors, work-streams, formats): data files with English and Welsh labels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assetmap.records.problems import Problem, emits, problem
from assetmap.records.yamlsafe import read_file

VOCABULARIES = ("themes", "sectors", "work_streams", "formats")


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    en: str = Field(min_length=1)
    cy: str = Field(min_length=1)
    review: bool = False  # the Welsh label awaits a Welsh speaker's check


class _VocabFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: list[Term] = Field(min_length=1)


@dataclass(frozen=True)
class Vocabularies:
    terms: dict[str, dict[str, Term]]  # vocabulary name -> term id -> Term

    def label(self, vocab: str, term_id: str, lang: str = "en") -> str:
        term = self.terms.get(vocab, {}).get(term_id)
        if term is None:
            return term_id
        return term.cy if lang == "cy" else term.en


@emits("invalid-value", "duplicate-id")
def load_vocabularies(data_dir: Path) -> tuple[Vocabularies, list[Problem]]:
    terms: dict[str, dict[str, Term]] = {}
    problems: list[Problem] = []
    for name in VOCABULARIES:
        path = data_dir / "vocab" / f"{name}.yaml"
        shown = str(path)
        parsed = read_file(path, shown)
        problems += parsed.problems
        terms[name] = {}
        if parsed.data is None:
            continue
        try:
            vocab = _VocabFile.model_validate(parsed.data)
        except ValidationError as e:
            for err in e.errors():
                fpath = ".".join(str(p) for p in err["loc"])
                problems.append(problem(shown, parsed.line(fpath), fpath, "invalid-value", "vocab", detail=err["msg"]))
            continue
        for i, term in enumerate(vocab.terms):
            if term.id in terms[name]:
                problems.append(
                    problem(shown, parsed.line(f"terms[{i}]"), f"terms[{i}].id", "duplicate-id", "term", id=term.id)
                )
            terms[name][term.id] = term
    return Vocabularies(terms), problems
