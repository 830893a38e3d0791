"""Messages of issue 13's file and import half: upload stewards, store owners, file extent,
the isolated reader, the import lock, backup manifests and the record checks."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "permission.store_owner_denied": (
        "Only the director or HR may change who owns a store; this file moves: {stores}.",
        "只有运营总监或人力资源可以更改店铺负责人；此文件会更改：{stores}。",
    ),
}
