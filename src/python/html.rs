//! The notebook display of a `Stance` (`_repr_html_`): the statement with
//! its contributions highlighted, and the scores as bars.
//!
//! Inline styles only: notebook front ends keep them, and a `<style>` block
//! would leak into the rest of the page. Every piece of text goes through
//! [`escape`].

use std::fmt::Write;

use crate::{Axis, Contribution, Stance};

/// One colour per axis, in axis order (matplotlib's `tab10`, which reads
/// apart on light and dark themes); more axes cycle.
const PALETTE: [(u8, u8, u8); 10] = [
    (214, 39, 40),
    (255, 127, 14),
    (31, 119, 180),
    (148, 103, 189),
    (44, 160, 44),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
];

/// Background opacity of a highlight towards the positive pole
/// (threatening, accusatory, ...) and towards the negative one: the
/// positive pole is the strong one.
const POSITIVE_ALPHA: f64 = 0.55;
const NEGATIVE_ALPHA: f64 = 0.18;

/// Escapes text for HTML content and attribute values, exactly as Python's
/// `html.escape(s, quote=True)`.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(ch),
        }
    }
    out
}

fn colour(axis: usize, alpha: f64) -> String {
    let (r, g, b) = PALETTE[axis % PALETTE.len()];
    format!("rgba({r},{g},{b},{alpha})")
}

/// The axis with the largest absolute value, and that value; `None` when
/// every value is zero.
fn dominant(values: &[f64]) -> Option<(usize, f64)> {
    values
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| *v != 0.0)
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
}

fn pole_name(axes: &[Axis], i: usize, positive: bool) -> &str {
    axes.get(i)
        .map(|a| if positive { &a.positive } else { &a.negative })
        .map_or("", |s| s.as_str())
}

/// The tooltip of one contribution: term and group, value per axis (with
/// its pole), and factors.
fn tooltip(stance: &Stance, axes: &[Axis], c: &Contribution) -> String {
    let mut t = format!("{} ({})", c.term, c.group);
    for (i, (a, v)) in stance.axes.iter().zip(&c.values).enumerate() {
        if *v != 0.0 {
            let pole = pole_name(axes, i, *v > 0.0);
            let _ = write!(t, "\n{} {v:+.3}", a.axis);
            if !pole.is_empty() {
                let _ = write!(t, " ({pole})");
            }
        }
    }
    for f in &c.factors {
        let _ = write!(t, "\n{f}");
    }
    t
}

/// The whole fragment: the highlighted statement, then one bar per axis.
pub(super) fn stance(stance: &Stance, text: &str, axes: &[Axis]) -> String {
    let mut out = String::from(
        "<div class=\"stancekit-stance\" style=\"font-family:system-ui,sans-serif;\
         line-height:1.8;max-width:52em\">\n<div style=\"margin-bottom:0.6em\">",
    );
    let mut at = 0;
    for c in &stance.contributions {
        // Matches never overlap; a span that did would be left unmarked
        // rather than garble the text.
        if c.span.start < at || c.span.end > text.len() {
            continue;
        }
        out.push_str(&escape(&text[at..c.span.start]));
        let style = match dominant(&c.values) {
            Some((i, v)) if v > 0.0 => format!(
                "background:{};border-bottom:2px solid {}",
                colour(i, POSITIVE_ALPHA),
                colour(i, 1.0)
            ),
            Some((i, _)) => format!(
                "background:{};border-bottom:2px dotted {}",
                colour(i, NEGATIVE_ALPHA),
                colour(i, 1.0)
            ),
            None => "border-bottom:2px dotted #999".to_string(),
        };
        let _ = write!(
            out,
            "<span class=\"stancekit-hit\" style=\"{style};border-radius:3px;padding:0 2px\" \
             title=\"{}\">{}</span>",
            escape(&tooltip(stance, axes, c)),
            escape(&c.text)
        );
        at = c.span.end;
    }
    out.push_str(&escape(&text[at..]));
    out.push_str("</div>\n<table style=\"border-collapse:collapse;font-size:0.85em\">\n");
    for (i, a) in stance.axes.iter().enumerate() {
        // The bar grows from the middle (0) of a track from -1 to 1.
        let score = a.score.clamp(-1.0, 1.0);
        let width = score.abs() * 50.0;
        let left = if score < 0.0 { 50.0 - width } else { 50.0 };
        let alpha = if score > 0.0 {
            POSITIVE_ALPHA
        } else {
            NEGATIVE_ALPHA * 2.0
        };
        let _ = writeln!(
            out,
            "<tr><td style=\"text-align:right;padding:0 6px;opacity:0.7\">{neg}</td>\
             <td style=\"padding:0\"><div style=\"position:relative;width:160px;height:12px;\
             background:rgba(127,127,127,0.15);border-radius:2px\">\
             <div style=\"position:absolute;left:{left:.2}%;width:{width:.2}%;top:0;bottom:0;\
             background:{fill};border-radius:2px\"></div>\
             <div style=\"position:absolute;left:50%;top:0;bottom:0;width:1px;\
             background:rgba(127,127,127,0.8)\"></div></div></td>\
             <td style=\"padding:0 6px;opacity:0.7\">{pos}</td>\
             <td style=\"padding:0 6px;border-left:4px solid {solid}\">{axis}</td>\
             <td style=\"text-align:right;font-family:monospace\" \
             title=\"raw {raw:+.3}, {hits} hit(s)\">{value:+.3}</td></tr>",
            neg = escape(pole_name(axes, i, false)),
            pos = escape(pole_name(axes, i, true)),
            fill = colour(i, alpha),
            solid = colour(i, 1.0),
            axis = escape(&a.axis),
            raw = a.raw,
            hits = a.hits,
            value = a.score,
        );
    }
    out.push_str("</table>\n</div>");
    out
}
