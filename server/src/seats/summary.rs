//! The Finance page's data: the latest report's users and the seat settings, through the figures.

use app::types::SeatSummary;
use chrono::NaiveDate;

use super::{figures, store};
use crate::db::Pool;

/// The seat summary as of `today` (the company's calendar day, for the renewal countdown). With
/// `within` (a manager's team) the figures count those users alone and say so in `team`; what is
/// company-wide (purchased seats, prices, the contract) is then not theirs to read, and is left out
/// of the answer itself, not merely of the page.
pub async fn load(
    pool: &Pool,
    today: NaiveDate,
    within: Option<&std::collections::HashSet<String>>,
) -> Result<SeatSummary, sqlx::Error> {
    let settings = store::seat_types(pool).await?;
    let contract = store::contract(pool).await?;
    // Executed (and verified) workflow items each freed the user's Gong seat.
    let mut freed = crate::workflow::freed(pool).await?;
    if let Some(ids) = within {
        freed.retain(|item| ids.contains(&item.user_id));
    }
    let summary = match store::latest_holders(pool, within).await? {
        Some((as_of, holders)) => figures::summary(figures::SummaryInput {
            as_of,
            today,
            holders: &holders,
            settings: &settings,
            contract,
            freed_seats: u32::try_from(freed.len()).unwrap_or(u32::MAX),
            freed_savings_cents: freed.iter().map(|item| item.frees_cents).sum(),
        }),
        None => figures::no_report(today, &settings, contract),
    };
    Ok(match within {
        Some(ids) => summary.for_team(u32::try_from(ids.len()).unwrap_or(u32::MAX)),
        None => summary,
    })
}

/// Today in the company time zone, which decides calendar days.
pub fn today(tz: chrono_tz::Tz) -> NaiveDate {
    chrono::Utc::now().with_timezone(&tz).date_naive()
}
