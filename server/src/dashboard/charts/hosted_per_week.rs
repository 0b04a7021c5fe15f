//! Hosted calls per week for the whole company (or a manager's team) over the look-back, one bar
//! per week.

use chrono::NaiveDate;

use super::{
    bars::{self, Bars, Series},
    frame::{self, Alt, ACCENT, WIDE},
    Whose,
};

const ID: &str = "chart-hosted-per-week";
const TITLE: &str = "Hosted calls per week";
const X_DESC: &str = "Week starting (Monday, company time zone)";
const Y_DESC: &str = "Hosted calls";
/// Week labels written along the axis at most; the rest are in the text alternative.
const MAX_LABELS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCount {
    /// The Monday the ISO week starts on, in the company time zone.
    pub week_start: NaiveDate,
    pub hosted: u64,
    /// Only part of the week lies in the look-back (its first week, or the current one).
    pub partial: bool,
}

pub fn render(weeks: &[WeekCount], whose: Whose) -> String {
    let mut weeks = weeks.to_vec();
    weeks.sort_by_key(|w| w.week_start);
    if weeks.is_empty() {
        return frame::no_data(
            WIDE,
            &Alt {
                id: ID,
                title: TITLE.into(),
                desc: "No report yet: weekly hosted calls appear after the first complete sync."
                    .into(),
            },
        );
    }
    let alt = Alt {
        id: ID,
        title: TITLE.into(),
        desc: describe(&weeks, whose),
    };
    let bars = Bars {
        labels: weeks
            .iter()
            .map(|w| w.week_start.format("%Y-%m-%d").to_string())
            .collect(),
        label_every: weeks.len().div_ceil(MAX_LABELS),
        x_desc: X_DESC,
        y_desc: Y_DESC,
        series: vec![Series {
            name: Y_DESC,
            colour: ACCENT,
            values: weeks.iter().map(|w| Some(w.hosted)).collect(),
            faded: weeks.iter().map(|w| w.partial).collect(),
        }],
        value_labels: weeks.len() <= 12,
    };
    frame::render(WIDE, &alt, |root| bars::draw(root, &bars))
}

fn describe(weeks: &[WeekCount], whose: Whose) -> String {
    let date = |w: &WeekCount| w.week_start.format("%Y-%m-%d").to_string();
    let total = weeks
        .iter()
        .fold(0u64, |sum, w| sum.saturating_add(w.hosted));
    let (first, last) = (&weeks[0], &weeks[weeks.len() - 1]);
    let span = if weeks.len() == 1 {
        format!("the week of {}", date(first))
    } else {
        format!(
            "{} weeks from the week of {} to the week of {}",
            weeks.len(),
            date(first),
            date(last)
        )
    };
    let whole: Vec<&WeekCount> = weeks.iter().filter(|w| !w.partial).collect();
    let mut text = format!(
        "Hosted calls per week for {}, {span}: {} in total",
        whose.words(),
        frame::thousands(total)
    );
    if let (Some(busiest), Some(quietest)) = (
        whole
            .iter()
            .max_by_key(|w| (w.hosted, std::cmp::Reverse(w.week_start))),
        whole.iter().min_by_key(|w| (w.hosted, w.week_start)),
    ) {
        let whole_total = whole
            .iter()
            .fold(0u64, |sum, w| sum.saturating_add(w.hosted));
        text.push_str(&format!(
            "; {} a week on average over the {} whole weeks; the busiest was the week of {} with {}, \
             the quietest the week of {} with {}",
            frame::thousands(whole_total / whole.len() as u64),
            whole.len(),
            date(busiest),
            frame::thousands(busiest.hosted),
            date(quietest),
            frame::thousands(quietest.hosted),
        ));
    }
    let partial: Vec<String> = weeks.iter().filter(|w| w.partial).map(date).collect();
    match partial.len() {
        0 => text.push('.'),
        1 => text.push_str(&format!(
            ". The week of {} is only partly covered and drawn lighter.",
            partial[0]
        )),
        _ => text.push_str(&format!(
            ". The weeks of {} are only partly covered and drawn lighter.",
            partial.join(" and ")
        )),
    }
    text
}

