import ast
import importlib.util
from pathlib import Path

from lxml import etree
from PIL import Image

from odoo import release
from odoo.modules.module import get_module_path
from odoo.tests import BaseCase, tagged

ADDON = Path(__file__).resolve().parent.parent


def manifest():
    return ast.literal_eval((ADDON / "__manifest__.py").read_text())


@tagged("post_install", "-at_install")
class TestManifest(BaseCase):
    """The manifest is honest: Community dependencies, declared Python packages."""

    def test_depends_only_on_community_modules(self):
        odoo_root = Path(release.__file__).resolve().parent.parent
        community = (odoo_root / "addons", odoo_root / "odoo" / "addons")
        for module in manifest()["depends"]:
            path = Path(get_module_path(module) or "").resolve()
            self.assertTrue(
                any(path.parent == folder for folder in community),
                f"{module} is not a module of Odoo Community ({path})",
            )
            self.assertNotIn("enterprise", path.parts)

    def test_python_packages_it_imports_are_declared_and_installed(self):
        imported = set()
        for folder in ("batch_core", "models", "wizards", "controllers"):
            for source in (ADDON / folder).glob("*.py"):
                for node in ast.walk(ast.parse(source.read_text())):
                    if isinstance(node, ast.Import):
                        imported |= {alias.name.split(".")[0] for alias in node.names}
                    elif isinstance(node, ast.ImportFrom) and node.level == 0:
                        imported.add(node.module.split(".")[0])
        declared = set(manifest()["external_dependencies"]["python"])
        # Odoo's own requirements and the standard library need no declaration;
        # bai2 is optional (imported inside a try, refused with a message).
        self.assertLessEqual({"openpyxl", "xlrd"}, imported)
        self.assertLessEqual(declared, imported)
        for package in declared:
            self.assertIsNotNone(importlib.util.find_spec(package), package)
        self.assertNotIn("website", manifest(), "no address that does not exist")

    def test_app_page_shows_what_it_names(self):
        description = ADDON / "static" / "description"
        self.assertTrue((description / "icon.png").is_file(), "no icon")
        with Image.open(description / "icon.png") as icon:
            self.assertEqual(icon.size[0], icon.size[1], "the icon is square")
        page = etree.fromstring(
            f"<page>{(description / 'index.html').read_text()}</page>".encode()
        )
        pictures = page.xpath("//img/@src")
        self.assertGreaterEqual(len(pictures), 3, "the page shows screens")
        for src in pictures:
            self.assertTrue((description / src).is_file(), f"{src} is missing")
