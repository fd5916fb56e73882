//! Python's and pandas' number formatting, in one place (used by [`crate::sweep`], [`crate::report`] and
//! [`crate::figures`]).
//!
//! - [`float_repr`]: Python's `repr(float)` / `str(float)` / `f"{v}"`, which is also what numpy's
//!   `astype(str)` writes for float64 and hence what pandas' `to_csv` writes (`0.02`, `1e-05`, `1e+16`,
//!   `-0.0`, `inf`, `nan`): the shortest round-tripping digits, positional for `1e-4 <= |v| < 1e16`,
//!   scientific otherwise with a sign and at least two exponent digits.
//! - [`float32_repr`]: the same rule applied to float32's shortest digits (numpy's `str(np.float32(v))`).
//! - [`fixed`]: Python's `f"{v:.Nf}"` (correctly rounded, ties to even on the exact binary value).
//! - [`sci`]: Python's `f"{v:.Ne}"` (`1.000000e-07`).

/// Python's `repr(v)` of a float: positional when the shortest digits' decimal exponent is in -4..16.
pub fn float_repr(v: f64) -> String {
    if let Some(s) = non_finite(v) {
        return s;
    }
    shortest(v, format!("{v:e}"), |exp| !(-4..16).contains(&exp))
}

/// numpy's `str(np.float32(v))` (what pandas writes for a float32 column): float32's shortest digits,
/// laid out like Python's float repr, except that numpy picks scientific notation by the value itself,
/// `|v| < 1e-4` or `|v| >= 1e16`: `np.float32(0.0001)` is 9.99999974737875e-05, printed `1e-04`.
pub fn float32_repr(v: f32) -> String {
    if let Some(s) = non_finite(v as f64) {
        return s;
    }
    let a = (v as f64).abs();
    shortest(v as f64, format!("{v:e}"), |_| !(1e-4..1e16).contains(&a))
}

fn non_finite(v: f64) -> Option<String> {
    if v.is_nan() {
        Some("nan".into())
    } else if v.is_infinite() {
        Some(if v.is_sign_negative() { "-inf" } else { "inf" }.into())
    } else {
        None
    }
}

/// Lays out shortest digits given as Rust's `{:e}` (`-1.2345e-5`) the way Python's repr does, in
/// scientific notation when `scientific(decimal exponent)` says so.
fn shortest(v: f64, e_form: String, scientific: impl Fn(i32) -> bool) -> String {
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let (mant, exp) = match e_form.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (e_form.as_str(), 0),
    };
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let sign = if neg { "-" } else { "" };
    if !scientific(exp) {
        let n = digits.len() as i32;
        let body = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (a, b) = digits.split_at((exp + 1) as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        // Python's exponent: a sign and at least two digits (`e+16`, `e-05`, `e+123`).
        format!("{sign}{mant}e{exp:+03}")
    }
}

/// Python's `f"{v:.{prec}f}"`.
pub fn fixed(v: f64, prec: usize) -> String {
    match non_finite(v) {
        Some(s) => s,
        None => format!("{v:.prec$}"),
    }
}

/// Python's `f"{v:.{prec}e}"`.
pub fn sci(v: f64, prec: usize) -> String {
    if let Some(s) = non_finite(v) {
        return s;
    }
    let s = format!("{v:.prec$e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let exp = e.parse::<i32>().unwrap_or(0);
            format!("{m}e{exp:+03}")
        }
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_like_python() {
        let cases: &[(f64, &str)] = &[
            (0.02, "0.02"),
            (12.0, "12.0"),
            (257.3333333333333, "257.3333333333333"),
            (6.48859649189418e-05, "6.48859649189418e-05"),
            (3.0, "3.0"),
            (1e16, "1e+16"),
            (9999999999999998.0, "9999999999999998.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (0.00012, "0.00012"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (1.2345678901234568e17, "1.2345678901234568e+17"),
            (5e-324, "5e-324"),
            (-1.5e300, "-1.5e+300"),
            (123456.0, "123456.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.00009999999999999999, "9.999999999999999e-05"),
            (2.5e-5, "2.5e-05"),
            (0.000123, "0.000123"),
            (1.5e-7, "1.5e-07"),
            (1e22, "1e+22"),
        ];
        for (v, want) in cases {
            assert_eq!(float_repr(*v), *want, "{v:e}");
        }
    }

    #[test]
    fn float32_like_numpy() {
        assert_eq!(float32_repr(0.1), "0.1");
        assert_eq!(float32_repr(0.999739), "0.999739");
        assert_eq!(float32_repr(2.0), "2.0");
        assert_eq!(float32_repr(1e16), "1e+16");
        assert_eq!(float32_repr(1e-5), "1e-05");
        // numpy 1.26.3: str(np.float32(x)) for these.
        assert_eq!(float32_repr(0.0001), "1e-04");
        assert_eq!(float32_repr(9.999e-5), "9.999e-05");
        assert_eq!(float32_repr(0.000123), "0.000123");
        assert_eq!(float32_repr(16777216.0), "16777216.0");
        assert_eq!(float32_repr(9.9999e15), "9999900000000000.0");
        // float32(1e16) is 10000000272564224: scientific; the float32 below it is positional.
        assert_eq!(float32_repr(1e16_f32), "1e+16");
        assert_eq!(
            float32_repr(f32::from_bits(1e16_f32.to_bits() - 1)),
            "9999999000000000.0"
        );
        assert_eq!(float32_repr(3.4028235e38), "3.4028235e+38");
        assert_eq!(float32_repr(-0.0), "-0.0");
    }

    #[test]
    fn fixed_and_sci_like_python() {
        assert_eq!(fixed(0.125, 2), "0.12");
        assert_eq!(fixed(0.375, 2), "0.38");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(-0.0, 1), "-0.0");
        assert_eq!(fixed(f64::NAN, 1), "nan");
        assert_eq!(fixed(f64::NEG_INFINITY, 3), "-inf");
        assert_eq!(fixed(0.99973899, 3), "1.000");
        assert_eq!(sci(1e-7, 6), "1.000000e-07");
        assert_eq!(sci(1.5e123, 6), "1.500000e+123");
    }
}
