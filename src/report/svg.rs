//! Hand-written inline SVG bar charts: before (baseline) vs after, per row.

use super::escape::escape_html;
use std::fmt::Write;

/// One row of a chart: a label and two values.
pub(crate) struct Bar<'a> {
    pub label: &'a str,
    pub before: f64,
    pub after: f64,
}

/// A value as printed next to its bar: whole numbers plainly, else one decimal.
fn value_text(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

const WIDTH: u64 = 720;
const LABEL_W: u64 = 150;
const VALUE_W: u64 = 90;
const BAR_H: u64 = 14;
const ROW_H: u64 = 2 * BAR_H + 14;
const TOP: u64 = 28;
const BEFORE_COLOR: &str = "#a0aec0";
const AFTER_COLOR: &str = "#2b6cb0";

/// A horizontal grouped bar chart with a legend. All rows share one scale.
pub(crate) fn bar_chart(id: &str, title: &str, unit: &str, bars: &[Bar]) -> String {
    let height = TOP + ROW_H * bars.len().max(1) as u64 + 6;
    let max = bars
        .iter()
        .flat_map(|b| [b.before, b.after])
        .fold(0.0_f64, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let span = WIDTH - LABEL_W - VALUE_W;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<figure id=\"{id}\" class=\"chart\"><figcaption>{title}</figcaption>",
        id = escape_html(id),
        title = escape_html(title)
    );
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">",
        escape_html(title)
    );
    // Legend.
    let _ = writeln!(
        s,
        "<rect x=\"{LABEL_W}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{BEFORE_COLOR}\"/>\
         <text x=\"{}\" y=\"16\">合并前（逐项单开）</text>\
         <rect x=\"{}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{AFTER_COLOR}\"/>\
         <text x=\"{}\" y=\"16\">合并后</text>",
        LABEL_W + 16,
        LABEL_W + 160,
        LABEL_W + 176
    );
    if bars.is_empty() {
        let _ = writeln!(s, "<text x=\"{LABEL_W}\" y=\"{}\">无数据</text>", TOP + 16);
    }
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + ROW_H * i as u64;
        let _ = writeln!(
            s,
            "<g class=\"bar-row\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 8,
            y + BAR_H + 4,
            escape_html(b.label)
        );
        for (j, (value, color, name)) in [
            (b.before, BEFORE_COLOR, "合并前"),
            (b.after, AFTER_COLOR, "合并后"),
        ]
        .into_iter()
        .enumerate()
        {
            let by = y + BAR_H * j as u64;
            let w = (value.max(0.0) * span as f64 / max).round() as u64;
            let _ = writeln!(
                s,
                "<rect x=\"{LABEL_W}\" y=\"{by}\" width=\"{w}\" height=\"{}\" fill=\"{color}\">\
                 <title>{}{}：{} {}</title></rect>\
                 <text x=\"{}\" y=\"{}\">{}</text>",
                BAR_H - 2,
                escape_html(b.label),
                name,
                value_text(value),
                escape_html(unit),
                LABEL_W + w + 4,
                by + BAR_H - 3,
                value_text(value)
            );
        }
        s.push_str("</g>\n");
    }
    s.push_str("</svg></figure>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_labels_are_escaped() {
        let svg = bar_chart(
            "c",
            "t",
            "次",
            &[Bar {
                label: "<x>",
                before: 10.0,
                after: 5.0,
            }],
        );
        let span = WIDTH - LABEL_W - VALUE_W;
        assert!(svg.contains(&format!("width=\"{span}\"")));
        assert!(svg.contains(&format!("width=\"{}\"", span / 2)));
        assert!(svg.contains("&lt;x&gt;"));
        assert!(!svg.contains("<x>"));
    }
}
