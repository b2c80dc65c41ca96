"""`assetmap build-site`: the catalogue as a static bilingual website (``build.build_site``).

Nothing is imported here: the modules below import each other, and a package that imported them
back would make a circle.
"""
