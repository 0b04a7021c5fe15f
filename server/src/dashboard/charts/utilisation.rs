//! Utilisation over the stored reports: Gong seats in use (and assigned) as a share of the purchased
//! seats, one point per report; as plain counts while no purchased number is set.

use chrono::{DateTime, Duration, Utc};
use plotters::prelude::*;

use super::{
    frame::{self, Alt, Axis, Canvas, DrawError, Swatch, ACCENT, GRID, MUTED, SECOND, WIDE},
    Whose,
};

const ID: &str = "chart-utilisation";
const TITLE: &str = "Gong seat utilisation over time";
const X_DESC: &str = "Report date";

/// A line of the chart: its name, colour and the count it plots.
type Line = (&'static str, RGBColor, fn(&UtilisationPoint) -> u64);

const LINES: [Line; 2] = [
    ("In use", ACCENT, |p| p.in_use),
    ("Assigned", SECOND, |p| p.assigned),
];

/// One stored report's Gong seat counts, or a month end's derived from activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UtilisationPoint {
    pub as_of: DateTime<Utc>,
    /// Users holding a Gong seat whose status counts as in use (active, new, protected, unmonitored).
    pub in_use: u64,
    /// Users active in Gong holding a Gong seat.
    pub assigned: u64,
    /// Derived from the per-day activity before the first stored report (drawn hollow).
    pub derived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UtilisationTrend {
    /// Purchased Gong seats; 0 while not set.
    pub purchased: u64,
    pub points: Vec<UtilisationPoint>,
}

impl UtilisationTrend {
    /// Percentages of the purchased seats, or `None` when there is nothing to divide by.
    fn share(&self, seats: u64) -> Option<f64> {
        (self.purchased > 0).then(|| seats as f64 * 100.0 / self.purchased as f64)
    }

    /// The plotted value: a percentage, or the count itself without a purchased number.
    fn value(&self, seats: u64) -> f64 {
        self.share(seats).unwrap_or(seats as f64)
    }

    /// "75 % (90 seats)", or "90 seats" without a purchased number.
    fn describe(&self, seats: u64) -> String {
        let count = format!(
            "{} seat{}",
            frame::thousands(seats),
            if seats == 1 { "" } else { "s" }
        );
        match self.share(seats) {
            Some(share) => format!("{} % ({count})", frame::thousands(share.round() as u64)),
            None => count,
        }
    }
}

/// A team (`Whose::Team`) has no purchased seats of its own: its chart is drawn in counts.
pub fn render(trend: &UtilisationTrend, whose: Whose) -> String {
    let mut points = trend.points.clone();
    points.sort_by_key(|p| p.as_of);
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return frame::no_data(
            WIDE,
            &Alt {
                id: ID,
                title: TITLE.into(),
                desc: "No report yet: the trend starts with the first complete sync.".into(),
            },
        );
    };
    let alt = Alt {
        id: ID,
        title: TITLE.into(),
        desc: describe(trend, &points, whose),
    };
    let origin = first.as_of;
    let days = |t: DateTime<Utc>| (t - origin).num_seconds() as f64 / 86_400.0;
    let span = days(last.as_of);
    let (x_range, x_ticks) = if span > 0.0 {
        (
            -span * 0.04..span * 1.04,
            (0..5).map(|i| span * f64::from(i) / 4.0).collect(),
        )
    } else {
        (-1.0..1.0, vec![0.0])
    };
    let x_label = move |x: &f64| {
        let at = origin + Duration::seconds((x * 86_400.0).round() as i64);
        if span > 0.0 && span < 5.0 {
            at.format("%m-%d %H:%M").to_string()
        } else {
            at.format("%Y-%m-%d").to_string()
        }
    };
    let highest = points
        .iter()
        .map(|p| trend.value(p.in_use).max(trend.value(p.assigned)))
        .fold(0.0, f64::max);
    let (y_top, y_desc) = if trend.purchased > 0 {
        (
            (highest * 1.1).max(110.0),
            "Share of purchased Gong seats (%)",
        )
    } else {
        (
            frame::count_axis_top(highest.ceil() as u64) as f64,
            match whose {
                Whose::Company => "Gong seats (no purchased number set)",
                Whose::Team => "Gong seats of your team",
            },
        )
    };
    let percent = trend.purchased > 0;
    let y_label = move |y: &f64| {
        if percent {
            format!("{} %", frame::thousands(y.round() as u64))
        } else if y.fract() == 0.0 {
            frame::thousands(*y as u64)
        } else {
            String::new()
        }
    };
    let mut entries: Vec<(&str, RGBColor, Swatch)> = LINES
        .iter()
        .map(|&(name, colour, _)| (name, colour, Swatch::Line))
        .collect();
    if percent {
        entries.push(("Purchased (100 %)", MUTED, Swatch::Line));
    }
    if points.iter().any(|p| p.derived) {
        entries.push(("Derived from activity", ACCENT, Swatch::Ring));
    }
    frame::render(WIDE, &alt, |root: &Canvas<'_>| -> Result<(), DrawError> {
        let (top, plot) = root.split_vertically(frame::LEGEND_HEIGHT);
        frame::legend(&top, &entries)?;
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .margin_right(32)
            .x_label_area_size(52)
            .y_label_area_size(frame::y_label_area(&y_label(&y_top)))
            .build_cartesian_2d(
                Axis {
                    range: x_range.clone(),
                    ticks: x_ticks.clone(),
                },
                0.0..y_top,
            )?;
        chart
            .configure_mesh()
            .x_desc(X_DESC)
            .y_desc(y_desc)
            .x_labels(x_ticks.len())
            .y_labels(if percent {
                6
            } else {
                (y_top as usize + 1).min(6)
            })
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .label_style(frame::label_style())
            .axis_desc_style(frame::axis_style())
            .axis_style(MUTED)
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .draw()?;
        if percent {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x_range.start, 100.0), (x_range.end, 100.0)],
                MUTED.stroke_width(2),
            )))?;
        }
        // The assigned line first, so the in-use line (the figure that matters) is drawn on top.
        for &(_, colour, seats) in LINES.iter().rev() {
            let xy: Vec<(f64, f64)> = points
                .iter()
                .map(|p| (days(p.as_of), trend.value(seats(p))))
                .collect();
            chart.draw_series(LineSeries::new(xy.clone(), colour.stroke_width(3)))?;
            chart.draw_series(xy.into_iter().zip(&points).map(|(xy, p)| {
                if p.derived {
                    Circle::new(xy, 5, WHITE.filled())
                } else {
                    Circle::new(xy, 5, colour.filled())
                }
            }))?;
            // A derived point is a ring: its line's colour around a white centre.
            chart.draw_series(points.iter().filter(|p| p.derived).map(|p| {
                Circle::new(
                    (days(p.as_of), trend.value(seats(p))),
                    5,
                    colour.stroke_width(2),
                )
            }))?;
        }
        Ok(())
    })
}

