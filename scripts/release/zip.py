"""Writes a zip of STAGE/NAME with fixed times and modes, files in sorted
order, so the same files give the same bytes: zip.py OUT STAGE NAME EPOCH."""
import os
import sys
import time
import zipfile

out, stage, name, epoch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
when = time.gmtime(max(epoch, 315532800))[:6]  # zip cannot hold a time before 1980
paths = []
for root, dirs, files in os.walk(os.path.join(stage, name)):
    dirs.sort()
    for f in files:
        paths.append(os.path.join(root, f))
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for p in sorted(paths):
        arc = os.path.relpath(p, stage).replace(os.sep, "/")
        info = zipfile.ZipInfo(arc, date_time=when)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (0o755 if os.access(p, os.X_OK) else 0o644) << 16
        info.create_system = 3
        with open(p, "rb") as f:
            z.writestr(info, f.read(), compresslevel=9)
