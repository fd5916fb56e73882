//! Text arguments read the way CPython's C unpickler (`Modules/_pickle.c`, what `pickle.loads` runs)
//! reads them.
//!
//! Owns: protocol-0 numbers (`INT` through C `strtol(s, 0)` then `int(s, 0)`, `LONG` through `int(s, 0)`,
//! `FLOAT` through `PyOS_string_to_double`), memo indices (`int(s, 10)`), `UNICODE`'s raw-unicode-escape,
//! UTF-8 with CPython's lone-surrogate case, and latin-1 text to bytes. Every C routine stops at a NUL
//! byte, so the text is cut at the first NUL before parsing, as CPython effectively does.

/// A Python int parsed from text: in range, or a valid literal beyond i128 (refused by the caller).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PyInt {
    Value(i128),
    TooLarge,
}

/// What `INT`'s text gives: CPython turns a two-character text that `strtol` reads as 0 or 1 into a bool
/// (protocol 0 writes `I00`/`I01` for False/True).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IntText {
    Bool(bool),
    Int(PyInt),
}

/// CPython's longest decimal literal (`sys.get_int_max_str_digits()` default, applied to base 10).
const MAX_STR_DIGITS: usize = 4300;

/// The text before the first NUL byte: C's view of a line.
fn c_str(text: &[u8]) -> &[u8] {
    text.iter()
        .position(|&b| b == 0)
        .map_or(text, |i| &text[..i])
}

/// `Py_ISSPACE` (and C `isspace` in the C locale): space, `\t`, `\n`, `\v`, `\f`, `\r`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `_PyLong_DigitValue`: 0-9, then a-z / A-Z as 10-35; anything else is no digit (37).
fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'a'..=b'z' => u32::from(b - b'a') + 10,
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        _ => 37,
    }
}

/// CPython's `PyLong_FromString(s, NULL, base)` for `base` 0 (Python literal rules: `0x`/`0o`/`0b`
/// prefixes, no leading zeros in decimals) or 10 (leading zeros allowed), on text already cut at its first
/// NUL. Surrounding whitespace, one sign and single underscores between digits are accepted as Python
/// does. `None` where Python raises `ValueError`.
pub(crate) fn py_int(s: &[u8], base0: bool) -> Option<PyInt> {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut negative = false;
    if let Some(&c @ (b'+' | b'-')) = s.get(i) {
        negative = c == b'-';
        i += 1;
    }
    let mut base = 10u32;
    let mut error_if_nonzero = false;
    if base0 && s.get(i) == Some(&b'0') {
        match s.get(i + 1) {
            Some(b'x' | b'X') => base = 16,
            Some(b'o' | b'O') => base = 8,
            Some(b'b' | b'B') => base = 2,
            _ => error_if_nonzero = true, // "old" C-style octal: only zero is valid
        }
        if base != 10 {
            i += 2;
            if s.get(i) == Some(&b'_') {
                i += 1; // one underscore allowed after the prefix
            }
        }
    }
    if s.get(i) == Some(&b'_') {
        return None;
    }
    let mut digits = 0usize;
    let mut prev = 0u8;
    let mut magnitude = 0u128;
    let mut overflow = false;
    while let Some(&c) = s.get(i) {
        if c == b'_' {
            if prev == b'_' {
                return None;
            }
        } else {
            let d = digit_value(c);
            if d >= base {
                break;
            }
            digits += 1;
            match magnitude
                .checked_mul(base.into())
                .and_then(|m| m.checked_add(d.into()))
            {
                Some(m) => magnitude = m,
                None => overflow = true,
            }
        }
        prev = c;
        i += 1;
    }
    if prev == b'_' || digits == 0 {
        return None;
    }
    if base == 10 && digits > MAX_STR_DIGITS {
        return None;
    }
    if error_if_nonzero && (overflow || magnitude != 0) {
        return None;
    }
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    if i != s.len() {
        return None;
    }
    Some(signed(magnitude, negative, overflow))
}

