"""The addon as users install community addons: from its wheel.

``tools/dist.sh`` (``make dist``) builds the wheel with whool. These tests
check what it holds against the manifest and install it with ``pip --no-deps``
into a throw-away virtualenv beside the Odoo source, then install the addon
into a new database from that virtualenv, with the checkout off the addons
path. ``tools/run-tests.sh`` runs them after set-up (PostgreSQL running,
``ODOO_SRC`` and the PG* connection variables exported)::

    .venv/bin/python -m unittest -v tools/wheel_test.py
"""

from __future__ import annotations

import ast
import glob
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "account_payment_batch"
PREFIX = f"odoo/addons/{MODULE}/"
# The throw-away database, dropped afterwards.
DATABASE = f"apb_wheel_{os.getpid()}"
INSTALL_TIMEOUT = 1200
# Folders of the repository that are tooling, tests or pictures of it: never
# in the wheel.
NOT_SHIPPED = ("tests/", "docs/", "bench/", "tools/", ".ci/", ".build/", ".venv/")
LOG_PROBLEM_RE = re.compile(r"(?m)^\d{4}-\d\d-\d\d \S+ \d+ (?:ERROR|CRITICAL) .*$")


def _manifest():
    return ast.literal_eval((ROOT / "__manifest__.py").read_text(encoding="utf-8"))


def _manifest_files():
    """Every file of the repository the manifest names, relative to the addon."""
    manifest = _manifest()
    files = set(manifest.get("data", [])) | set(manifest.get("demo", []))
    for patterns in manifest.get("assets", {}).values():
        for pattern in patterns:
            if not isinstance(pattern, str) or not pattern.startswith(f"{MODULE}/"):
                continue
            relative = pattern[len(MODULE) + 1 :]
            matches = glob.glob(str(ROOT / relative), recursive=True)
            files.update(
                str(Path(match).relative_to(ROOT))
                for match in matches
                if Path(match).is_file()
            )
    return files


def _repository_files():
    """The files git tracks or would track (not ignored)."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {path for path in listing.splitlines() if (ROOT / path).is_file()}


def _python_files(repository_files):
    """The addon's Python modules: the files of every package Odoo imports from
    the addon's root (each folder up to it has an __init__.py), no tests."""
    files = set()
    for path in repository_files:
        parts = Path(path).parts
        if not path.endswith(".py") or "tests" in parts:
            continue
        folders = [Path(*parts[:depth]) for depth in range(1, len(parts))]
        if all(str(folder / "__init__.py") in repository_files for folder in folders):
            files.add(path)
    return files


