//! Decimal text to the nearest `f64`, the same number as `str::parse::<f64>` gives, for the page's number
//! fields. core's parser carries tables of 128-bit powers of five and its own big-number code: 14.4 KB of
//! the page's wasm after gzip (the page built without its one call). With this parser instead, the page's
//! wasm went from 268,716 to 255,651 B gzip (built as `scripts/trunk` builds it, then `gzip -9`). The page
//! parses a few short numbers a user types, so this one is small instead of fast: Clinger's fast path for what
//! people type (at most 15 significant digits, a power of ten up to 10^22, both exact in an `f64`, so one
//! correctly rounded multiplication or division), and otherwise an estimate corrected by exact big-integer
//! comparisons with the halfway points between neighbouring `f64`s (round half to even).
//!
//! Owns: [`parse`] (Rust's float grammar without the words `inf`, `infinity` and `nan`) and its small
//! unsigned big integer.

use std::cmp::Ordering;

/// Significant digits kept; beyond them only whether any is non-zero counts (it breaks a tie upwards).
/// 800 exceeds the 767 digits an `f64` halfway point can need.
const MAX_DIGITS: usize = 800;
/// Exponents are clamped here: anything further out is infinite or zero anyway.
const EXP_LIMIT: i64 = 100_000;
/// The largest power of ten that is an exact `f64`.
const EXACT_POW10: i64 = 22;
/// Fast-path digits: below 2^53, so the digits are an exact `f64`.
const EXACT_DIGITS: usize = 15;
/// An `f64`'s explicit mantissa bits, and the exponent of its smallest subnormal (2^-1074).
const MANTISSA_BITS: u32 = 52;
const MIN_EXP: i32 = -1074;

/// Parses `[+-](digits[.digits] | .digits)[(e|E)[+-]digits]` to the nearest `f64` (ties to even), infinite
/// beyond `f64::MAX` and signed zero below the smallest subnormal, exactly as `str::parse::<f64>` does;
/// `None` for anything else.
pub fn parse(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    // Significant digits (no leading zeros), whether any digit beyond MAX_DIGITS is non-zero, and the
    // power of ten of the last digit kept.
    let mut digits: Vec<u8> = Vec::new();
    let mut sticky = false;
    let mut exp: i64 = 0;
    let mut seen = 0usize;
    let mut push = |d: u8, fraction: bool| {
        if digits.is_empty() && d == 0 {
            if fraction {
                exp -= 1;
            }
        } else if digits.len() < MAX_DIGITS {
            digits.push(d);
            if fraction {
                exp -= 1;
            }
        } else {
            sticky |= d != 0;
            if !fraction {
                exp += 1;
            }
        }
    };
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
        push(c - b'0', false);
        seen += 1;
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            push(c - b'0', true);
            seen += 1;
            i += 1;
        }
    }
    if seen == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let minus = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            e = (e * 10 + i64::from(c - b'0')).min(EXP_LIMIT);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += if minus { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    let magnitude = value(&mut digits, exp, sticky);
    Some(if negative { -magnitude } else { magnitude })
}

/// The nearest `f64` to the integer `digits` times 10^`exp` (plus a little more when `sticky`).
fn value(digits: &mut Vec<u8>, mut exp: i64, sticky: bool) -> f64 {
    while digits.len() > 1 && digits.last() == Some(&0) && !sticky {
        digits.pop();
        exp += 1;
    }
    if digits.is_empty() {
        return 0.0;
    }
    let n = digits.len() as i64;
    // The value lies in [10^(n+exp-1), 10^(n+exp)).
    if n + exp > 310 {
        return f64::INFINITY;
    }
    if n + exp < -324 {
        // Below 10^-324, under half the smallest subnormal (4.94e-324).
        return 0.0;
    }
    if digits.len() <= EXACT_DIGITS && exp.abs() <= EXACT_POW10 && !sticky {
        let d = digits.iter().fold(0u64, |a, &d| a * 10 + u64::from(d)) as f64;
        let p = pow10_exact(exp.unsigned_abs() as u32);
        return if exp < 0 { d / p } else { d * p };
    }
    let mut z = estimate(digits, exp);
    let big = Big::from_digits(digits);
    // Each turn moves one ulp towards the value; the estimate is within a few.
    for _ in 0..64 {
        if z.is_infinite() {
            return z;
        }
        let (m, k) = parts(z);
        // The halfway point above z: (2m+1) * 2^(k-1).
        match compare(&big, exp, sticky, 2 * m + 1, k - 1) {
            Ordering::Greater => {
                z = up(z);
                continue;
            }
            Ordering::Equal if m & 1 == 1 => return up(z),
            _ => {}
        }
        if z == 0.0 {
            return z;
        }
        // The halfway point below z; the gap below a power of two is half the gap above (normal numbers).
        let (num, pow) = if m == 1 << MANTISSA_BITS && k > MIN_EXP {
            (4 * m - 1, k - 2)
        } else {
            (2 * m - 1, k - 1)
        };
        match compare(&big, exp, sticky, num, pow) {
            Ordering::Less => z = down(z),
            Ordering::Equal if m & 1 == 1 => return down(z),
            _ => return z,
        }
    }
    z
}

