"""Print an nginx configuration that stands in front of `streamlit run app.py` for many visitors at once.

    uv run python scripts/nginx_front.py > assetmap-nginx.conf         # listen on 127.0.0.1:8080
    uv run python scripts/nginx_front.py --listen 80 --streamlit 127.0.0.1:8501 --run-dir /var/lib/assetmap-nginx
    nginx -c "$PWD/assetmap-nginx.conf" -p /var/lib/assetmap-nginx -g 'daemon off;'

Streamlit serves its own ~100 script files from its one Python process: about 0.2 s of the server's time for
each first visit, so 25 first visits in the same moment queue for 5 s before the last page can start
(README, "Benchmarks"). nginx serves those files (Streamlit's /static/, and the map's Leaflet files under
/app/static/) straight from disk, and passes everything else, the websocket included, to Streamlit.
Streamlit's files are this environment's (its .venv): print the configuration again after `uv sync`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TEMPLATE = """\
# assetmap behind nginx: written by scripts/nginx_front.py; run it again after updating Streamlit
worker_processes 1;
pid @RUN@/nginx.pid;
error_log @RUN@/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log off;
  # no gzip: compressing a first visit's ~5 MB of scripts again for each visitor costs more of the machine
  # than sending them (Streamlit makes the same choice); a CDN can compress once and keep the result
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen @LISTEN@;
    # Streamlit's own scripts, styles and fonts: their names carry a hash of their content
    location /static/ {
      alias @STREAMLIT_STATIC@/;
      expires max;
      add_header Cache-Control "public, immutable";
    }
    # the map's Leaflet files and the app's other static files (server.enableStaticServing)
    location /app/static/ {
      alias @APP_STATIC@/;
    }
    location / {
      proxy_pass http://@STREAMLIT@;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_read_timeout 1h;
    }
  }
}
"""


def streamlit_static() -> Path:
    """The folder Streamlit serves at /static/ (its package's static/static)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static" / "static"


def config(listen: str, upstream: str, run_dir: Path) -> str:
    """The configuration: nginx on `listen` (port, or host:port), Streamlit at `upstream` (host:port); nginx
    keeps its pid and error log in `run_dir`."""
    text = TEMPLATE
    for placeholder, value in (
        ("@RUN@", str(run_dir.resolve())),
        ("@LISTEN@", listen),
        ("@STREAMLIT_STATIC@", str(streamlit_static())),
        ("@APP_STATIC@", str(ROOT / "static")),
        ("@STREAMLIT@", upstream),
    ):
        text = text.replace(placeholder, value)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listen", default="127.0.0.1:8080", help="where nginx listens: port or host:port")
    ap.add_argument("--streamlit", default="127.0.0.1:8501", help="where `streamlit run app.py` listens")
    ap.add_argument("--run-dir", type=Path, default=Path("."), help="nginx's folder for its pid and error log")
    args = ap.parse_args(argv)
    sys.stdout.write(config(args.listen, args.streamlit, args.run_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