class TestWheel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="apb-wheel-"))
        build = subprocess.run(
            ["bash", str(ROOT / "tools" / "dist.sh"), str(cls.tmp / "dist")],
            capture_output=True,
            text=True,
            check=False,
        )
        if build.returncode:
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise AssertionError(f"make dist failed:\n{build.stdout}\n{build.stderr}")
        cls.wheel = Path(build.stdout.strip().splitlines()[-1])
        with zipfile.ZipFile(cls.wheel) as archive:
            cls.names = set(archive.namelist())
        cls.addon_files = {
            name[len(PREFIX) :] for name in cls.names if name.startswith(PREFIX)
        }
        cls.repository_files = _repository_files()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_wheel_named_after_the_addon_and_version(self):
        version = _manifest()["version"]
        self.assertEqual(
            self.wheel.name, f"odoo_addon_{MODULE}-{version}-py3-none-any.whl"
        )
        # Whatever the folder the repository was cloned into.
        self.assertEqual(
            {name.split("/")[0] for name in self.names},
            {"odoo", f"odoo_addon_{MODULE}-{version}.dist-info"},
        )
        metadata = next(n for n in self.names if n.endswith(".dist-info/METADATA"))
        with zipfile.ZipFile(self.wheel) as archive:
            text = archive.read(metadata).decode()
        self.assertIn(f"Name: odoo-addon-{MODULE}", text)
        self.assertIn(f"Version: {version}", text)
        # The Python packages the manifest declares are the wheel's requirements.
        for package in _manifest()["external_dependencies"]["python"]:
            self.assertRegex(text, rf"(?m)^Requires-Dist: {package}\b")

    def test_every_file_the_manifest_names_is_shipped(self):
        expected = _manifest_files()
        self.assertTrue(expected)
        missing = sorted(expected - self.addon_files)
        self.assertFalse(missing, f"named by the manifest, not in the wheel: {missing}")
        missing = sorted(_python_files(self.repository_files) - self.addon_files)
        self.assertFalse(missing, f"Python modules not in the wheel: {missing}")
        for needed in (
            "i18n/account_payment_batch.pot",
            "static/description/index.html",
        ):
            self.assertTrue(needed in self.addon_files, needed)
        self.assertTrue("static/description/icon.png" in self.addon_files, "no icon")

    def test_nothing_else_is_shipped(self):
        manifest_files = _manifest_files()
        python_files = _python_files(self.repository_files)
        self.assertIn("__manifest__.py", python_files)
        for name in sorted(self.addon_files):
            with self.subTest(file=name):
                self.assertIn(name, self.repository_files, "not a repository file")
                self.assertFalse(name.startswith(NOT_SHIPPED), name)
                if "tests" in Path(name).parts:
                    # Only the tours the manifest's test assets name.
                    self.assertIn(name, manifest_files)
                if name.endswith(".py"):
                    self.assertIn(name, python_files)
                if name.endswith((".png", ".jpg", ".svg", ".gif")):
                    self.assertTrue(name.startswith("static/description/"), name)
        self.assertNotIn("pyproject.toml", self.addon_files)

    def test_addon_installs_from_the_wheel(self):
        venv = self.tmp / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        venv_python = venv / "bin" / "python"
        site = Path(
            subprocess.check_output(
                [
                    str(venv_python),
                    "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                ],
                text=True,
            ).strip()
        )
        # Odoo's requirements come from the project's virtualenv: the wheel
        # itself is installed without dependencies, as OCA wheels are here.
        (site / "odoo-requirements.pth").write_text(
            sysconfig.get_paths()["purelib"] + "\n"
        )
        subprocess.run(
            [
                str(venv_python),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--quiet",
                "--no-deps",
                str(self.wheel),
            ],
            check=True,
        )
        installed = site / "odoo" / "addons" / MODULE
        self.assertTrue((installed / "__manifest__.py").is_file())
        odoo_src = Path(os.environ["ODOO_SRC"])
        addons_path = ",".join(
            [
                str(odoo_src / "addons"),
                str(odoo_src / "odoo" / "addons"),
                str(installed.parent),
            ]
        )
        self.assertNotIn(str(ROOT), addons_path)
        odoo_bin = [str(venv_python), str(odoo_src / "odoo-bin")]
        options = [
            "-c",
            str(ROOT / ".build" / "odoo.conf"),
            "-d",
            DATABASE,
            f"--db-filter=^{DATABASE}$",
            f"--addons-path={addons_path}",
        ]
        self._drop_database()
        self.addCleanup(self._drop_database)
        log_file = ROOT / ".build" / "logs" / "test-wheel.log"
        result = subprocess.run(
            [
                *odoo_bin,
                *options,
                "-i",
                MODULE,
                "--without-demo=True",
                "--stop-after-init",
                "--workers=0",
                "--max-cron-threads=0",
                "--no-http",
            ],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        log_file.write_text(result.stdout + result.stderr, encoding="utf-8")
        log = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, log[-3000:])
        problems = LOG_PROBLEM_RE.findall(log)
        self.assertFalse(problems, "\n".join(problems[:20]))
        # Odoo found the addon in the virtualenv and installed it there.
        shell = subprocess.run(
            [*odoo_bin, "shell", *options, "--no-http"],
            input=(
                "import odoo.modules\n"
                f"print('PATH=' + odoo.modules.module.get_module_path({MODULE!r}))\n"
                f"module = env['ir.module.module'].search([('name', '=', {MODULE!r})])\n"
                "print('STATE=' + module.state)\n"
                "print('MODELS=%d' % env['ir.model'].search_count("
                "[('model', '=like', 'account.payment.batch%')]))\n"
            ),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        values = dict(re.findall(r"(?m)^(PATH|STATE|MODELS)=(.*)$", shell.stdout))
        self.assertEqual(
            values.get("PATH"), str(installed), shell.stdout + shell.stderr
        )
        self.assertEqual(values.get("STATE"), "installed")
        self.assertGreater(int(values.get("MODELS", 0)), 10)

    @staticmethod
    def _drop_database():
        subprocess.run(
            ["dropdb", "--if-exists", "--force", DATABASE],
            capture_output=True,
            check=False,
        )


if __name__ == "__main__":
    unittest.main()
