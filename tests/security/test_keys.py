"""The data key against a real Secret Service (gnome-keyring on a private bus):
initialise, unlock, recovery after the keyring lost it, a wrong passphrase that
writes nothing, a keyring value for another key refused, a changed passphrase,
no keyring at all."""

from __future__ import annotations

import json

import pytest

from window_client.platform.secrets import SecretStore
from window_client.security.keys import (SECRET_PREFIX, KeyAlreadySet, KeyManager, KeyMismatch,
                                         KeyNotSet, KeyringMissing, RecoveryNeeded,
                                         WeakPassphrase, WrongPassphrase)
from window_client.security.vault import key_id_of

from .helpers import FAST_N, PASSPHRASE


def manager(tmp_path, secrets) -> KeyManager:
    return KeyManager(tmp_path / "data", secrets, scrypt_n=FAST_N)


def test_initialise_keeps_the_key_in_the_keyring_and_only_wrapped_on_disk(tmp_path, secret_service):
    keys = manager(tmp_path, secret_service)
    with pytest.raises(KeyNotSet, match="security init"):
        keys.unlock()
    key = keys.initialise(PASSPHRASE)
    assert keys.unlock() == key and len(key.key) == 32 and key.key_id == key_id_of(key.key)
    on_disk = keys.key_file.read_bytes()
    assert key.key not in on_disk and key.key.hex().encode() not in on_disk
    wrapped = json.loads(on_disk)
    assert wrapped["kdf"]["name"] == "scrypt" and wrapped["key_id"] == key.key_id
    assert repr(key) == f"DataKey(key_id={key.key_id!r})"     # never the key in a log
    with pytest.raises(KeyAlreadySet):
        keys.initialise(PASSPHRASE)
    with pytest.raises(WeakPassphrase, match="12"):
        manager(tmp_path / "other", secret_service).initialise("short1")
    with pytest.raises(WeakPassphrase):
        manager(tmp_path / "other", secret_service).initialise("aaaaaaaaaaaaaaaa")


def test_lost_keyring_is_recovered_with_the_passphrase_and_a_wrong_one_writes_nothing(
        tmp_path, secret_service):
    keys = manager(tmp_path, secret_service)
    key = keys.initialise(PASSPHRASE)
    secret_service.delete_secret(SECRET_PREFIX + key.key_id)   # a reinstalled OS
    with pytest.raises(RecoveryNeeded, match="恢复口令"):
        keys.unlock()
    before = keys.key_file.read_bytes()
    with pytest.raises(WrongPassphrase, match="没有被修改"):
        keys.recover(PASSPHRASE + "x")
    assert keys.key_file.read_bytes() == before
    assert secret_service.get_secret(SECRET_PREFIX + key.key_id) is None
    assert sorted(p.name for p in keys.key_file.parent.iterdir()) == ["datakey.json"]
    assert keys.recover(PASSPHRASE) == key
    assert SecretStore().get_secret(SECRET_PREFIX + key.key_id)    # written back
    assert keys.unlock() == key


def test_a_keyring_value_for_another_key_is_refused_not_used(tmp_path, secret_service):
    keys = manager(tmp_path, secret_service)
    key = keys.initialise(PASSPHRASE)
    other = bytes(32)
    for value in (f"v1:{key.key_id}:{other.hex()}", f"v1:{key_id_of(other)}:{other.hex()}",
                  "garbage"):
        secret_service.set_secret(SECRET_PREFIX + key.key_id, value)
        with pytest.raises(KeyMismatch, match="已拒绝使用"):
            keys.unlock()
    assert keys.recover(PASSPHRASE) == key and keys.unlock() == key


def test_change_passphrase_keeps_the_key(tmp_path, secret_service):
    keys = manager(tmp_path, secret_service)
    key = keys.initialise(PASSPHRASE)
    before = keys.key_file.read_bytes()
    with pytest.raises(WrongPassphrase):
        keys.change_passphrase("not it at all 1", "a new one 2026!")
    assert keys.key_file.read_bytes() == before
    assert keys.change_passphrase(PASSPHRASE, "a new one 2026!") == key
    with pytest.raises(WrongPassphrase):
        keys.verify_passphrase(PASSPHRASE)
    assert keys.verify_passphrase("a new one 2026!") == key


def test_no_keyring_says_what_to_install_and_writes_nothing(tmp_path, no_keyring):
    keys = manager(tmp_path, SecretStore())
    with pytest.raises(KeyringMissing, match="gnome-keyring"):
        keys.initialise(PASSPHRASE)
    assert not keys.key_file.exists()
