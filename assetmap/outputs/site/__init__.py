"""`assetmap build-site`: the catalogue as a static bilingual website (see :func:`build_site`)."""

from assetmap.outputs.site.build import build_site

__all__ = ["build_site"]
