"""Amounts in words for receipts: Thai as Excel's BAHTTEXT writes them, Burmese, and English."""

from lpn_crm.domain.money import MoneyError, currency_exponent, quantize

_THAI_DIGITS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
_THAI_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 1_000_000


def _thai_below_million(n: int) -> str:
	words = []
	text = str(n)
	for i, char in enumerate(text):
		digit = int(char)
		place = len(text) - i - 1
		if digit == 0:
			continue
		if place == 1 and digit == 1:
			words.append("สิบ")
		elif place == 1 and digit == 2:
			words.append("ยี่สิบ")
		elif place == 0 and digit == 1 and n > 1:
			# A final 1 after other digits of the same group is เอ็ด (101, 21); alone it is หนึ่ง,
			# even after ล้าน (1,000,001 is หนึ่งล้านหนึ่ง), as BAHTTEXT writes it.
			words.append("เอ็ด")
		else:
			words.append(_THAI_DIGITS[digit] + _THAI_PLACES[place])
	return "".join(words)


def _thai_number(n: int) -> str:
	if n >= _MILLION:
		return _thai_number(n // _MILLION) + "ล้าน" + _thai_below_million(n % _MILLION)
	return _thai_below_million(n)


def baht_text(amount: object) -> str:
	"""The amount in Thai words as on Thai receipts, following Excel's BAHTTEXT.

	1234.50 -> "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"; 0 -> "ศูนย์บาทถ้วน". The amount is rounded
	half-up to satang first; a negative amount gets the prefix "ลบ".
	"""
	satang_total = int(quantize(amount, "THB").scaleb(2))
	sign = "ลบ" if satang_total < 0 else ""
	baht, satang = divmod(abs(satang_total), 100)
	if baht == 0 and satang == 0:
		return "ศูนย์บาทถ้วน"
	words = _thai_number(baht) + "บาท" if baht else ""
	words += _thai_number(satang) + "สตางค์" if satang else "ถ้วน"
	return sign + words


_ONES = (
	"zero",
	"one",
	"two",
	"three",
	"four",
	"five",
	"six",
	"seven",
	"eight",
	"nine",
	"ten",
	"eleven",
	"twelve",
	"thirteen",
	"fourteen",
	"fifteen",
	"sixteen",
	"seventeen",
	"eighteen",
	"nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ("", "thousand", "million", "billion", "trillion")
_ENGLISH_LIMIT = 1000 ** len(_SCALES)

# currency -> (unit, units, minor unit, minor units)
_CURRENCY_NAMES = {
	"THB": ("baht", "baht", "satang", "satang"),
	"USD": ("US dollar", "US dollars", "cent", "cents"),
	"EUR": ("euro", "euros", "cent", "cents"),
}


def _english_below_thousand(n: int) -> str:
	hundreds, rest = divmod(n, 100)
	words = [f"{_ONES[hundreds]} hundred"] if hundreds else []
	if rest >= 20:
		tens, ones = divmod(rest, 10)
		words.append(_TENS[tens] + (f"-{_ONES[ones]}" if ones else ""))
	elif rest:
		words.append(_ONES[rest])
	return " ".join(words)


def _english_number(n: int) -> str:
	if n == 0:
		return "zero"
	groups = []
	scale = 0
	while n:
		n, group = divmod(n, 1000)
		if group:
			groups.append(_english_below_thousand(group) + (f" {_SCALES[scale]}" if scale else ""))
		scale += 1
	return " ".join(reversed(groups))


def english_amount_words(amount: object, currency: str = "THB") -> str:
	"""The amount in English words, rounded half-up to the currency's minor unit.

	1234.50 THB -> "One thousand two hundred thirty-four baht and fifty satang"; 100 USD -> "One hundred
	US dollars". THB, USD and EUR have their own names; other currencies use the code and "cents".
	Amounts up to the trillions; a negative amount starts with "Minus".
	"""
	code = currency.strip().upper() if isinstance(currency, str) else currency
	exponent = currency_exponent(code)
	minor_total = int(quantize(amount, code).scaleb(exponent))
	major, minor = divmod(abs(minor_total), 10**exponent)
	if major >= _ENGLISH_LIMIT:
		raise MoneyError("{0} is too large to write in words", amount)
	unit, units, minor_unit, minor_units = _CURRENCY_NAMES.get(code, (code, code, "cent", "cents"))
	parts = []
	if major or not minor:
		parts.append(f"{_english_number(major)} {unit if major == 1 else units}")
	if minor:
		parts.append(f"{_english_number(minor)} {minor_unit if minor == 1 else minor_units}")
	words = " and ".join(parts)
	if minor_total < 0:
		words = "minus " + words
	return words[0].upper() + words[1:]


_BURMESE_DIGITS = ("သုည", "တစ်", "နှစ်", "သုံး", "လေး", "ငါး", "ခြောက်", "ခုနစ်", "ရှစ်", "ကိုး")
# Ten million down to ten: the place word, and the creaky-tone form it takes when more digits follow.
_BURMESE_PLACES = (
	(10_000_000, "ကုဋေ", "ကုဋေ"),
	(1_000_000, "သန်း", "သန်း"),
	(100_000, "သိန်း", "သိန်း"),
	(10_000, "သောင်း", "သောင်း"),
	(1_000, "ထောင်", "ထောင့်"),
	(100, "ရာ", "ရာ့"),
	(10, "ဆယ်", "ဆယ့်"),
)


def _burmese_number(n: int) -> str:
	if n == 0:
		return _BURMESE_DIGITS[0]
	words = []
	for value, plain, creaky in _BURMESE_PLACES:
		count, n = divmod(n, value)
		if not count:
			continue
		head = _burmese_number(count) if count >= 10 else _BURMESE_DIGITS[count]
		words.append(head + (creaky if n else plain))
	if n:
		words.append(_BURMESE_DIGITS[n])
	return "".join(words)


def burmese_baht_text(amount: object) -> str:
	"""The amount in baht in Burmese words, for receipts and letters to Burmese-speaking donors.

	1234.50 -> "တစ်ထောင့်နှစ်ရာ့သုံးဆယ့်လေး ဘတ် ငါးဆယ် စတန်" (a place word takes its creaky tone when more
	follows: ထောင့်, ရာ့, ဆယ့်); 0 -> "သုည ဘတ်". Rounded half-up to satang; a negative amount starts "အနုတ်".
	"""
	satang_total = int(quantize(amount, "THB").scaleb(2))
	sign = "အနုတ် " if satang_total < 0 else ""
	baht, satang = divmod(abs(satang_total), 100)
	words = [f"{_burmese_number(baht)} ဘတ်"] if baht or not satang else []
	if satang:
		words.append(f"{_burmese_number(satang)} စတန်")
	return sign + " ".join(words)
