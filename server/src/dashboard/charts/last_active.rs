//! How long ago the seat holders of the latest report were last active, in buckets of days.

use chrono::NaiveDate;

use super::{
    bars::{self, Bars, Series},
    frame::{self, Alt, ACCENT, WIDE},
    Whose,
};

const ID: &str = "chart-last-active";
const TITLE: &str = "Days since last active";
const X_DESC: &str = "Days since last active";
const Y_DESC: &str = "Users";

/// A bucket of days since last active: up to `max_days` (inclusive), after the previous bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub label: &'static str,
    /// `None` for the last bucket: never active, or not within the last 365 days.
    pub max_days: Option<u32>,
    /// The bucket in words, for the text alternative.
    pub words: &'static str,
}

pub const BUCKETS: [Bucket; 6] = [
    Bucket {
        label: "0–30",
        max_days: Some(30),
        words: "0 to 30 days",
    },
    Bucket {
        label: "31–60",
        max_days: Some(60),
        words: "31 to 60 days",
    },
    Bucket {
        label: "61–90",
        max_days: Some(90),
        words: "61 to 90 days",
    },
    Bucket {
        label: "91–180",
        max_days: Some(180),
        words: "91 to 180 days",
    },
    Bucket {
        label: "181–365",
        max_days: Some(365),
        words: "181 to 365 days",
    },
    Bucket {
        label: "never / 365+",
        max_days: None,
        words: "never active or not in the last 365 days",
    },
];

/// The number of users per bucket of [`BUCKETS`], as of the report's day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LastActiveHistogram {
    /// The report's day in the company time zone.
    pub as_of: Option<NaiveDate>,
    pub counts: [u64; BUCKETS.len()],
}

impl LastActiveHistogram {
    pub fn total(&self) -> u64 {
        self.counts.iter().fold(0, |sum, n| sum.saturating_add(*n))
    }
}

pub fn render(histogram: &LastActiveHistogram, whose: Whose) -> String {
    let total = histogram.total();
    if total == 0 {
        return frame::no_data(
            WIDE,
            &Alt {
                id: ID,
                title: TITLE.into(),
                desc: match whose {
                    Whose::Company => "No user holds a seat in the latest report.".into(),
                    Whose::Team => "Nobody in your team is in the latest report.".into(),
                },
            },
        );
    }
    let alt = Alt {
        id: ID,
        title: TITLE.into(),
        desc: describe(histogram, total, whose),
    };
    let bars = Bars {
        labels: BUCKETS.iter().map(|b| b.label.to_owned()).collect(),
        label_every: 1,
        x_desc: X_DESC,
        y_desc: Y_DESC,
        series: vec![Series {
            name: Y_DESC,
            colour: ACCENT,
            values: histogram.counts.iter().map(|&n| Some(n)).collect(),
            faded: Vec::new(),
        }],
        value_labels: true,
    };
    frame::render(WIDE, &alt, |root| bars::draw(root, &bars))
}

fn describe(histogram: &LastActiveHistogram, total: u64, whose: Whose) -> String {
    let as_of = histogram
        .as_of
        .map(|d| format!(" as of {}", d.format("%Y-%m-%d")))
        .unwrap_or_default();
    let buckets: Vec<String> = BUCKETS
        .iter()
        .zip(histogram.counts)
        .map(|(bucket, n)| format!("{}: {}", bucket.words, frame::thousands(n)))
        .collect();
    let of_team = match whose {
        Whose::Company => "",
        Whose::Team => " of your team",
    };
    format!(
        "Days since last active for the {} users{of_team} not deactivated in Gong{as_of}. {}.",
        frame::thousands(total),
        buckets.join("; ")
    )
}

/// The chart's numbers: users per bucket of days since last active.
pub fn table(histogram: &LastActiveHistogram) -> app::types::ChartTable {
    app::types::ChartTable {
        columns: ["Days since last active", "Users"]
            .map(str::to_owned)
            .to_vec(),
        rows: BUCKETS
            .iter()
            .zip(histogram.counts)
            .map(|(bucket, n)| vec![bucket.words.to_owned(), frame::thousands(n)])
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::charts::check;

    fn histogram(counts: [u64; 6]) -> LastActiveHistogram {
        LastActiveHistogram {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 23),
            counts,
        }
    }

    #[test]
    fn every_bucket_is_a_bar_with_its_label_and_count() {
        let svg = render(&histogram([120, 14, 9, 6, 3, 11]), Whose::Company);
        let (title, desc) = check::accessible(&svg);
        assert_eq!(title, TITLE);
        assert_eq!(
            desc,
            "Days since last active for the 163 users not deactivated in Gong as of 2026-11-23. \
             0 to 30 days: 120; 31 to 60 days: 14; 61 to 90 days: 9; 91 to 180 days: 6; \
             181 to 365 days: 3; never active or not in the last 365 days: 11."
        );
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 6);
        let texts = check::texts(&svg);
        for label in BUCKETS.map(|b| b.label) {
            assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
        }
        for value in ["120", "14", "9", "6", "3", "11"] {
            assert!(texts.iter().any(|t| t == value), "{value}");
        }
        assert!(texts.iter().any(|t| t == X_DESC));
        assert!(texts.iter().any(|t| t == Y_DESC));
    }

    #[test]
    fn empty_buckets_are_still_drawn_as_zero_bars() {
        let svg = render(&histogram([0, 0, 5, 0, 0, 0]), Whose::Company);
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 6);
        let (_, desc) = check::accessible(&svg);
        assert!(desc.contains("for the 5 users"));
    }

    #[test]
    fn large_counts_are_grouped_in_thousands() {
        let svg = render(&histogram([48_000, 1_000_000, 0, 0, 0, 2]), Whose::Company);
        let texts = check::texts(&svg);
        assert!(texts.iter().any(|t| t == "1,000,000"));
        let (_, desc) = check::accessible(&svg);
        assert!(desc.contains("31 to 60 days: 1,000,000"));
    }

    #[test]
    fn no_seat_holder_gives_a_no_data_picture() {
        let svg = render(&histogram([0; 6]), Whose::Company);
        let (_, desc) = check::accessible(&svg);
        assert_eq!(desc, "No user holds a seat in the latest report.");
        assert_eq!(check::count(&svg, "rect", "#1D4ED8"), 0);
    }

    #[test]
    fn the_buckets_rise_and_end_open() {
        let bounds: Vec<u32> = BUCKETS.iter().filter_map(|b| b.max_days).collect();
        assert!(bounds.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(BUCKETS.last().unwrap().max_days, None);
    }
}