/// The next `f64` up from a non-negative `z` (from `f64::MAX`: infinity).
fn up(z: f64) -> f64 {
    f64::from_bits(z.to_bits() + 1)
}

/// The next `f64` down from a positive `z`.
fn down(z: f64) -> f64 {
    f64::from_bits(z.to_bits() - 1)
}

/// 10^`e` for `e` <= 22, exact.
fn pow10_exact(e: u32) -> f64 {
    (0..e).fold(1.0, |p, _| p * 10.0)
}

/// A value near `digits` * 10^`exp` (within a few ulps), clamped to the finite `f64`s.
fn estimate(digits: &[u8], exp: i64) -> f64 {
    let top = digits.len().min(19);
    let lead = digits[..top]
        .iter()
        .fold(0u64, |a, &d| a * 10 + u64::from(d)) as f64;
    let e = (exp + (digits.len() - top) as i64) as i32;
    // Two steps keep each power of ten finite and normal for the values `value` lets through.
    let half = e / 2;
    let z = lead * 10f64.powi(half) * 10f64.powi(e - half);
    if z.is_finite() {
        z
    } else {
        f64::MAX
    }
}

/// A finite non-negative `f64` as `m * 2^k` with `m` its integer mantissa (hidden bit included).
fn parts(z: f64) -> (u64, i32) {
    let bits = z.to_bits();
    let biased = ((bits >> MANTISSA_BITS) & 0x7ff) as i32;
    let frac = bits & ((1 << MANTISSA_BITS) - 1);
    if biased == 0 {
        (frac, MIN_EXP)
    } else {
        (frac | 1 << MANTISSA_BITS, biased + MIN_EXP - 1)
    }
}

/// `digits` * 10^`exp` (plus a little when `sticky`) against `num` * 2^`pow`, exactly.
fn compare(digits: &Big, exp: i64, sticky: bool, num: u64, pow: i32) -> Ordering {
    let mut left = digits.clone();
    let mut right = Big::from_u64(num);
    if exp >= 0 {
        left.mul_pow10(exp as u32);
    } else {
        right.mul_pow10(exp.unsigned_abs() as u32);
    }
    if pow >= 0 {
        right.shl(pow as u32);
    } else {
        left.shl(pow.unsigned_abs());
    }
    match left.cmp(&right) {
        Ordering::Equal if sticky => Ordering::Greater,
        o => o,
    }
}

