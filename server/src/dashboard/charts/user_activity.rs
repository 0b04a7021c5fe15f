//! The User page's small chart: one person's activity per 90-day window, hosted calls always and
//! the other signals where the activity stats were readable.

use chrono::NaiveDate;

use super::{
    bars::{self, Bars, Series},
    frame::{self, Alt, ACCENT, FOURTH, SECOND, SMALL, THIRD},
};

const ID: &str = "chart-user-activity";
const X_DESC: &str = "90-day window";
const Y_DESC: &str = "Calls or actions";

/// One window `[from, to)` of a user's activity. The signals beyond `hosted` are `None` when the
/// Gong key may not read the activity stats (docs/gong-api.md: only hosted calls are visible).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowActivity {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub hosted: u64,
    pub attended: Option<u64>,
    pub coached: Option<u64>,
    pub listened: Option<u64>,
}

type Signal = (
    &'static str,
    plotters::style::RGBColor,
    fn(&WindowActivity) -> Option<u64>,
);

/// The signals in docs/product.md's order, strongest first.
const SIGNALS: [Signal; 4] = [
    ("Hosted", ACCENT, |w| Some(w.hosted)),
    ("Attended", SECOND, |w| w.attended),
    ("Coached", THIRD, |w| w.coached),
    ("Listened", FOURTH, |w| w.listened),
];

pub fn render(user_name: &str, windows: &[WindowActivity]) -> String {
    let title = format!("Activity of {user_name} per 90-day window");
    let mut windows = windows.to_vec();
    windows.sort_by_key(|w| w.from);
    if windows.is_empty() {
        return frame::no_data(
            SMALL,
            &Alt {
                id: ID,
                title,
                desc: "No activity is recorded for this user in the look-back.".into(),
            },
        );
    }
    let known: Vec<&Signal> = SIGNALS
        .iter()
        .filter(|(_, _, value)| windows.iter().any(|w| value(w).is_some()))
        .collect();
    let alt = Alt {
        id: ID,
        desc: describe(user_name, &windows, &known),
        title,
    };
    let bars = Bars {
        labels: windows
            .iter()
            .map(|w| format!("{}–{}", w.from.format("%-d %b"), w.to.format("%-d %b")))
            .collect(),
        label_every: 1,
        x_desc: X_DESC,
        y_desc: Y_DESC,
        series: known
            .iter()
            .map(|(name, colour, value)| Series {
                name,
                colour: *colour,
                values: windows.iter().map(value).collect(),
                faded: Vec::new(),
            })
            .collect(),
        value_labels: true,
    };
    frame::render(SMALL, &alt, |root| bars::draw(root, &bars))
}

fn describe(user_name: &str, windows: &[WindowActivity], known: &[&Signal]) -> String {
    let signals = if known.len() > 1 {
        "Hosted calls, attended calls, coaching and listening"
    } else {
        "Hosted calls (the only activity visible to this installation)"
    };
    let parts: Vec<String> = windows
        .iter()
        .map(|w| {
            let values: Vec<String> = known
                .iter()
                .filter_map(|(name, _, value)| {
                    value(w).map(|n| format!("{} {}", name.to_lowercase(), frame::thousands(n)))
                })
                .collect();
            format!(
                "{} to {}: {}",
                w.from.format("%Y-%m-%d"),
                w.to.format("%Y-%m-%d"),
                values.join(", ")
            )
        })
        .collect();
    format!(
        "{signals} of {user_name} per 90-day window, oldest first. {}.",
        parts.join("; ")
    )
}

/// The chart's numbers: each window's activity per signal ("not visible" where the key may not
/// read the activity stats).
pub fn table(windows: &[WindowActivity]) -> app::types::ChartTable {
    let mut columns = vec!["Window".to_owned()];
    columns.extend(SIGNALS.iter().map(|(name, _, _)| (*name).to_owned()));
    app::types::ChartTable {
        columns,
        rows: windows
            .iter()
            .map(|w| {
                let mut row = vec![format!("{} to {}", w.from, w.to)];
                row.extend(SIGNALS.iter().map(|(_, _, value)| {
                    value(w).map_or_else(|| "not visible".to_owned(), frame::thousands)
                }));
                row
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::dashboard::charts::check;

    /// Hosted, attended, coached and listened in one window.
    type Counts = (u64, Option<u64>, Option<u64>, Option<u64>);

    fn windows(rows: &[Counts]) -> Vec<WindowActivity> {
        let end = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        rows.iter()
            .enumerate()
            .map(|(i, &(hosted, attended, coached, listened))| {
                let to = end - Duration::days(90 * (rows.len() - 1 - i) as i64);
                WindowActivity {
                    from: to - Duration::days(90),
                    to,
                    hosted,
                    attended,
                    coached,
                    listened,
                }
            })
            .collect()
    }

    #[test]
    fn with_the_stats_each_window_has_a_bar_per_signal() {
        let data = windows(&[
            (4, Some(2), Some(0), Some(1)),
            (0, Some(0), Some(0), Some(7)),
            (1, Some(3), Some(1), Some(0)),
            (12, Some(9), Some(2), Some(5)),
        ]);
        let svg = render("Ada Lovelace", &data);
        let (title, desc) = check::accessible(&svg);
        assert_eq!(title, "Activity of Ada Lovelace per 90-day window");
        assert!(
            desc.contains("2026-08-25 to 2026-11-23: hosted 12, attended 9, coached 2, listened 5"),
            "{desc}"
        );
        // Each series: a bar per window plus its legend swatch.
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 4 + 1);
        assert_eq!(check::count(&svg, "rect", "#B45309"), 4 + 1);
        assert_eq!(check::count(&svg, "rect", "#047857"), 4 + 1);
        assert_eq!(check::count(&svg, "rect", "#6D28D9"), 4 + 1);
        let texts = check::texts(&svg);
        assert!(texts.iter().any(|t| t == "25 Aug–23 Nov"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Listened"));
        assert!(texts.iter().any(|t| t == X_DESC));
        assert!(texts.iter().any(|t| t == Y_DESC));
    }

    #[test]
    fn without_the_stats_only_hosted_calls_are_drawn_and_said_so() {
        let svg = render(
            "Bo",
            &windows(&[(3, None, None, None), (0, None, None, None)]),
        );
        let (_, desc) = check::accessible(&svg);
        assert!(desc.starts_with("Hosted calls (the only activity visible"));
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 2);
        assert_eq!(check::count(&svg, "rect", "#B45309"), 0);
    }

    #[test]
    fn a_name_with_markup_is_text_not_markup() {
        let name = "<script>alert(\"x\")</script> & Sons";
        let svg = render(name, &windows(&[(1, None, None, None)]));
        assert!(!svg.contains("<script>"));
        let (title, desc) = check::accessible(&svg);
        assert_eq!(title, format!("Activity of {name} per 90-day window"));
        assert!(desc.contains(name));
        let empty = render(name, &[]);
        assert!(!empty.contains("<script>"));
        assert_eq!(check::accessible(&empty).0, title);
    }

    #[test]
    fn large_counts_stay_legible() {
        let svg = render("Max", &windows(&[(1_234_567, None, None, None)]));
        assert!(check::texts(&svg).iter().any(|t| t == "1,234,567"));
    }
}
