"""Records: the format and its checks. Bytes from untrusted files -> checked records + Problems.

No pandas or geopandas here: `assetmap validate` imports only this room (and geo's small readers).
"""
