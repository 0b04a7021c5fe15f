//! The demo's seats: the simulator company's seat export, and plausible purchased counts, prices
//! and contract, set once on a fresh database so the Finance page has something to show.

use app::types::{ContractTerms, SeatType};
use chrono::{DateTime, Months, Utc};

use crate::{
    db::Pool,
    seats::{
        import::{self, ImportError},
        store, SeatTypeSetting,
    },
};

/// Imports `seats_csv` if no user has seats yet, and prices the contract if nothing is purchased.
pub async fn seed(pool: &Pool, seats_csv: &str, now: DateTime<Utc>) -> Result<(), ImportError> {
    if store::assignment_count(pool).await? == 0 {
        import::import(pool, seats_csv, now).await?;
    }
    let settings = store::seat_types(pool).await?;
    if settings.iter().any(|s| s.purchased > 0) {
        return Ok(());
    }
    let holders: Vec<store::Assignment> = import::parse(seats_csv).unwrap_or_default();
    let holding = |t: SeatType| holders.iter().filter(|a| a.seats.holds(t)).count() as u32;
    let demo = [
        (
            SeatType::Gong,
            holding(SeatType::Gong).div_ceil(50) * 50,
            1_600,
        ),
        (
            SeatType::Forecast,
            holding(SeatType::Forecast).div_ceil(10) * 10,
            600,
        ),
        // Bought and never handed out: the spare seats a finance review finds.
        (SeatType::Engage, 20, 900),
    ];
    for (seat_type, purchased, dollars) in demo {
        store::set_seat_type(
            pool,
            &SeatTypeSetting {
                seat_type,
                purchased,
                price_per_year_cents: dollars * 100,
            },
        )
        .await?;
    }
    let today = now.date_naive();
    store::set_contract(
        pool,
        &ContractTerms {
            renewal_date: today.checked_add_months(Months::new(4)),
            notice_days: 60,
            uplift_pct: 7.0,
            headroom_pct: 10.0,
            currency: "USD".into(),
        },
    )
    .await?;
    tracing::info!("demo mode: seat types, prices and contract set");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    const CSV: &str = "email,seat_types,technical_admin\n\
        a@x.example,Gong;Forecast,true\n\
        b@x.example,Gong,false\n\
        c@x.example,,false\n";

    #[tokio::test]
    async fn a_fresh_demo_database_gets_the_seats_and_a_priced_contract_once() {
        let dir = tempfile::TempDir::new().unwrap();
        let settings = Settings {
            data_dir: dir.path().to_path_buf(),
            ..Settings::default()
        };
        let pool = crate::db::connect(&settings).await.unwrap();
        let now: DateTime<Utc> = "2026-11-26T09:00:00Z".parse().unwrap();
        seed(&pool, CSV, now).await.unwrap();

        assert_eq!(store::assignment_count(&pool).await.unwrap(), 3);
        let types = store::seat_types(&pool).await.unwrap();
        assert_eq!(types[0].purchased, 50, "2 Gong holders, rounded up to 50");
        assert_eq!(types[0].price_per_year_cents, 160_000);
        assert_eq!(types[1].purchased, 10);
        let contract = store::contract(&pool).await.unwrap();
        assert_eq!(contract.renewal_date, "2027-03-26".parse().ok());
        assert_eq!(contract.notice_days, 60);

        // An admin's later changes survive the next start.
        let gong = SeatTypeSetting {
            purchased: 75,
            ..types[0]
        };
        store::set_seat_type(&pool, &gong).await.unwrap();
        seed(
            &pool,
            "email,seat_types,technical_admin\nz@x.example,Gong,no\n",
            now,
        )
        .await
        .unwrap();
        assert_eq!(store::seat_types(&pool).await.unwrap()[0].purchased, 75);
        assert_eq!(store::assignment_count(&pool).await.unwrap(), 3);
    }
}
