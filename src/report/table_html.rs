//! The page's summary tables as HTML rows: one `<tbody>`'s markup per sweep, written in one piece so the
//! page sets it with a single `innerHTML` instead of building ~5 DOM nodes per cell through wasm-bindgen
//! (each load replaces every row anyway).
//!
//! Owns: the rows' markup and its escaping. The cells are [`super::summary_rows`] and
//! [`super::png_summary_rows`]; the hooks the tests read are `data-hparam`/`data-value` on each row and
//! the cell classes `value`, `count`, `fraction`, `max-info` (S9A/B) and `png-count`, `n-trials` (S9C).

use super::{PngSummaryRow, SummaryRow};
use std::fmt::Write;

/// Escapes text for HTML element content and double- or single-quoted attribute values. Everything else
/// (controls, any Unicode) is kept as is, so `data-hparam` reads back exactly as the sweep's name.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A sweep's `<tbody>` markup: a section row naming it across `cols` columns, then one row per item with
/// `data-hparam`, `data-value` and the cells `(class, text)` that `cells` gives (the first is the value).
fn tbody<R>(
    hparam: &str,
    cols: usize,
    rows: &[R],
    cells: impl Fn(&R) -> Vec<(&str, String)>,
) -> String {
    let h = escape(hparam);
    let mut out = String::with_capacity(128 + rows.len() * 200);
    let _ = write!(
        out,
        "<tr class=\"section\"><th colspan=\"{cols}\" scope=\"rowgroup\">{h}</th></tr>"
    );
    for r in rows {
        let cells = cells(r);
        let value = cells.first().map_or("", |c| c.1.as_str());
        let _ = write!(
            out,
            "<tr data-hparam=\"{h}\" data-value=\"{}\">",
            escape(value)
        );
        for (class, text) in &cells {
            let _ = write!(out, "<td class=\"{class}\">{}</td>", escape(text));
        }
        out.push_str("</tr>");
    }
    out
}

/// The Fig. S9A/B table's body for one sweep: its name, then value, count, fraction and max info.
pub fn summary_tbody(hparam: &str, rows: &[SummaryRow]) -> String {
    tbody(hparam, 4, rows, |r| {
        vec![
            ("value", r.value.clone()),
            ("count num", r.count.clone()),
            ("fraction num", r.fraction.clone()),
            ("max-info num", r.max_info.clone()),
        ]
    })
}

/// The Fig. S9C table's body for one sweep: its name, then value, count and n_trials.
pub fn png_tbody(hparam: &str, rows: &[PngSummaryRow]) -> String {
    tbody(hparam, 3, rows, |r| {
        vec![
            ("value", r.value.clone()),
            ("png-count num", r.count.clone()),
            ("n-trials num", r.n_trials.to_string()),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(value: &str) -> SummaryRow {
        SummaryRow {
            value: value.into(),
            count: "204.6 ± 11.8".into(),
            fraction: "5.0%".into(),
            max_info: "N/A".into(),
        }
    }

    #[test]
    fn a_hostile_sweep_name_stays_text_in_cells_and_attributes() {
        let name = "<img src=x onerror=alert(1)>\"'&";
        let html = summary_tbody(name, &[summary("0.5")]);
        assert!(!html.contains("<img"), "{html}");
        let escaped = "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;";
        assert!(
            html.contains(&format!("scope=\"rowgroup\">{escaped}</th>")),
            "{html}"
        );
        assert!(
            html.contains(&format!("data-hparam=\"{escaped}\"")),
            "{html}"
        );
    }

    #[test]
    fn each_value_is_a_row_with_the_cells_the_tests_read() {
        let html = summary_tbody("lrate", &[summary("0.0001"), summary("1e-05")]);
        assert_eq!(
            html.matches("<tr ").count() + html.matches("<tr>").count(),
            3
        );
        assert!(html.starts_with(
            "<tr class=\"section\"><th colspan=\"4\" scope=\"rowgroup\">lrate</th></tr>"
        ));
        assert!(html.contains(
            "<tr data-hparam=\"lrate\" data-value=\"1e-05\"><td class=\"value\">1e-05</td>\
             <td class=\"count num\">204.6 ± 11.8</td><td class=\"fraction num\">5.0%</td>\
             <td class=\"max-info num\">N/A</td></tr>"
        ));
    }

    #[test]
    fn png_rows_carry_count_and_trials() {
        let rows = [PngSummaryRow {
            value: "'a&b'".into(),
            count: "3341 ± 633".into(),
            n_trials: 10,
        }];
        let html = png_tbody("I2E", &rows);
        assert!(html.contains("<th colspan=\"3\" scope=\"rowgroup\">I2E</th>"));
        assert!(html.contains(
            "<tr data-hparam=\"I2E\" data-value=\"&#39;a&amp;b&#39;\"><td class=\"value\">&#39;a&amp;b&#39;</td>\
             <td class=\"png-count num\">3341 ± 633</td><td class=\"n-trials num\">10</td></tr>"
        ));
    }
}
