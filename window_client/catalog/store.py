"""Catalog versions received from the platform, kept side by side under the data
directory: a new version applies at the next start without disturbing drafts,
which keep (and resume with) the version they started with."""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from window_client.core.catalog import Catalog

from .loader import CATALOG_DIR, CatalogError, load_catalog

logger = logging.getLogger(__name__)


class BundleRefused(ValueError):
    pass


class CatalogStore:
    def __init__(self, root: Path, bundled: Path = CATALOG_DIR) -> None:
        self.root = root
        self.bundled = bundled
        self._cache: dict[str, Catalog] = {}

    def install(self, bundle: bytes, sha256: str) -> Catalog:
        """Verifies, unpacks and validates a bundle; refuses it whole otherwise."""
        if hashlib.sha256(bundle).hexdigest() != sha256:
            raise BundleRefused("目录包校验失败(SHA-256不符)")
        self.root.mkdir(parents=True, exist_ok=True)
        staging = self.root / f".incoming-{sha256[:16]}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
                for info in zf.infolist():
                    name = PurePosixPath(info.filename)
                    if name.is_absolute() or ".." in name.parts:
                        raise BundleRefused(f"目录包含非法路径:{info.filename}")
                zf.extractall(staging)
            catalog = load_catalog(staging)
        except (zipfile.BadZipFile, CatalogError) as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise BundleRefused(f"目录包无效:{exc}") from None
        target = self.root / catalog.version
        if target.exists():
            shutil.rmtree(staging)
        else:
            staging.rename(target)
        (self.root / "current").write_text(catalog.version, encoding="utf-8")
        self._cache[catalog.version] = load_catalog(target)
        logger.info("catalog %s installed", catalog.version)
        return self._cache[catalog.version]

    def current(self) -> Catalog:
        """The newest installed version, or the catalog shipped with the app."""
        marker = self.root / "current"
        if marker.exists():
            version = marker.read_text(encoding="utf-8").strip()
            found = self.get(version)
            if found is not None:
                return found
        return self._bundled()

    def get(self, version: str) -> Catalog | None:
        if version in self._cache:
            return self._cache[version]
        bundled = self._bundled()
        if bundled.version == version:
            return bundled
        path = self.root / version
        if not path.is_dir():
            return None
        try:
            self._cache[version] = load_catalog(path)
        except CatalogError:
            logger.warning("installed catalog %s does not load", version)
            return None
        return self._cache[version]

    def _bundled(self) -> Catalog:
        key = "__bundled__"
        if key not in self._cache:
            self._cache[key] = load_catalog(self.bundled)
            self._cache[self._cache[key].version] = self._cache[key]
        return self._cache[key]