/// An unsigned integer as 32-bit limbs, least significant first, without leading zero limbs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for chunk in digits.chunks(9) {
            let v = chunk.iter().fold(0u32, |a, &d| a * 10 + u32::from(d));
            b.mul_add(10u32.pow(chunk.len() as u32), v);
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// self = self * m + a.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn mul_pow10(&mut self, mut e: u32) {
        while e >= 9 {
            self.mul_add(1_000_000_000, 0);
            e -= 9;
        }
        if e > 0 {
            self.mul_add(10u32.pow(e), 0);
        }
    }

    fn shl(&mut self, bits: u32) {
        if self.0.is_empty() {
            return;
        }
        let (limbs, rest) = ((bits / 32) as usize, bits % 32);
        if rest > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = *limb;
                *limb = v << rest | carry;
                carry = v >> (32 - rest);
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// Agrees with core's parser, bit for bit (signed zeros and infinities included), or both refuse.
    fn same(s: &str) {
        let want = s.parse::<f64>().ok();
        let got = parse(s);
        assert_eq!(
            got.map(f64::to_bits),
            want.map(f64::to_bits),
            "{s:?}: {got:?} against core's {want:?}"
        );
    }

    /// The exact decimal expansion of `m` * 2^`k` (a dyadic rational) as (digits, power of ten), from
    /// arithmetic in base 10^9 of its own (not the parser's binary big integers).
    fn exact_decimal(m: u64, k: i32) -> (String, i32) {
        const BASE: u64 = 1_000_000_000;
        // Limbs of 9 decimal digits, least significant first.
        let mut limbs = vec![m % BASE, m / BASE % BASE, m / BASE / BASE];
        let times = |limbs: &mut Vec<u64>, f: u64| {
            let mut carry = 0;
            for l in limbs.iter_mut() {
                let v = *l * f + carry;
                *l = v % BASE;
                carry = v / BASE;
            }
            while carry > 0 {
                limbs.push(carry % BASE);
                carry /= BASE;
            }
        };
        // m * 2^k, or m * 5^-k / 10^-k; in steps of 2^20 or 5^8.
        let (factor, step, mut n) = if k >= 0 { (2u64, 20, k) } else { (5u64, 8, -k) };
        while n > 0 {
            let s = n.min(step);
            times(&mut limbs, factor.pow(s as u32));
            n -= s;
        }
        while limbs.len() > 1 && limbs.last() == Some(&0) {
            limbs.pop();
        }
        let mut digits = limbs.last().unwrap().to_string();
        for l in limbs.iter().rev().skip(1) {
            digits.push_str(&format!("{l:09}"));
        }
        (digits, k.min(0))
    }

    /// `digits` (no leading zeros, not "0") minus one, in decimal.
    fn minus_one(digits: &str) -> String {
        let mut d: Vec<u8> = digits.bytes().collect();
        for x in d.iter_mut().rev() {
            if *x == b'0' {
                *x = b'9';
            } else {
                *x -= 1;
                break;
            }
        }
        let s = String::from_utf8(d).unwrap();
        let t = s.trim_start_matches('0');
        if t.is_empty() {
            "0".into()
        } else {
            t.into()
        }
    }

    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn what_people_type_parses_as_core_does() {
        for s in [
            "0.5",
            "2",
            "0.667",
            "0.6666666666666666",
            "0.66666666666666666667",
            "1e-3",
            "1E3",
            "+.5",
            "-0.25",
            "5.",
            ".5",
            "007",
            "0",
            "-0",
            "0.0",
            "00.000e5",
            "1e22",
            "1e23",
            "9007199254740993",
            "123456789012345678901234567890",
            "0.1",
            "0.3",
            "1.7976931348623157e308",
            "1.8e308",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-400",
            "1e400",
            "1e0000000000000000000000000005",
            "0.000000000000000000000000000000000000000000001",
            "1e-0",
            "+0e+0",
        ] {
            same(s);
        }
    }

    #[test]
    fn what_is_not_a_number_is_refused_as_core_refuses_it() {
        for s in [
            "", "+", "-", ".", "e5", "1e", "1e+", "1e-", "--1", "+-1", "1.2.3", "1e5.5", " 1",
            "1 ", "1,5", "0x10", "1_000",
        ] {
            same(s);
        }
    }

    #[test]
    fn random_decimals_agree_with_core_bit_for_bit() {
        let mut r = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200_000 {
            let long = r.below(4) == 0;
            let len = 1 + r.below(if long { 60 } else { 20 }) as usize;
            let mut s = String::new();
            if r.below(3) == 0 {
                s.push('-');
            }
            let point = r.below(len as u64 + 1) as usize;
            for i in 0..len {
                if i == point {
                    s.push('.');
                }
                s.push((b'0' + r.below(10) as u8) as char);
            }
            if r.below(2) == 0 {
                s.push_str(&format!("e{}", r.below(700) as i64 - 350));
            }
            same(&s);
        }
    }

    #[test]
    fn halfway_points_and_their_neighbours_round_as_core_does() {
        let mut r = Rng(0x0123_4567_89ab_cdef);
        for i in 0..2_000 {
            // A random positive finite f64 (normal or subnormal; the largest first), and the exact point
            // halfway to the next one up: a tie, which goes to the even mantissa.
            let z = if i == 0 {
                f64::MAX
            } else {
                f64::from_bits(r.below(0x7fef_ffff_ffff_ffff) + 1)
            };
            let (m, k) = super::parts(z);
            let (digits, e) = exact_decimal(2 * m + 1, k - 1);
            same(&format!("{digits}e{e}"));
            // A hair above it (one more digit), and one unit of its last digit below it.
            same(&format!("{digits}1e{}", e - 1));
            same(&format!("{}e{e}", minus_one(&digits)));
            // The neighbour itself, written out exactly.
            let (exact, ez) = exact_decimal(m, k);
            same(&format!("{exact}e{ez}"));
        }
    }

    #[test]
    fn more_than_800_significant_digits_still_round_correctly() {
        // The halfway point between 1 and its successor (a tie, to even: 1), then a non-zero digit far
        // beyond the 800 digits kept (just above the tie: the successor), and zeros there (still the tie).
        let (digits, e) = exact_decimal(2 * (1u64 << 52) + 1, -53);
        same(&format!("{digits}e{e}"));
        assert_eq!(parse(&format!("{digits}e{e}")), Some(1.0));
        let above = format!("{digits}{}1e{}", "0".repeat(900), e - 901);
        same(&above);
        assert_eq!(parse(&above), Some(f64::from_bits(1.0f64.to_bits() + 1)));
        same(&format!("{digits}{}e{}", "0".repeat(900), e - 900));
        // 900 integer digits: far beyond f64::MAX.
        same(&"9".repeat(900));
        same(&format!("0.{}1", "0".repeat(900)));
    }
}
