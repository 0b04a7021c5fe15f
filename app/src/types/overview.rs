//! The Overview page's charts, drawn on the server.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A chart drawn on the server: an SVG made by the server's chart renderer (plotters), with every
/// text in it escaped there, and the caption shown under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// Unique on the page, e.g. `utilisation`.
    pub id: String,
    pub caption: String,
    pub svg: String,
    /// The numbers the chart draws, as a table: its text alternative, behind a toggle.
    pub table: ChartTable,
}

/// A chart's numbers: a header row and one row per point or bar, as the page writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ChartTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The Overview page's charts; `as_of` is `None` (and `charts` empty) before the first report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OverviewCharts {
    pub as_of: Option<DateTime<Utc>>,
    pub charts: Vec<Chart>,
}
