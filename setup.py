"""The build step pyproject.toml cannot declare: compile the window's translations (.ts -> .qm).

Everything else about the package lives in pyproject.toml. The .qm is a build product: written into
the build directory for a wheel, and beside the sources for `pip install -e` (setuptools asks
editable builds to generate files in place). The app only loads it (seller_assistant/ui/i18n.py)."""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
import build_translations  # noqa: E402


class BuildPyWithTranslations(build_py):
    def run(self):
        super().run()
        build_translations.build(self._qm_dir())

    def _qm_dir(self) -> Path:
        if self.editable_mode:
            return build_translations.ROOT / build_translations.QM_SUBDIR
        return Path(self.build_lib) / build_translations.QM_SUBDIR

    def get_outputs(self, include_bytecode=True):
        qms = [str(qm) for _ts, qm in build_translations.targets(self._qm_dir())]
        return [*super().get_outputs(include_bytecode), *([] if self.editable_mode else qms)]


# setuptools' build backend runs this file as __main__; tests import the command class without building.
if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildPyWithTranslations})
