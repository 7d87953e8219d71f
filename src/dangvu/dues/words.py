"""An amount of đồng in Vietnamese words, as a receipt writes it: 129000 -> "Một trăm hai mươi chín nghìn đồng"."""

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ"]


def _three(n: int, leading: bool) -> list[str]:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    out = []
    if hundreds or not leading:
        out += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and out:
            out.append("linh")
    elif tens == 1:
        out.append("mười")
    else:
        out += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            out.append("mốt")
        elif units == 5 and tens >= 1:
            out.append("lăm")
        else:
            out.append(DIGITS[units])
    return out


def in_words(amount: int) -> str:
    """The amount in words with «đồng», capitalised; 0 -> "Không đồng"."""
    n = int(amount)
    if not 0 <= n < 10**12:
        return ""
    if n == 0:
        return "Không đồng"
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words = []
    for i in range(len(groups) - 1, -1, -1):  # amounts below 10^12: groups up to «tỷ»
        if groups[i]:
            words += _three(groups[i], leading=not words)
            words += [SCALES[i]] if SCALES[i] else []
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]
