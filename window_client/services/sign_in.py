"""Signing in: online against the platform when it answers (the refresh token goes
to keyring, a slow verifier of the password to the local store); offline from
that verifier for a limited number of days after the last online sign-in. A
wrong password the platform refused is never retried offline."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from collections.abc import Callable

from window_client.platform.client import PlatformClient
from window_client.platform.errors import AuthError, PlatformError
from window_client.platform.secrets import SecretStore, SecretsUnavailable
from window_client.core.roles import AccountError, Clerk, Permission, Role, permits
from window_client.store.accounts import ClerkAccounts

from . import messages

logger = logging.getLogger(__name__)


def may_unlock_for_others(role: str) -> bool:
    """A hall manager or an administrator may open a window locked on a clerk's
    session (the 督办 roles of core.roles)."""
    return permits(role, Permission.UNLOCK_OTHERS)


@dataclass(frozen=True)
class SignInResult:
    clerk: Clerk
    online: bool
    message: str = ""   # shown to the clerk (e.g. why offline)


class SignInService:
    def __init__(self, accounts: ClerkAccounts, *,
                 client_factory: Callable[[], PlatformClient] | None,
                 secrets: SecretStore | None, window_code: str, offline_days: int = 7,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.accounts = accounts
        self.client_factory = client_factory
        self.secrets = secrets
        self.window_code = window_code
        self.offline_days = offline_days
        self.clock = clock
        self.client: PlatformClient | None = None

    @property
    def has_platform(self) -> bool:
        return self.client_factory is not None

    def first_run(self) -> bool:
        """No platform and no local account yet: the first account is created at the
        sign-in dialog (a system administrator). With a platform, its accounts sign in."""
        return self.client_factory is None and not self.accounts.any_exist()

    def create_first_account(self, username: str, display_name: str, password: str,
                             confirm: str) -> SignInResult:
        if not self.first_run():
            raise AccountError(messages.ACCOUNT_ALREADY_EXISTS)
        if password != confirm:
            raise AccountError(messages.PASSWORDS_DIFFER)
        self.accounts.create(username, display_name, password, Role.ADMIN)
        return self.sign_in(username, password)

    def sign_in(self, username: str, password: str) -> SignInResult:
        return self._authenticate(username, password, audit="sign_in", keep=True)

    def _authenticate(self, username: str, password: str, *, audit: str | None,
                      keep: bool) -> SignInResult:
        """Sign-in's one check of a password: the platform's word when it answers,
        else the local verifier (within ``offline_days``). ``keep``: this becomes the
        session (the platform client and the refresh token are kept); else the
        password is only checked (the lock screen). ``audit``: the action the account
        store writes (None: the caller audits)."""
        username = username.strip()
        if self.client_factory is None:   # local accounts only: no platform, no time limit
            return SignInResult(self.accounts.sign_in(username, password, audit=audit), False)
        reason = messages.PLATFORM_NOT_CONFIGURED
        if self.client_factory is not None:
            client = self.client_factory()
            try:
                tokens = client.sign_in(username, password)
            except AuthError:
                if audit is not None:
                    self.accounts.record_by_name(username, f"{audit}_failed")
                raise AccountError(messages.PLATFORM_WRONG_CREDENTIALS) from None
            except PlatformError as exc:
                reason = exc.describe()
                logger.info("platform sign-in unavailable, trying offline: %s", reason)
            else:
                clerk = self.accounts.remember_online(
                    username, tokens.clerk.display_name, tokens.clerk.role, password,
                    audit=None if audit is None else f"{audit}_online")
                if not keep:
                    return SignInResult(clerk, True)
                self.client = client
                message = ""
                if self.secrets is not None:
                    try:
                        self.secrets.set_refresh_token(self.window_code, username,
                                                       tokens.refresh_token)
                    except SecretsUnavailable as exc:
                        message = messages.REFRESH_TOKEN_NOT_KEPT.format(error=exc)
                return SignInResult(clerk, True, message)
        clerk = self.accounts.sign_in(username, password, audit=audit)
        last = self.accounts.last_online_sign_in(username)
        if last is not None and self.clock() - last > dt.timedelta(days=self.offline_days):
            raise AccountError(messages.OFFLINE_TOO_LONG.format(days=self.offline_days,
                                                                last=last))
        return SignInResult(clerk, False, messages.OFFLINE_SIGN_IN.format(reason=reason))

    # -- the lock screen ----------------------------------------------------------
    def lock(self, clerk: Clerk, reason: str) -> None:
        """The window locked (``reason``: idle or by_hand): audited."""
        self.accounts.record_by_name(clerk.username, "lock", f"reason={reason}")

    def unlock(self, locked: Clerk, username: str, password: str) -> Clerk:
        """Who may open the window locked on ``locked``'s session: that clerk, or a
        hall manager or administrator (the session stays ``locked``'s). The password
        is checked as sign-in checks it, online or offline, and nothing of the
        session changes. Returns who unlocked; AccountError with the reason
        otherwise. Audited: unlock, unlock_failed, unlock_refused (``for=`` the
        locked clerk)."""
        username = username.strip() or locked.username
        detail = f"for={locked.username}"
        try:
            clerk = self._authenticate(username, password, audit=None, keep=False).clerk
        except AccountError:
            self.accounts.record_by_name(username, "unlock_failed", detail)
            raise
        if clerk.username != locked.username and not may_unlock_for_others(clerk.role):
            self.accounts.record_by_name(clerk.username, "unlock_refused", detail)
            raise AccountError(messages.UNLOCK_NOT_PERMITTED.format(name=locked.display_name))
        self.accounts.record_by_name(clerk.username, "unlock", detail)
        return clerk

    def switch_clerk(self, locked: Clerk, username: str, password: str) -> SignInResult:
        """Another clerk signs in at the locked window: a sign-in like the dialog's
        (refused: nothing changes), then ``locked`` is signed out (audited, their
        refresh token removed). The caller has saved ``locked``'s draft before and
        builds the new clerk's window from the result. Audited: clerk_switched
        (``from=`` the clerk who left)."""
        result = self.sign_in(username, password)
        client = self.client
        self.sign_out(locked)
        self.client = client      # the new clerk's session, kept by sign_in
        self.accounts.record_by_name(result.clerk.username, "clerk_switched", f"from={locked.username}")
        return result

    def window_closed(self, clerk: Clerk) -> None:
        """The window was closed without signing out: audited as a sign-out; the
        refresh token stays, so the next start can sync before anyone signs in."""
        self.accounts.sign_out(clerk)

    def sign_out(self, clerk: Clerk) -> None:
        """The clerk signs out: audited, the platform session dropped and the refresh
        token removed from the keyring, so that nobody syncs or signs in to the
        platform as this clerk from this machine until they sign in again."""
        self.accounts.sign_out(clerk)
        self.client = None
        if self.secrets is not None and self.client_factory is not None:
            self.secrets.delete_refresh_token(self.window_code, clerk.username)
