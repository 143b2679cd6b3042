"""Encryption at rest: the installation's data key (keys.py: kept by the OS
keyring, wrapped on disk by a recovery passphrase), the AES-GCM file format for
scans, exports and kept damaged files (vault.py), and the in-place encryption of
a plain installation (migrate.py). No Qt."""
