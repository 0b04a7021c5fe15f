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
}

/// The Overview page's charts; `as_of` is `None` (and `charts` empty) before the first report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OverviewCharts {
    pub as_of: Option<DateTime<Utc>>,
    pub charts: Vec<Chart>,
}
