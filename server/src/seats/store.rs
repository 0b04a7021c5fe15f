//! Seats in the database: purchased seats and prices per seat type, each user's seat types and
//! Technical Administrator mark, the contract, and the latest report's users joined with them.

use app::types::{ContractTerms, SeatType, TechnicalAdmin};
use chrono::{DateTime, NaiveDate, Utc};

use super::figures::{Holder, SeatSet, SeatTypeSetting};
use crate::{db::Pool, report::store::latest_id, report::Status};

/// One user's seat types and Technical Administrator mark, keyed by email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub email: String,
    pub seats: SeatSet,
    pub technical_admin: bool,
}

pub async fn seat_types<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
) -> Result<Vec<SeatTypeSetting>, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> =
        crate::db::query_as("SELECT name, purchased, price_per_year_cents FROM seat_types")
            .fetch_all(executor)
            .await?;
    Ok(SeatType::ALL
        .into_iter()
        .map(|seat_type| {
            let (purchased, price) = rows
                .iter()
                .find(|(name, _, _)| name == seat_type.key())
                .map_or((0, 0), |(_, purchased, price)| (*purchased, *price));
            SeatTypeSetting {
                seat_type,
                purchased: u32::try_from(purchased).unwrap_or(u32::MAX),
                price_per_year_cents: price,
            }
        })
        .collect())
}

pub async fn set_seat_type<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
    setting: &SeatTypeSetting,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO seat_types (name, purchased, price_per_year_cents) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET purchased = excluded.purchased,
             price_per_year_cents = excluded.price_per_year_cents",
    )
    .bind(setting.seat_type.key())
    .bind(i64::from(setting.purchased))
    .bind(setting.price_per_year_cents)
    .execute(executor)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    email: String,
    gong: bool,
    forecast: bool,
    engage: bool,
    technical_admin: bool,
}

impl From<AssignmentRow> for Assignment {
    fn from(row: AssignmentRow) -> Self {
        Assignment {
            email: row.email,
            seats: SeatSet {
                gong: row.gong,
                forecast: row.forecast,
                engage: row.engage,
            },
            technical_admin: row.technical_admin,
        }
    }
}

pub async fn assignment(pool: &Pool, email: &str) -> Result<Option<Assignment>, sqlx::Error> {
    let row: Option<AssignmentRow> = crate::db::query_as(
        "SELECT email, gong, forecast, engage, technical_admin FROM seat_assignments WHERE email = ?",
    )
    .bind(email)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Assignment::from))
}

/// The users marked Technical Administrator, with their name and state in the latest report.
pub async fn technical_admins<'e>(
    db: impl Into<crate::db::Ex<'e>>,
) -> Result<Vec<TechnicalAdmin>, sqlx::Error> {
    let mut db = db.into();
    let report_id = latest_id(&mut db).await?.map(|(id, _)| id);
    let rows: Vec<(String, Option<String>, Option<bool>)> = crate::db::query_as(
        "SELECT a.email, r.name, r.active
         FROM seat_assignments a
         LEFT JOIN report_users r
             ON r.report_id = ? AND r.email = a.email
         WHERE a.technical_admin
         ORDER BY a.email",
    )
    .bind(report_id)
    .fetch_all(&mut db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(email, name, active)| TechnicalAdmin {
            email,
            name,
            active,
        })
        .collect())
}

pub async fn assignment_count(pool: &Pool) -> Result<i64, sqlx::Error> {
    crate::db::query_scalar("SELECT COUNT(*) FROM seat_assignments")
        .fetch_one(pool)
        .await
}

/// Sets one user's seats by hand.
pub async fn set_assignment(
    pool: &Pool,
    assignment: &Assignment,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    upsert_assignment(pool, assignment, "manual", now).await
}

/// Records one user's seats; `source` is `manual` or `import`.
pub async fn upsert_assignment<'e>(
    conn: impl Into<crate::db::Ex<'e>>,
    assignment: &Assignment,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO seat_assignments (email, gong, forecast, engage, technical_admin, source, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (email) DO UPDATE SET gong = excluded.gong, forecast = excluded.forecast,
             engage = excluded.engage, technical_admin = excluded.technical_admin,
             source = excluded.source, updated_at = excluded.updated_at",
    )
    .bind(&assignment.email)
    .bind(assignment.seats.gong)
    .bind(assignment.seats.forecast)
    .bind(assignment.seats.engage)
    .bind(assignment.technical_admin)
    .bind(source)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn contract<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
) -> Result<ContractTerms, sqlx::Error> {
    let row: Option<(Option<NaiveDate>, i64, f64, f64, String)> = crate::db::query_as(
        "SELECT renewal_date, notice_days, uplift_pct, headroom_pct, currency FROM contract WHERE id = 1",
    )
    .fetch_optional(executor)
    .await?;
    Ok(match row {
        Some((renewal_date, notice_days, uplift_pct, headroom_pct, currency)) => ContractTerms {
            renewal_date,
            notice_days: u32::try_from(notice_days).unwrap_or(0),
            uplift_pct,
            headroom_pct,
            currency,
        },
        None => ContractTerms::default(),
    })
}