fn signed(magnitude: u128, negative: bool, overflow: bool) -> PyInt {
    const LIMIT: u128 = 1 << 127;
    match (overflow, negative) {
        (true, _) => PyInt::TooLarge,
        (false, false) if magnitude < LIMIT => PyInt::Value(magnitude as i128),
        (false, true) if magnitude <= LIMIT => PyInt::Value((magnitude as i128).wrapping_neg()),
        _ => PyInt::TooLarge,
    }
}

/// glibc `strtol(s, &end, 0)` in the C locale: `(value, end)`, value `None` on overflow (`ERANGE`);
/// `end` is 0 when no digits were read (C's `endptr == nptr`).
fn c_strtol(s: &[u8]) -> (Option<i64>, usize) {
    let mut i = 0;
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    let mut negative = false;
    if let Some(&c @ (b'+' | b'-')) = s.get(i) {
        negative = c == b'-';
        i += 1;
    }
    let base: u32 = if s.get(i) == Some(&b'0') {
        if matches!(s.get(i + 1), Some(b'x' | b'X'))
            && s.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit())
        {
            i += 2;
            16
        } else {
            8 // the leading 0 is itself an octal digit
        }
    } else {
        10
    };
    let start = i;
    let mut magnitude = 0u64;
    let mut overflow = false;
    while let Some(&c) = s.get(i) {
        let d = digit_value(c);
        if d >= base {
            break;
        }
        match magnitude
            .checked_mul(base.into())
            .and_then(|m| m.checked_add(d.into()))
        {
            Some(m) => magnitude = m,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return (Some(0), 0);
    }
    let value = if overflow {
        None
    } else if negative {
        i64::try_from(-i128::from(magnitude)).ok()
    } else {
        i64::try_from(magnitude).ok()
    };
    (value, i)
}

/// `INT`'s text (the line without its `\n`), as `load_int` reads it: `strtol(s, 0)` (so `010` is octal 8
/// and `0x10` is 16), a bool for a two-character text read as 0 or 1, and otherwise, when `strtol` overflows
/// or stops before the end, Python's `int(s, 0)`. `None` where CPython raises.
pub(crate) fn int_line(text: &[u8]) -> Option<IntText> {
    if text.is_empty() {
        return None;
    }
    let s = c_str(text);
    match c_strtol(s) {
        (Some(x), end) if end == s.len() => Some(if text.len() == 2 && (x == 0 || x == 1) {
            IntText::Bool(x == 1)
        } else {
            IntText::Int(PyInt::Value(x.into()))
        }),
        _ => py_int(s, true).map(IntText::Int),
    }
}

/// `LONG`'s text as `load_long` reads it: one trailing `L` dropped, then Python's `int(s, 0)` (so `007` is
/// refused and `0x1F` is 31).
pub(crate) fn long_line(text: &[u8]) -> Option<PyInt> {
    if text.is_empty() {
        return None;
    }
    let t = text.strip_suffix(b"L").unwrap_or(text);
    py_int(c_str(t), true)
}

/// Why `FLOAT`'s text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FloatRefusal {
    /// Not a float (Python's `ValueError`).
    NotAFloat,
    /// Finite text beyond the float range (Python's `OverflowError`, e.g. `1e999`).
    Overflow,
}

/// `FLOAT`'s text as `load_float` reads it (`PyOS_string_to_double`): no surrounding whitespace, no
/// underscores, `inf`/`infinity`/`nan` in any case with a sign, and an overflow to infinity refused.
pub(crate) fn float_line(text: &[u8]) -> Result<f64, FloatRefusal> {
    let s = std::str::from_utf8(c_str(text)).map_err(|_| FloatRefusal::NotAFloat)?;
    // Rust's grammar is CPython's: sign, digits with one optional point, optional exponent with digits,
    // or inf/infinity/nan; it refuses whitespace, underscores and hex floats as CPython does.
    let ok_chars = s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if s.is_empty() || !ok_chars {
        return Err(FloatRefusal::NotAFloat);
    }
    let v: f64 = s.parse().map_err(|_| FloatRefusal::NotAFloat)?;
    let unsigned = s.trim_start_matches(['+', '-']);
    if v.is_infinite()
        && !unsigned
            .get(..3)
            .is_some_and(|p| p.eq_ignore_ascii_case("inf"))
    {
        return Err(FloatRefusal::Overflow);
    }
    Ok(v)
}

