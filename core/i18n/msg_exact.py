"""Messages of exact input (SPEC §11): more than two decimals is refused, never rounded."""

MESSAGES = {
    "appraisal.score_decimals": (
        "{field}: scores take at most 2 decimals ('{value}' has more); nothing was saved.",
        "{field}：分数最多保留 2 位小数（“{value}”超出）；未保存任何内容。",
    ),
    "appraisal.points_decimals": (
        "Calibration points take at most 2 decimals ('{value}' has more); nothing was saved.",
        "校准分值最多保留 2 位小数（“{value}”超出）；未保存任何内容。",
    ),
    "import.score_decimals": (
        "'{value}' has more than {places} decimal places; scores are kept to {places}.",
        "“{value}”的小数超过 {places} 位；分数最多保留 {places} 位小数。",
    ),
    "cli.amount_decimals": (
        "'{value}' has more than 2 decimals; amounts are in yuan to the cent.",
        "“{value}”超过 2 位小数；金额以元为单位，精确到分。",
    ),
}
