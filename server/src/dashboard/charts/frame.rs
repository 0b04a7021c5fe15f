//! What every chart shares: the canvas, the palette, number formats, the "no data" picture, and the
//! text alternative (`<title>`, `<desc>`, `role="img"`) that plotters cannot emit itself.

use std::ops::Range;

use plotters::{
    coord::{
        ranged1d::{DefaultFormatting, KeyPointHint},
        Shift,
    },
    prelude::{
        Circle, Color, DrawingArea, DrawingAreaErrorKind, IntoDrawingArea, IntoFont, PathElement,
        RGBColor, Ranged, Rectangle, SVGBackend, Text,
    },
    style::{
        text_anchor::{HPos, Pos, VPos},
        TextStyle,
    },
};

/// The canvas of the Overview charts; the page scales it to its width (`viewBox`), so only the
/// aspect ratio and the text size relative to it matter.
pub const WIDE: (u32, u32) = (640, 340);
/// The canvas of the small per-user chart.
pub const SMALL: (u32, u32) = (520, 300);

/// The page's colours (style/main.css); each has at least 4.5:1 contrast on white.
pub const ACCENT: RGBColor = RGBColor(0x1d, 0x4e, 0xd8);
pub const SECOND: RGBColor = RGBColor(0xb4, 0x53, 0x09);
pub const THIRD: RGBColor = RGBColor(0x04, 0x78, 0x57);
pub const FOURTH: RGBColor = RGBColor(0x6d, 0x28, 0xd9);
pub const MUTED: RGBColor = RGBColor(0x4a, 0x52, 0x61);
pub const TEXT: RGBColor = RGBColor(0x1a, 0x1d, 0x23);
pub const GRID: RGBColor = RGBColor(0xd7, 0xdb, 0xe2);
pub const BACKGROUND: RGBColor = RGBColor(0xff, 0xff, 0xff);

pub type Canvas<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub type DrawError = DrawingAreaErrorKind<std::io::Error>;

const FONT: &str = "sans-serif";

/// Tick labels and the values written on bars.
pub fn label_style() -> TextStyle<'static> {
    (FONT, 17).into_font().color(&TEXT)
}

/// The axis descriptions.
pub fn axis_style() -> TextStyle<'static> {
    (FONT, 18).into_font().color(&TEXT)
}

/// The width to keep left of the plot for tick labels as long as `longest` and the rotated axis
/// description beside them.
pub fn y_label_area(longest: &str) -> u32 {
    (44.0 + 9.0 * longest.chars().count() as f64).max(64.0) as u32
}

/// A continuous axis over `range` with ticks exactly at `ticks`: categories centred on whole
/// numbers, or dates placed by the chart. (plotters' own `with_key_points` cannot take a label
/// formatter.)
pub struct Axis {
    pub range: Range<f64>,
    pub ticks: Vec<f64>,
}

impl Ranged for Axis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let width = self.range.end - self.range.start;
        let share = if width > 0.0 {
            (value - self.range.start) / width
        } else {
            0.5
        };
        limit.0 + (f64::from(limit.1 - limit.0) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swatch {
    Line,
    Block,
    /// A hollow point (the utilisation trend's derived months).
    Ring,
}

/// The height of the legend row [`legend`] draws.
pub const LEGEND_HEIGHT: u32 = 34;

/// A legend in one row along the top of `area`, outside the plot so it never hides data.
pub fn legend(area: &Canvas<'_>, entries: &[(&str, RGBColor, Swatch)]) -> Result<(), DrawError> {
    let style = label_style().pos(Pos::new(HPos::Left, VPos::Center));
    let y = LEGEND_HEIGHT as i32 / 2;
    let mut x = 60.0;
    for &(name, colour, swatch) in entries {
        let x0 = x as i32;
        match swatch {
            Swatch::Line => area.draw(&PathElement::new(
                vec![(x0, y), (x0 + 22, y)],
                colour.stroke_width(3),
            ))?,
            Swatch::Block => area.draw(&Rectangle::new(
                [(x0 + 4, y - 7), (x0 + 18, y + 7)],
                colour.filled(),
            ))?,
            Swatch::Ring => area.draw(&Circle::new((x0 + 11, y), 5, colour.stroke_width(2)))?,
        }
        area.draw(&Text::new(name.to_owned(), (x0 + 28, y), style.clone()))?;
        // The font's width is not known here (the browser picks it): a generous estimate.
        x += 28.0 + 8.5 * name.chars().count() as f64 + 20.0;
    }
    Ok(())
}

/// What a chart says about itself to a screen reader, and to anyone who cannot see it.
pub struct Alt<'a> {
    /// Unique on the page: the `<title>` and `<desc>` ids derive from it.
    pub id: &'a str,
    pub title: String,
    pub desc: String,
}