/// The chart's numbers: hosted calls per week, oldest first, partial weeks said so.
pub fn table(weeks: &[WeekCount]) -> app::types::ChartTable {
    let mut weeks = weeks.to_vec();
    weeks.sort_by_key(|w| w.week_start);
    app::types::ChartTable {
        columns: ["Week of", "Hosted calls"].map(str::to_owned).to_vec(),
        rows: weeks
            .iter()
            .map(|w| {
                let week = if w.partial {
                    format!("{} (part of the week)", w.week_start)
                } else {
                    w.week_start.to_string()
                };
                vec![week, frame::thousands(w.hosted)]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::dashboard::charts::check;

    fn weeks(counts: &[u64]) -> Vec<WeekCount> {
        let monday = NaiveDate::from_ymd_opt(2025, 11, 24).unwrap();
        let last = counts.len().saturating_sub(1);
        counts
            .iter()
            .enumerate()
            .map(|(i, &hosted)| WeekCount {
                week_start: monday + Duration::weeks(i as i64),
                hosted,
                partial: i == 0 || i == last,
            })
            .collect()
    }

    #[test]
    fn a_year_of_weeks_is_53_bars_with_a_few_dated_labels() {
        let counts: Vec<u64> = (0..53).map(|i| 200 + i * 3).collect();
        let svg = render(&weeks(&counts), Whose::Company);
        let (title, desc) = check::accessible(&svg);
        assert_eq!(title, TITLE);
        assert!(
            desc.starts_with(
                "Hosted calls per week for the whole company, 53 weeks from the week of \
                 2025-11-24 to the week of 2026-11-23: 14,734 in total; 278 a week on average \
                 over the 51 whole weeks; the busiest was the week of 2026-11-16 with 353"
            ),
            "{desc}"
        );
        assert!(desc.ends_with(
            "The weeks of 2025-11-24 and 2026-11-23 are only partly covered and drawn lighter."
        ));
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 53);
        let texts = check::texts(&svg);
        assert!(texts.iter().any(|t| t == "2025-11-24"));
        let dated = texts.iter().filter(|t| t.starts_with("202")).count();
        assert!((2..=MAX_LABELS).contains(&dated), "{dated} date labels");
        assert!(texts.iter().any(|t| t == X_DESC));
        assert!(texts.iter().any(|t| t == Y_DESC));
    }

    #[test]
    fn partial_weeks_are_drawn_lighter() {
        let svg = render(&weeks(&[5, 9, 8, 2]), Whose::Company);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let faded = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#1D4ED8"))
            .filter(|n| n.attribute("opacity") != Some("1"))
            .count();
        assert_eq!(faded, 2);
    }

    #[test]
    fn a_single_week_is_one_bar() {
        let svg = render(&weeks(&[7]), Whose::Company);
        let (_, desc) = check::accessible(&svg);
        assert_eq!(
            desc,
            "Hosted calls per week for the whole company, the week of 2025-11-24: 7 in total. \
             The week of 2025-11-24 is only partly covered and drawn lighter."
        );
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 1);
        assert!(check::texts(&svg).iter().any(|t| t == "7"));
    }

    #[test]
    fn weeks_without_calls_are_zero_not_missing() {
        let svg = render(&weeks(&[0, 0, 0]), Whose::Company);
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 3);
        let (_, desc) = check::accessible(&svg);
        assert!(desc.contains("0 in total"));
    }

    #[test]
    fn millions_of_calls_fit_the_axis() {
        let svg = render(&weeks(&[2_000_000, 3_500_000, 1]), Whose::Company);
        assert!(!svg.contains("NaN"));
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 3);
        assert!(check::texts(&svg).iter().any(|t| t.contains(",000,000")));
    }

    #[test]
    fn no_weeks_give_a_no_data_picture() {
        let svg = render(&[], Whose::Company);
        let (_, desc) = check::accessible(&svg);
        assert!(desc.starts_with("No report yet"));
    }
}
