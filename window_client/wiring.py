"""The composition root: the one place that builds the repositories, the platform
client, the sync engine with all its steps, and the services each view is given.
The window (app_main.py → qt/app.py), the command line (cli.py), the benches and
the tests all build through here, so `cli sync now` runs exactly the window's
steps. No Qt here; Qt's side receives ``WindowServices`` and hands each view the
services it needs by constructor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from window_client.catalog.store import CatalogStore
from window_client.core.catalog import Catalog
from window_client.core.records import FileRecord
from window_client.core.roles import Clerk, Permission, can_administer
from window_client.core.workdays import WorkCalendar
from window_client.platform.client import ConnectionSettings, PlatformClient, TokenState
from window_client.platform.secrets import SecretStore, SecretsUnavailable
from window_client.resources import resource
from window_client.security import migrate as encryption
from window_client.security.keys import DataKey, KeyManager
from window_client.security.vault import Vault
from window_client.services.acceptance import AcceptanceSession
from window_client.services.administration import Administration
from window_client.services.backups import BackupService
from window_client.services.applicant_lookup import ApplicantData
from window_client.services.audit import AuditService
from window_client.services.cases import CaseService, ClerkNames
from window_client.services.devices import CardReadResult, ReaderService
from window_client.services.documents import DocumentService
from window_client.services.evaluations import Evaluations
from window_client.services.issuance import IssuanceService
from window_client.services.permissions import Guard, requires
from window_client.services.sign_in import SignInResult, SignInService
from window_client.services.snapshots import Snapshots
from window_client.services.sync import SyncService
from window_client.settings import Paths, Settings, SettingsTarget, load_settings
from window_client.store.accounts import ClerkAccounts
from window_client.store.audit import AuditStore
from window_client.store.db import open_database
from window_client.store.issuance_repository import IssuanceRepository
from window_client.store.maintenance import Maintenance, MaintenanceResult
from window_client.store.numbering import SharedNumbers
from window_client.store.repository import CaseRepository
from window_client.store.supervision_repository import SupervisionRepository
from window_client.store.sync_repository import SyncRepository
from window_client.services.supervision import SupervisionService
from window_client.core.supervision import UrgeRule
from window_client.settings import SettingsError, SettingsFiles, update_settings
from window_client.sync.engine import SyncEngine, make_sync_engine

CardReader = Callable[[str, dict[str, str]], CardReadResult]


def open_store(paths: Paths, backup_keep: int, key: DataKey | None = None) -> Engine:
    """The database, checked and migrated (raises DatabaseDamaged, StorageFull,
    StorageUnavailable from core/storage_errors.py; qt/startup.py asks the clerk).
    ``key``: the encrypted store — first whatever is still plain under the data
    directory is encrypted in place (security/migrate.py, safe to rerun)."""
    if key is None:
        return open_database(paths.database, backup_keep=backup_keep)
    encryption.finish(paths.data_dir, key)
    return open_database(paths.database, backup_keep=backup_keep, key=key.key)


def unlock_data_key(paths: Paths, secrets: SecretStore) -> DataKey:
    """The installation's data key from the keyring (security/keys.py raises
    KeyNotSet, RecoveryNeeded, KeyMismatch, KeyringMissing: say them to IT)."""
    return KeyManager(paths.data_dir, secrets).unlock()


def shared_numbers(paths: Paths, settings: Settings) -> SharedNumbers | None:
    """Where this installation counts provisional numbers (store/numbering.py): the
    profile's ``shared_dir``; else the machine's folder when a hall profile is in
    force or the installer made the folder. None: neither (a checkout, an install
    older than the hall profile) — the database's own sequence, unique for this OS
    account only (--self-check says so)."""
    if settings.shared_dir:
        return SharedNumbers(Path(settings.shared_dir))
    if paths.hall_profile.exists() or paths.shared_numbers_dir.is_dir():
        return SharedNumbers(paths.shared_numbers_dir)
    return None


def connection_settings(settings: Settings) -> ConnectionSettings:
    return ConnectionSettings(base_url=settings.platform_url,
                              connect_timeout=settings.connect_timeout_s,
                              read_timeout=settings.read_timeout_s,
                              ca_bundle=settings.ca_bundle, proxy=settings.proxy,
                              window_code=settings.window_code)


@dataclass(frozen=True)
class WindowServices:
    """What one signed-in clerk's main window is given. Built only by
    ``Wiring.for_clerk``; the window passes each view the parts it needs."""
    clerk: Clerk
    settings: Settings
    # where the 设备 and 管理 sections save changes (the hall profile's keys to it)
    settings_file: SettingsTarget | None
    catalog: Catalog
    cases: CaseService
    new_session: Callable[[], AcceptanceSession]
    documents: DocumentService
    evaluations: Evaluations
    # every service is given to every role; each method checks the clerk's permission
    # (core.roles.PERMISSIONS) and audits a refusal — the tabs only follow suit
    issuance: IssuanceService           # 出件: Permission.ISSUE
    sync: SyncService | None            # None: no platform configured
    lookup: Callable[[str], ApplicantData] | None   # e-licences and shared data
    read_card: CardReader | None        # None: no ID card reader configured
    administration: Administration      # 设备 (read by all) and 管理: the admin's settings, accounts
    backups: BackupService              # 管理: backups and restore (Permission.MANAGE_BACKUPS)
    # a case's progress and urging (everyone), the board and the rule (managers)
    supervision: SupervisionService | None = None
    # the audit of views (case details, scans, exports, prints) and, for managers,
    # the audit log's check and export
    audit: AuditService | None = None
    # the lock screen's checks (unlock, another clerk signs in); None: no idle lock
    sign_in: SignInService | None = None
    # the same reader for the issuance counter's collector (one port, one owner)
    read_collector_card: CardReader | None = None

    def may(self, permission: Permission) -> bool:
        return self.clerk.may(permission)

    @property
    def administer(self) -> bool:
        """The 管理 section (core.roles.can_administer)."""
        return can_administer(self.clerk.role)


class AcceptanceDesk:
    """Starting a case at the window (Permission.ACCEPT_CASES: every role today)."""
    OPEN_TO_EVERY_ROLE: frozenset[str] = frozenset()

    def __init__(self, guard: Guard, make: Callable[[], AcceptanceSession]) -> None:
        self.guard = guard
        self._make = make

    @requires(Permission.ACCEPT_CASES)
    def new_session(self) -> AcceptanceSession:
        return self._make()


class Wiring:
    """Everything one installation runs on, built once per process."""

    def __init__(self, paths: Paths, settings: Settings, catalog: Catalog, engine: Engine, *,
                 catalogs: CatalogStore | None = None, calendar: WorkCalendar | None = None,
                 secrets: SecretStore | None = None, has_platform: bool = True,
                 settings_file: SettingsTarget | None = None,
                 data_key: DataKey | None = None) -> None:
        self.paths = paths
        self.settings = settings
        self.catalog = catalog
        self.engine = engine
        self.catalogs = catalogs if catalogs is not None else CatalogStore(paths.data_dir / "catalogs")
        self.calendar_file = paths.data_dir / "calendar" / "holidays.json"
        self.calendar = calendar if calendar is not None else WorkCalendar.from_files(
            resource("calendar", "holidays.json"), self.calendar_file)
        self.secrets = secrets
        self.has_platform = has_platform
        self.settings_file = settings_file
        self.files_dir = paths.data_dir / "materials"
        # None: a plain store (tests, the benches' baseline); the app always has one
        self.data_key = data_key
        self.vault = data_key.vault() if data_key is not None else Vault(None)
        self.cases = CaseRepository(engine, numbers=shared_numbers(paths, settings),
                                    vault=self.vault)
        self.sync = SyncRepository(engine)
        self.issuance = IssuanceRepository(engine)
        self.accounts = ClerkAccounts(engine)
        self.supervision = SupervisionRepository(engine)
        self.audit = AuditStore(engine)
        # one ID card reader for every screen of every window of this process
        self.reader = ReaderService(settings)
        self.clerk_names = ClerkNames(self.accounts.display_names)
        self.snapshots = Snapshots(catalog, self.cases, self.calendar,
                                   catalog_versions=self.catalogs.get)

    @property
    def database_file(self) -> Path:
        """The file the engine opened (tests open one outside the data directory)."""
        name = self.engine.url.database
        return Path(name) if name else self.paths.database

    @classmethod
    def for_command_line(cls, paths: Paths, catalog: Catalog) -> Wiring:
        """The command line's wiring: the same settings file, database and steps as
        the window's (raises SettingsError and the storage errors)."""
        settings = load_settings(paths.settings_files)
        secrets = SecretStore()
        key = unlock_data_key(paths, secrets)
        return cls(paths, settings, catalog, open_store(paths, settings.backup_keep, key),
                   secrets=secrets, settings_file=paths.settings_files, data_key=key)

    # -- the platform ------------------------------------------------------------
    def client(self, username: str | None = None) -> PlatformClient:
        """A client; with ``username`` it carries that clerk's refresh token from
        the keyring and writes each new one back."""
        tokens = TokenState()
        secrets = self.secrets
        if secrets is not None and username:
            try:
                tokens.refresh = secrets.get_refresh_token(self.settings.window_code,
                                                           username) or ""
            except SecretsUnavailable:
                tokens.refresh = ""

            def keep(token: str) -> None:
                try:
                    secrets.set_refresh_token(self.settings.window_code, username, token)
                except SecretsUnavailable:
                    pass

            tokens.on_refresh = keep
        return PlatformClient(connection_settings(self.settings), tokens)

    def sync_engine(self, client: PlatformClient) -> SyncEngine:
        """Every step: cases, issuance records and ratings, the feed, re-verification,
        reference data (catalog versions, the holiday table) and retention."""
        return make_sync_engine(
            self.catalog, self.cases, self.sync, client, catalogs=self.catalogs,
            calendar_file=self.calendar_file,
            retention_days=self.settings.material_retention_days, issuance=self.issuance,
            snapshots=self.snapshots, supervision=self.supervision, urge_rule=self.urge_rule,
            calendar=self.calendar)

    def urge_rule(self) -> UrgeRule:
        """The hall's urging rule as the settings file has it now (a manager may have
        changed it since the start); the start's settings when it cannot be read."""
        settings = self.settings
        files = self.settings_file
        if files is not None and any(f is not None and f.exists() for f in (
                (files.user, files.profile) if isinstance(files, SettingsFiles) else (files,))):
            try:
                settings = load_settings(files)
            except SettingsError:
                pass
        return UrgeRule(settings.urge_auto, settings.urge_within_days)

    def save_urge_rule(self, rule: UrgeRule) -> None:
        if self.settings_file is None:
            raise RuntimeError("no settings file: the urging rule cannot be saved")
        update_settings(self.settings_file, urge_auto=rule.enabled,
                        urge_within_days=rule.within_days)

    def command_line_sync(self) -> SyncService:
        """The sync of the clerk who last signed in online on this machine (their
        refresh token is in the keyring)."""
        client = self.client(self.sync.get_state("sync_user") or None)
        return SyncService(self.sync_engine(client), self.cases, self.sync)

    def sign_in_service(self) -> SignInService:
        """Online against the platform when one is configured, else local accounts."""
        return SignInService(self.accounts,
                             client_factory=self.client if self.has_platform else None,
                             secrets=self.secrets, window_code=self.settings.window_code,
                             offline_days=self.settings.offline_sign_in_days)

    def maintenance(self) -> Callable[..., MaintenanceResult | None]:
        """The daily integrity check and backup (``run_if_due``)."""
        return Maintenance(self.paths.database, keep=self.settings.backup_keep,
                           key=self.data_key.key if self.data_key else None).run_if_due

    # -- one clerk's window ------------------------------------------------------
    def after_sign_in(self, result: SignInResult, sign_in: SignInService) -> WindowServices:
        """The window of a clerk who has just signed in: online, the signed-in client
        syncs (and this clerk's token is the one `cli sync` uses); offline, a client
        with the refresh token the keyring kept, so sync resumes when the network does."""
        client: PlatformClient | None = None
        if self.has_platform:
            if result.online and sign_in.client is not None:
                client = sign_in.client
                self.sync.set_state("sync_user", result.clerk.username)
            else:
                client = self.client(result.clerk.username)
        return self.for_clerk(result.clerk, client, sign_in=sign_in)

    def read_scan(self, f: FileRecord) -> bytes:
        """A stored scan's plain bytes for the viewer (decrypted in memory);
        FileNotFoundError when the local copy is gone (retention removed it)."""
        data = self.cases.read_file(f)
        if data is None:
            raise FileNotFoundError(f.stored_path)
        return data

    def for_clerk(self, clerk: Clerk, client: PlatformClient | None = None, *,
                  sync_engine: SyncEngine | None = None,
                  sign_in: SignInService | None = None) -> WindowServices:
        """``client`` None and no ``sync_engine``: no platform, no 同步 section.
        ``sync_engine``: one built elsewhere on this store (tests with their clock).
        ``sign_in``: the service the clerk signed in with; the window then locks
        when idle (None: no idle lock)."""
        s = self.settings
        if sync_engine is None and client is not None:
            sync_engine = self.sync_engine(client)
        sync = SyncService(sync_engine, sync_engine.cases, sync_engine.sync) \
            if sync_engine is not None else None

        def new_session() -> AcceptanceSession:
            return AcceptanceSession(self.catalog, self.cases, self.calendar,
                                     clerk=clerk.username, window_code=s.window_code,
                                     files_dir=self.files_dir,
                                     catalog_versions=self.catalogs.get)


        desk = AcceptanceDesk(Guard(clerk, self.accounts), new_session)

        return WindowServices(
            clerk=clerk, settings=s, settings_file=self.settings_file, catalog=self.catalog,
            cases=CaseService(self.cases, clerk.username, self.clerk_names,
                              self.sync.refused_item_counts),
            new_session=desk.new_session,
            documents=DocumentService(self.catalog, s, self.cases, self.sync, self.issuance,
                                      self.calendar, snapshots=self.snapshots,
                                      clerk_names=self.clerk_names),
            evaluations=Evaluations(self.issuance),
            issuance=IssuanceService(self.cases, self.sync, self.issuance, clerk,
                                     calendar=self.calendar, refusals=self.accounts),
            sync=sync, lookup=sync.lookup() if sync is not None else None,
            read_card=None if s.idcard_reader == "none" else self.reader.for_screen("acceptance"),
            read_collector_card=None if s.idcard_reader == "none"
            else self.reader.for_screen("issuance"),
            administration=Administration(clerk, s, self.settings_file, self.accounts,
                                          local_accounts=not self.has_platform),
            backups=BackupService(clerk, self.database_file, self.accounts,
                                  keep=s.backup_keep, before_restore=self.engine.dispose),
            supervision=SupervisionService(
                self.supervision, self.calendar, clerk, rule=self.urge_rule,
                save_rule=self.save_urge_rule if self.settings_file is not None else None,
                names=self.clerk_names, refusals=self.accounts),
            audit=AuditService(self.audit, clerk, files=self.cases.files,
                               read_file=self.read_scan, refusals=self.accounts),
            sign_in=sign_in)