/// A protocol-0 `PUT`/`GET` index as `load_put`/`load_get` read it: Python's `int(s, 10)`; `None` where
/// CPython raises (including negative or beyond `Py_ssize_t`).
pub(crate) fn memo_index_line(text: &[u8]) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    match py_int(c_str(text), false)? {
        PyInt::Value(v) if (0..=i128::from(i64::MAX)).contains(&v) => u64::try_from(v).ok(),
        _ => None,
    }
}

/// Why `UNICODE`'s raw-unicode-escape text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EscapeRefusal {
    /// `\uXXXX`/`\UXXXXXXXX` with fewer or non-hex digits, or beyond U+10FFFF: CPython raises too.
    BadEscape,
    /// A lone surrogate: valid in a Python `str`, not in Unicode text (refused here, accepted by CPython).
    Surrogate,
}

/// CPython's raw-unicode-escape decoder: bytes are latin-1 code points; `\uXXXX` (4 hex digits) and
/// `\UXXXXXXXX` (8) are escapes only after an odd number of backslashes (`\\u0041` stays as written).
pub(crate) fn raw_unicode_escape(b: &[u8]) -> Result<String, EscapeRefusal> {
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(char::from(b[i]));
            i += 1;
            continue;
        }
        let run_start = i;
        while i < b.len() && b[i] == b'\\' {
            out.push('\\');
            i += 1;
        }
        let odd = (i - run_start) % 2 == 1;
        let count = match b.get(i) {
            Some(b'u') if odd => 4,
            Some(b'U') if odd => 8,
            _ => continue,
        };
        out.pop(); // the backslash that starts the escape
        i += 1;
        let mut ch = 0u32;
        for _ in 0..count {
            let c = *b.get(i).ok_or(EscapeRefusal::BadEscape)?;
            let d = (c as char).to_digit(16).ok_or(EscapeRefusal::BadEscape)?;
            ch = (ch << 4) | d;
            i += 1;
        }
        if (0xD800..=0xDFFF).contains(&ch) {
            return Err(EscapeRefusal::Surrogate);
        }
        out.push(char::from_u32(ch).ok_or(EscapeRefusal::BadEscape)?);
    }
    Ok(out)
}

/// Why UTF-8 string bytes were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Utf8Refusal {
    /// An encoded lone surrogate (`ED A0..BF ..`), which CPython's `surrogatepass` accepts.
    Surrogate,
    /// Not UTF-8 at the given byte of the string.
    Invalid(usize),
}

/// A checked `BINUNICODE` string: validated UTF-8, or a long string whose code points are all below U+0100
/// (protocol 0-2 array data) that passed a branch-free check proving it valid UTF-8 without a full
/// validation (it is only validated if used as text rather than turned into bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StrBytes<'a> {
    Utf8(&'a str),
    Latin1(&'a [u8]),
}

/// Checks the UTF-8 of a `BINUNICODE` string (see [`StrBytes`]).
pub(crate) fn check_utf8(b: &[u8]) -> Result<StrBytes<'_>, Utf8Refusal> {
    const FAST_PATH_LEN: usize = 256;
    if b.len() >= FAST_PATH_LEN && latin1_shaped(b) {
        return Ok(StrBytes::Latin1(b));
    }
    std::str::from_utf8(b).map(StrBytes::Utf8).map_err(|e| {
        let i = e.valid_up_to();
        if b.get(i) == Some(&0xED) && b.get(i + 1).is_some_and(|&c| (0xA0..=0xBF).contains(&c)) {
            Utf8Refusal::Surrogate
        } else {
            Utf8Refusal::Invalid(i)
        }
    })
}

