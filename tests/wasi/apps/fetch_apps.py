#!/usr/bin/env python3
"""CTest set-up of the WASI application tests: installs the npm packages pinned in
package-lock.json into APPS_DIR (npm ci) and extracts yosys's share/ tree next to them.
Outside CI, a machine that cannot fetch them skips the application tests (exit 77, which
the tests also return when their module is missing); in CI (CI set) it is a failure.

  fetch_apps.py SOURCE_DIR APPS_DIR NPM NODE
"""
import os
import shutil
import subprocess
import sys

source, apps, npm, node = sys.argv[1:5]
os.makedirs(apps, exist_ok=True)
for f in ("package.json", "package-lock.json"):
    shutil.copyfile(os.path.join(source, f), os.path.join(apps, f))
rc = subprocess.call([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=apps)
if rc != 0:
    print("npm ci failed (exit %d): the WASI application tests cannot run" % rc)
    shutil.rmtree(os.path.join(apps, "node_modules"), ignore_errors=True)
    sys.exit(1 if os.environ.get("CI") else 77)
rc = subprocess.call([node, os.path.join(source, "extract-yosys-share.mjs"),
                      os.path.join(apps, "node_modules"), os.path.join(apps, "yosys-share")])
sys.exit(rc)