pub async fn set_contract<'e>(
    executor: impl Into<crate::db::Ex<'e>>,
    terms: &ContractTerms,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO contract (id, renewal_date, notice_days, uplift_pct, headroom_pct, currency)
         VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET renewal_date = excluded.renewal_date,
             notice_days = excluded.notice_days, uplift_pct = excluded.uplift_pct,
             headroom_pct = excluded.headroom_pct, currency = excluded.currency",
    )
    .bind(terms.renewal_date)
    .bind(i64::from(terms.notice_days))
    .bind(terms.uplift_pct)
    .bind(terms.headroom_pct)
    .bind(&terms.currency)
    .execute(executor)
    .await?;
    Ok(())
}

/// A report user joined with their assignment, if any.
#[derive(sqlx::FromRow)]
struct HolderRow {
    user_id: String,
    status: String,
    active: bool,
    gong: Option<bool>,
    forecast: Option<bool>,
    engage: Option<bool>,
}

/// The latest good report's instant and its users with their seat types; `None` without a report.
/// The latest report's seat holders; with `within`, only those users (a manager's team).
pub async fn latest_holders(
    pool: &Pool,
    within: Option<&std::collections::HashSet<String>>,
) -> Result<Option<(DateTime<Utc>, Vec<Holder>)>, sqlx::Error> {
    let Some((report_id, as_of)) = latest_id(pool).await? else {
        return Ok(None);
    };
    let rows: Vec<HolderRow> = crate::db::query_as(
        // `a.email` first so the comparison takes its NOCASE collation and its index.
        "SELECT r.user_id, r.status, r.active, a.gong, a.forecast, a.engage
         FROM report_users r
         LEFT JOIN seat_assignments a ON a.email = r.email
         WHERE r.report_id = ?",
    )
    .bind(report_id)
    .fetch_all(pool)
    .await?;
    let holders = rows
        .into_iter()
        .filter(|row| within.is_none_or(|ids| ids.contains(&row.user_id)))
        .filter_map(|row| {
            let seats = SeatSet::from_columns(row.gong, row.forecast, row.engage);
            Some(Holder {
                status: Status::parse(&row.status)?,
                active: row.active,
                seats,
            })
        })
        .collect();
    Ok(Some((as_of, holders)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::pool;

    #[tokio::test]
    async fn a_fresh_database_has_the_three_seat_types_unpriced_and_the_default_contract() {
        let (pool, _dir) = pool().await;
        let types = seat_types(&pool).await.unwrap();
        assert_eq!(
            types.iter().map(|t| t.seat_type).collect::<Vec<_>>(),
            SeatType::ALL
        );
        assert!(types
            .iter()
            .all(|t| t.purchased == 0 && t.price_per_year_cents == 0));
        assert_eq!(contract(&pool).await.unwrap(), ContractTerms::default());
    }

    #[tokio::test]
    async fn seat_types_contract_and_assignments_read_back_as_written() {
        let (pool, _dir) = pool().await;
        let gong = SeatTypeSetting {
            seat_type: SeatType::Gong,
            purchased: 150,
            price_per_year_cents: 160_000,
        };
        set_seat_type(&pool, &gong).await.unwrap();
        assert_eq!(seat_types(&pool).await.unwrap()[0], gong);

        let terms = ContractTerms {
            renewal_date: NaiveDate::from_ymd_opt(2027, 3, 31),
            notice_days: 60,
            uplift_pct: 7.5,
            headroom_pct: 12.0,
            currency: "EUR".into(),
        };
        set_contract(&pool, &terms).await.unwrap();
        assert_eq!(contract(&pool).await.unwrap(), terms);

        let ana = Assignment {
            email: "Ana@Acme.example".into(),
            seats: SeatSet::default().with(SeatType::Engage),
            technical_admin: true,
        };
        set_assignment(&pool, &ana, Utc::now()).await.unwrap();
        let read = assignment(&pool, "ana@acme.example").await.unwrap();
        assert_eq!(read, Some(ana), "emails match in any case");
        assert_eq!(assignment_count(&pool).await.unwrap(), 1);
    }
}