/// The chart in words: the span, the first and latest values, and the extremes.
fn describe(trend: &UtilisationTrend, points: &[UtilisationPoint], whose: Whose) -> String {
    let date = |p: &UtilisationPoint| p.as_of.format("%Y-%m-%d").to_string();
    let basis = if trend.purchased > 0 {
        format!(
            "Gong seats in use as a share of the {} purchased",
            frame::thousands(trend.purchased)
        )
    } else if whose == Whose::Team {
        "Gong seats of your team in use, as counts (the purchased seats are the company's)"
            .to_owned()
    } else {
        "Gong seats in use, as counts because no purchased number is set".to_owned()
    };
    let derived = points.iter().filter(|p| p.derived).count();
    let basis =
        match (derived, points.iter().find(|p| !p.derived)) {
            (0, _) => basis,
            (n, Some(stored)) => format!(
            "{basis}; the first {} (hollow, month ends before the first report on {}) {} derived \
             from the per-day activity that report read",
            if n == 1 { "point".to_owned() } else { format!("{n} points") },
            date(stored),
            if n == 1 { "is" } else { "are" },
        ),
            (n, None) => format!("{basis}; {n} points derived from per-day activity"),
        };
    let noun = if derived > 0 { "points" } else { "reports" };
    let (first, last) = (&points[0], &points[points.len() - 1]);
    if points.len() == 1 {
        return format!(
            "{basis}, from one report on {}: {} in use, {} assigned.",
            date(last),
            trend.describe(last.in_use),
            trend.describe(last.assigned)
        );
    }
    let lowest = points.iter().min_by_key(|p| p.in_use).expect("not empty");
    let highest = points.iter().max_by_key(|p| p.in_use).expect("not empty");
    format!(
        "{basis}, over {} {noun} from {} to {}: {} in use at first and {} in the latest report \
         (lowest {} on {}, highest {} on {}); assigned went from {} to {}.",
        points.len(),
        date(first),
        date(last),
        trend.describe(first.in_use),
        trend.describe(last.in_use),
        trend.describe(lowest.in_use),
        date(lowest),
        trend.describe(highest.in_use),
        date(highest),
        trend.describe(first.assigned),
        trend.describe(last.assigned),
    )
}

