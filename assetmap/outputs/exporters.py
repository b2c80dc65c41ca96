"""EXPORTERS: every export format, in one table.

The CLI's ``export --format`` choices, the app's download buttons and the static site's data files
all iterate this table, so a new format is one :class:`Exporter` entry here plus its code (see
CONTRIBUTING.md, "Adding an export format").

Two shapes of format:

* ``text``: frame → the text of one file (the app offers it as a download of what is shown;
  the CLI writes it to ``-o FILE`` or stdout).
* ``write``: catalogue, folder → the files written there (the CLI needs ``-o DIR``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assetmap.outputs import datapackage, hsds
from assetmap.outputs.export import to_csv, to_geojson


@dataclass(frozen=True)
class Exporter:
    name: str  # the --format value
    label_key: str  # message key of its download button / link (assetmap/locales/*/app.yaml)
    suffix: str  # file name ending of a one-file format, "" for a folder
    mime: str
    text: Callable | None = None  # (GeoDataFrame) -> str
    write: Callable | None = None  # (Catalogue, Path) -> list[Path]

    @property
    def is_folder(self) -> bool:
        return self.write is not None

    def as_text(self, frame) -> str:
        """The export of a one-file format."""
        if self.text is None:
            raise TypeError(f"{self.name} writes a folder of files")
        return self.text(frame)

    def to_folder(self, cat, folder: Path) -> list[Path]:
        """The files of a folder format, written into `folder`."""
        if self.write is None:
            raise TypeError(f"{self.name} writes one file")
        return self.write(cat, folder)

    def filename(self, stem: str = "assetmap") -> str:
        return f"{stem}{self.suffix}" if self.suffix else stem


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("csv", "list.download_csv", ".csv", "text/csv", text=to_csv),
        Exporter("geojson", "list.download_geojson", ".geojson", "application/geo+json", text=to_geojson),
        Exporter("hsds", "export.hsds", "", "application/json", write=hsds.write),
        Exporter("datapackage", "export.datapackage", "", "application/json", write=datapackage.write),
    )
}


def run(name: str, cat, output: Path | None) -> tuple[str | None, list[Path]]:
    """Export ``cat`` as format ``name``: (text, []) for stdout, or (None, files written)."""
    exporter = EXPORTERS[name]
    if exporter.is_folder:
        if output is None:
            raise ValueError(f"--format {name} writes a folder of files: give one with -o DIR")
        return None, exporter.to_folder(cat, Path(output))
    text = exporter.as_text(cat.frame)
    if output is None:
        return text, []
    Path(output).write_text(text, encoding="utf-8")
    return None, [Path(output)]
