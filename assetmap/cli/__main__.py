"""`python -m assetmap.cli`: the same as the `assetmap` command."""

import sys

from assetmap.cli.main import main

sys.exit(main())