/// The chart's numbers, oldest first: each point's date, seats in use and assigned (a share of the
/// purchased seats where they are set), and whether a stored report or the activity gave it.
pub fn table(trend: &UtilisationTrend) -> app::types::ChartTable {
    let mut points = trend.points.clone();
    points.sort_by_key(|p| p.as_of);
    app::types::ChartTable {
        columns: ["Date", "In use", "Assigned", "From"]
            .map(str::to_owned)
            .to_vec(),
        rows: points
            .iter()
            .map(|p| {
                vec![
                    p.as_of.format("%Y-%m-%d").to_string(),
                    trend.describe(p.in_use),
                    trend.describe(p.assigned),
                    if p.derived {
                        "derived from activity".to_owned()
                    } else {
                        "stored report".to_owned()
                    },
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::dashboard::charts::check;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 6, 0, 0).unwrap()
    }

    fn trend(purchased: u64, points: &[(u32, u64, u64)]) -> UtilisationTrend {
        UtilisationTrend {
            purchased,
            points: points
                .iter()
                .map(|&(day, in_use, assigned)| UtilisationPoint {
                    as_of: at(day),
                    in_use,
                    assigned,
                    derived: false,
                })
                .collect(),
        }
    }

    #[test]
    fn each_report_is_a_point_on_both_lines_with_the_figures_in_words() {
        let svg = render(
            &trend(
                120,
                &[(2, 96, 108), (9, 90, 110), (16, 102, 111), (23, 90, 114)],
            ),
            Whose::Company,
        );
        let (title, desc) = check::accessible(&svg);
        assert_eq!(title, TITLE);
        assert!(desc.contains("share of the 120 purchased"), "{desc}");
        assert!(desc.contains("over 4 reports from 2026-03-02 to 2026-03-23"));
        assert!(desc.contains("80 % (96 seats) in use at first and 75 % (90 seats) in the latest"));
        assert!(desc.contains("highest 85 % (102 seats) on 2026-03-16"));
        let texts = check::texts(&svg);
        assert!(texts.iter().any(|t| t == X_DESC));
        assert!(texts
            .iter()
            .any(|t| t == "Share of purchased Gong seats (%)"));
        assert!(texts.iter().any(|t| t == "In use"));
        assert!(texts.iter().any(|t| t == "Assigned"));
        assert!(texts.iter().any(|t| t == "100 %"));
        assert_eq!(check::count(&svg, "circle", "#1D4ED8"), 4);
        assert_eq!(check::count(&svg, "circle", "#B45309"), 4);
    }

    #[test]
    fn points_are_drawn_in_date_order_whatever_order_they_come_in() {
        let sorted = render(&trend(10, &[(2, 5, 6), (9, 7, 8)]), Whose::Company);
        let shuffled = render(&trend(10, &[(9, 7, 8), (2, 5, 6)]), Whose::Company);
        assert_eq!(sorted, shuffled);
    }

    #[test]
    fn a_single_report_is_one_point() {
        let svg = render(&trend(50, &[(2, 40, 45)]), Whose::Company);
        let (_, desc) = check::accessible(&svg);
        assert!(
            desc.contains(
                "from one report on 2026-03-02: 80 % (40 seats) in use, 90 % (45 seats) assigned"
            ),
            "{desc}"
        );
        assert_eq!(check::count(&svg, "circle", "#1D4ED8"), 1);
    }

    #[test]
    fn without_a_purchased_number_seats_are_counted_not_divided_by_zero() {
        let svg = render(&trend(0, &[(2, 40, 45), (9, 41, 46)]), Whose::Company);
        let (_, desc) = check::accessible(&svg);
        assert!(desc.contains("as counts because no purchased number is set"));
        assert!(desc.contains("40 seats in use at first"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(check::texts(&svg)
            .iter()
            .any(|t| t == "Gong seats (no purchased number set)"));
    }

    #[test]
    fn large_counts_and_over_contract_shares_stay_on_the_chart() {
        let svg = render(
            &trend(100, &[(2, 48_000, 50_000), (9, 49_500, 50_000)]),
            Whose::Company,
        );
        let (_, desc) = check::accessible(&svg);
        assert!(desc.contains("48,000 % (48,000 seats)"), "{desc}");
        assert_eq!(check::count(&svg, "circle", "#1D4ED8"), 2);
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn no_report_gives_a_no_data_picture() {
        let svg = render(&UtilisationTrend::default(), Whose::Company);
        let (title, desc) = check::accessible(&svg);
        assert_eq!(title, TITLE);
        assert!(desc.starts_with("No report yet"));
        assert_eq!(check::count(&svg, "circle", "#1D4ED8"), 0);
    }

    #[test]
    fn derived_months_are_hollow_points_named_in_the_legend_and_the_words() {
        let mut with_derived = trend(100, &[(20, 60, 90)]);
        with_derived.points.insert(
            0,
            UtilisationPoint {
                as_of: Utc.with_ymd_and_hms(2026, 2, 28, 23, 59, 59).unwrap(),
                in_use: 50,
                assigned: 88,
                derived: true,
            },
        );
        let svg = render(&with_derived, Whose::Company);
        let (_, desc) = check::accessible(&svg);
        assert!(
            check::texts(&svg)
                .iter()
                .any(|t| t == "Derived from activity"),
            "{svg}"
        );
        assert!(
            desc.contains("the first point (hollow, month ends before the first report on 2026-03-20) is derived"),
            "{desc}"
        );
        let plain = render(&trend(100, &[(20, 60, 90)]), Whose::Company);
        assert!(!plain.contains("Derived from activity"));
    }
}
