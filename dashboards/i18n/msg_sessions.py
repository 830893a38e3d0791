"""Strings of sessions and sign-in safety (issue 13): the cookie key check at start and the
sign-in form's notices."""

MESSAGES = {
    "ui.start.cookie_key_short": (
        "The sign-in cookie key ({env}, or `cookie_key` in .streamlit/secrets.toml) is too "
        "short, so the app will not start: it must be at least {n} bytes. Set a long random "
        "secret and start again:",
        "登录 Cookie 签名密钥（{env}，或 .streamlit/secrets.toml 中的 `cookie_key`）太短，"
        "应用无法启动：至少需要 {n} 个字节。请设置一段较长的随机字符串后重新启动：",
    ),
}
