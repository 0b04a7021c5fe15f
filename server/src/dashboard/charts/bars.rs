//! Bar charts over categories (buckets, weeks, windows), one or more series side by side, the
//! drawing the histogram, the weekly calls and the per-user chart share.

use plotters::{
    prelude::*,
    style::text_anchor::{HPos, Pos, VPos},
};

use super::frame::{self, Axis, Canvas, DrawError, Swatch, GRID, MUTED};

pub struct Series<'a> {
    pub name: &'a str,
    pub colour: RGBColor,
    /// One per category; `None` draws no bar (the value is not known).
    pub values: Vec<Option<u64>>,
    /// Categories drawn lighter, e.g. a partial week; empty for none.
    pub faded: Vec<bool>,
}

pub struct Bars<'a> {
    /// One label per category.
    pub labels: Vec<String>,
    /// Writes every `label_every`-th category label, so long series stay legible.
    pub label_every: usize,
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    pub series: Vec<Series<'a>>,
    /// Writes each bar's value above it.
    pub value_labels: bool,
}

/// Draws `bars` on `root`; a legend appears when there is more than one series.
pub fn draw(root: &Canvas<'_>, bars: &Bars<'_>) -> Result<(), DrawError> {
    let plot = if bars.series.len() > 1 {
        let (top, plot) = root.split_vertically(frame::LEGEND_HEIGHT);
        let entries: Vec<(&str, RGBColor, Swatch)> = bars
            .series
            .iter()
            .map(|s| (s.name, s.colour, Swatch::Block))
            .collect();
        frame::legend(&top, &entries)?;
        plot
    } else {
        root.clone()
    };
    let n = bars.labels.len().max(1);
    let max = bars
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    let top = frame::count_axis_top(max);
    let every = bars.label_every.max(1);
    let ticks: Vec<f64> = (0..n).step_by(every).map(|i| i as f64).collect();
    let x_label = |x: &f64| {
        let i = x.round();
        if i >= 0.0 && (i as usize) < bars.labels.len() {
            bars.labels[i as usize].clone()
        } else {
            String::new()
        }
    };
    let y_label = |y: &u64| frame::thousands(*y);
    let mut chart = ChartBuilder::on(&plot)
        .margin(16)
        .x_label_area_size(52)
        .y_label_area_size(frame::y_label_area(&frame::thousands(top)))
        .build_cartesian_2d(
            Axis {
                range: -0.5..n as f64 - 0.5,
                ticks: ticks.clone(),
            },
            0u64..top,
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(bars.x_desc)
        .y_desc(bars.y_desc)
        .x_labels(ticks.len())
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style(frame::label_style())
        .axis_desc_style(frame::axis_style())
        .axis_style(MUTED)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .draw()?;

    let k = bars.series.len().max(1) as f64;
    let slot = 0.8 / k;
    let gap = if bars.labels.len() > 20 {
        0.0
    } else {
        slot * 0.08
    };
    for (j, series) in bars.series.iter().enumerate() {
        let colour = series.colour;
        let placed: Vec<(f64, f64, u64, bool)> = series
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let x0 = i as f64 - 0.4 + j as f64 * slot;
                let faded = series.faded.get(i).copied().unwrap_or(false);
                v.map(|v| (x0 + gap, x0 + slot - gap, v, faded))
            })
            .collect();
        chart.draw_series(placed.iter().map(|&(x0, x1, v, faded)| {
            let style = if faded {
                colour.mix(0.45).filled()
            } else {
                colour.filled()
            };
            Rectangle::new([(x0, 0), (x1, v)], style)
        }))?;
        if bars.value_labels {
            let above = frame::label_style().pos(Pos::new(HPos::Center, VPos::Bottom));
            chart.draw_series(placed.iter().map(|&(x0, x1, v, _)| {
                EmptyElement::at(((x0 + x1) / 2.0, v))
                    + Text::new(frame::thousands(v), (0, -4), above.clone())
            }))?;
        }
    }
    Ok(())
}
