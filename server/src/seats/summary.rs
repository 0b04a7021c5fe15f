//! The Finance page's data: the latest report's users and the seat settings, through the figures.

use app::types::SeatSummary;
use chrono::NaiveDate;

use super::{figures, store};
use crate::db::Pool;

/// The seat summary as of `today` (the company's calendar day, for the renewal countdown).
pub async fn load(pool: &Pool, today: NaiveDate) -> Result<SeatSummary, sqlx::Error> {
    let settings = store::seat_types(pool).await?;
    let contract = store::contract(pool).await?;
    Ok(match store::latest_holders(pool).await? {
        Some((as_of, holders)) => figures::summary(figures::SummaryInput {
            as_of,
            today,
            holders: &holders,
            settings: &settings,
            contract,
            // The approval workflow records executed items; until it does, none were executed.
            freed_seats: 0,
        }),
        None => figures::no_report(today, &settings, contract),
    })
}

/// Today in the company time zone, which decides calendar days.
pub fn today(tz: chrono_tz::Tz) -> NaiveDate {
    chrono::Utc::now().with_timezone(&tz).date_naive()
}