/// Draws a chart on a `size` canvas and adds its text alternative. A drawing error (which the
/// in-memory SVG backend does not produce in practice) yields the "no data" picture, never a panic.
pub fn render(
    size: (u32, u32),
    alt: &Alt<'_>,
    draw: impl FnOnce(&Canvas<'_>) -> Result<(), DrawError>,
) -> String {
    let mut svg = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&BACKGROUND)
            .and_then(|()| draw(&root))
            .and_then(|()| root.present())
    };
    match drawn {
        Ok(()) => accessible(&svg, alt),
        Err(error) => {
            tracing::error!(chart = alt.id, %error, "cannot draw a chart");
            no_data(
                size,
                &Alt {
                    id: alt.id,
                    title: alt.title.clone(),
                    desc: "The chart could not be drawn; the server log has the details.".into(),
                },
            )
        }
    }
}

/// A chart with nothing to plot: the frame and `alt.desc` written in its middle.
pub fn no_data(size: (u32, u32), alt: &Alt<'_>) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let style = axis_style()
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let centre = (size.0 as i32 / 2, size.1 as i32 / 2);
        // Writing into a String cannot fail; a failure would only leave the picture blank.
        let _ = root
            .fill(&BACKGROUND)
            .and_then(|()| root.draw_text(&alt.desc, &style, centre))
            .and_then(|()| root.present());
    }
    accessible(&svg, alt)
}

/// Adds `role="img"`, `aria-labelledby` and the `<title>` and `<desc>` to the root `<svg>`.
fn accessible(svg: &str, alt: &Alt<'_>) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_owned();
    };
    let Some(end) = svg[start..].find('>').map(|i| start + i) else {
        return svg.to_owned();
    };
    let id = escape(alt.id);
    let mut out = String::with_capacity(svg.len() + alt.title.len() + alt.desc.len() + 200);
    out.push_str(&svg[..end]);
    out.push_str(&format!(
        " role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>",
        escape(&alt.title),
        escape(&alt.desc)
    ));
    out.push_str(&svg[end + 1..]);
    out
}

/// Text made safe inside XML elements and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// `12345` as `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A round top for a count axis a little above `max`, so the tallest bar has room for its value.
pub fn count_axis_top(max: u64) -> u64 {
    let wanted = max
        .saturating_add(max / 8)
        .max(max.saturating_add(1))
        .max(4);
    let magnitude = 10u64.pow(wanted.ilog10().saturating_sub(1));
    wanted.div_ceil(magnitude).saturating_mul(magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_with_commas() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn the_count_axis_leaves_room_above_the_tallest_bar() {
        assert_eq!(count_axis_top(0), 4);
        assert_eq!(count_axis_top(3), 4);
        assert!(count_axis_top(100) > 100);
        assert!(count_axis_top(48_213) >= 48_213 + 48_213 / 8);
        assert!(count_axis_top(48_213) <= 60_000);
        assert!(count_axis_top(u64::MAX / 2) > u64::MAX / 2);
    }

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{7}"),
            "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn a_chart_without_data_says_so_in_words() {
        let svg = no_data(
            WIDE,
            &Alt {
                id: "empty",
                title: "Nothing".into(),
                desc: "No report yet.".into(),
            },
        );
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("empty-title empty-desc")
        );
        assert!(svg.contains("<desc id=\"empty-desc\">No report yet.</desc>"));
        assert!(svg.contains(">\nNo report yet.\n</text>"));
    }
}