/// Whether UTF-8 bytes hold only code points below 0x100 (ASCII, or 0xC2/0xC3 then a continuation byte),
/// which also makes them valid UTF-8. Branch-free folds: array data is random bytes.
pub(crate) fn latin1_shaped(b: &[u8]) -> bool {
    let cont = |c: u8| c & 0xC0 == 0x80;
    let ends = b.first().is_none_or(|&c| !cont(c)) && b.last().is_none_or(|&c| c < 0xC0);
    let leads = b
        .iter()
        .fold(true, |ok, &c| ok & (c < 0xC0 || c == 0xC2 || c == 0xC3));
    let pairs = b
        .iter()
        .zip(b.iter().skip(1))
        .fold(true, |ok, (&x, &y)| ok & ((x >= 0xC0) == cont(y)));
    ends && leads && pairs
}

/// Latin-1 encoding of a str given as valid UTF-8 (`s.encode('latin1')`): one byte per code point, or
/// `Err(code point)` for the first code point above U+00FF. Branch-free once no byte is >= 0xC4.
pub(crate) fn latin1_bytes(b: &[u8]) -> Result<Vec<u8>, u32> {
    if let Some(i) = b.iter().position(|&c| c >= 0xC4) {
        let c = std::str::from_utf8(&b[i..])
            .ok()
            .and_then(|t| t.chars().next())
            .map_or(0, u32::from);
        return Err(c);
    }
    let mut out = vec![0u8; b.len()];
    let mut j = 0usize;
    let mut pending = 0u8;
    for &c in b {
        let is_cont = (c & 0xC0) == 0x80;
        let v = if is_cont { pending | (c & 0x3F) } else { c };
        if let Some(o) = out.get_mut(j) {
            *o = v;
        }
        pending = (c & 0x03) << 6;
        j += usize::from(c < 0xC0);
    }
    out.truncate(j);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(s: &[u8]) -> Option<IntText> {
        int_line(s)
    }
    fn v(x: i128) -> Option<IntText> {
        Some(IntText::Int(PyInt::Value(x)))
    }

    /// Each case checked against `pickle.loads(b"I" + text + b"\n.")` in CPython 3.11.
    #[test]
    fn int_text_as_cpython_reads_it() {
        assert_eq!(int(b"010"), v(8));
        assert_eq!(int(b"08"), None);
        assert_eq!(int(b"0x10"), v(16));
        assert_eq!(int(b"0X1f"), v(31));
        assert_eq!(int(b"0o10"), v(8));
        assert_eq!(int(b"0b11"), v(3));
        assert_eq!(int(b"1_000"), v(1000));
        assert_eq!(int(b"5L"), None);
        assert_eq!(int(b" 12"), v(12));
        assert_eq!(int(b"12 "), v(12));
        assert_eq!(int(b"+1"), Some(IntText::Bool(true)));
        assert_eq!(int(b"-0"), Some(IntText::Bool(false)));
        assert_eq!(int(b"1\0"), Some(IntText::Bool(true)));
        assert_eq!(int(b"5\0junk"), v(5));
        assert_eq!(int(b"x1"), None);
        assert_eq!(int(b"+"), None);
        assert_eq!(int(b""), None);
        assert_eq!(int(b"00"), Some(IntText::Bool(false)));
        assert_eq!(int(b"001"), v(1));
        assert_eq!(int(b"-1"), v(-1));
        assert_eq!(int(b"99999999999999999999"), v(99999999999999999999));
        assert_eq!(int(b"0x"), None);
        assert_eq!(int(b"0_7"), None);
        assert_eq!(int(b"0_0"), v(0));
        assert_eq!(int(b"-0x10"), v(-16));
        assert_eq!(int(b"- 1"), None);
        assert_eq!(int(b"1\r"), v(1));
        assert_eq!(int(&[b'9'; 60]), Some(IntText::Int(PyInt::TooLarge)));
    }

    #[test]
    fn long_and_float_text_as_cpython_reads_it() {
        assert_eq!(long_line(b"007L"), None);
        assert_eq!(long_line(b"7L"), Some(PyInt::Value(7)));
        assert_eq!(long_line(b"00L"), Some(PyInt::Value(0)));
        assert_eq!(long_line(b"5LL"), None);
        assert_eq!(long_line(b"0x1FL"), Some(PyInt::Value(31)));
        assert_eq!(long_line(b" 5 L"), Some(PyInt::Value(5)));
        assert_eq!(long_line(b"-0o7L"), Some(PyInt::Value(-7)));
        assert_eq!(long_line(b"L"), None);
        assert_eq!(long_line(b"5\0jL"), Some(PyInt::Value(5)));
        let min = b"-170141183460469231731687303715884105728";
        assert_eq!(long_line(min), Some(PyInt::Value(i128::MIN)));
        assert_eq!(long_line(&min[1..]), Some(PyInt::TooLarge));
        assert_eq!(float_line(b"1e999"), Err(FloatRefusal::Overflow));
        assert_eq!(float_line(b"1e-400"), Ok(0.0));
        assert_eq!(float_line(b" 1.5"), Err(FloatRefusal::NotAFloat));
        assert_eq!(float_line(b"1_0.5"), Err(FloatRefusal::NotAFloat));
        assert_eq!(float_line(b"1.5\0x"), Ok(1.5));
        assert_eq!(float_line(b"iNF"), Ok(f64::INFINITY));
        assert_eq!(float_line(b"-Infinity"), Ok(f64::NEG_INFINITY));
        assert!(float_line(b"+nan").unwrap().is_nan());
        assert_eq!(float_line(b"nan(1)"), Err(FloatRefusal::NotAFloat));
        assert_eq!(float_line(b"1e"), Err(FloatRefusal::NotAFloat));
        assert_eq!(memo_index_line(b" 0_1"), Some(1));
        assert_eq!(memo_index_line(b"-1"), None);
        assert_eq!(memo_index_line(b"010"), Some(10));
    }

    #[test]
    fn raw_unicode_escape_as_cpython() {
        assert_eq!(raw_unicode_escape(br"\u0041").unwrap(), "A");
        assert_eq!(raw_unicode_escape(br"\\u0041").unwrap(), r"\\u0041");
        assert_eq!(raw_unicode_escape(br"\\\u0041").unwrap(), r"\\A");
        assert_eq!(
            raw_unicode_escape(br"\u+041"),
            Err(EscapeRefusal::BadEscape)
        );
        assert_eq!(raw_unicode_escape(br"\u004"), Err(EscapeRefusal::BadEscape));
        assert_eq!(
            raw_unicode_escape(br"\U00110000"),
            Err(EscapeRefusal::BadEscape)
        );
        assert_eq!(
            raw_unicode_escape(br"\ud800"),
            Err(EscapeRefusal::Surrogate)
        );
        assert_eq!(raw_unicode_escape(b"\xe9\\x41").unwrap(), "\u{e9}\\x41");
        assert_eq!(raw_unicode_escape(br"\U0001F600").unwrap(), "\u{1F600}");
    }

    #[test]
    fn latin1_round_trip() {
        let text: String = (0..600u32)
            .map(|i| char::from_u32(i % 256).unwrap())
            .collect();
        let want: Vec<u8> = (0..600u32).map(|i| (i % 256) as u8).collect();
        assert_eq!(latin1_bytes(text.as_bytes()).unwrap(), want);
        assert_eq!(latin1_bytes("a\u{100}".as_bytes()), Err(0x100));
        assert!(latin1_shaped(text.as_bytes()));
        assert!(!latin1_shaped("\u{100}".as_bytes()));
        assert_eq!(check_utf8(b"a\xed\xa0\x80"), Err(Utf8Refusal::Surrogate));
        assert_eq!(check_utf8(b"ab\xff"), Err(Utf8Refusal::Invalid(2)));
        assert_eq!(check_utf8(b"ab"), Ok(StrBytes::Utf8("ab")));
        assert!(matches!(
            check_utf8(text.as_bytes()),
            Ok(StrBytes::Latin1(_))
        ));
    }
}
