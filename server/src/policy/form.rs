//! The Settings page's forms, checked: each field parsed and bounded, and a refusal that names the
//! field and what it accepts, so a bad value is never saved and never a decoding error.

use std::ops::RangeInclusive;

use app::types::{
    ContractForm, ContractTerms, Policy, PolicyForm, SeatType, SeatTypeSetting, SeatTypesForm,
};
use chrono::NaiveDate;

/// A field a person must correct; shown to them as "{field}: {problem}".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FormError {
    pub field: &'static str,
    pub problem: String,
}

fn refuse(field: &'static str, problem: impl Into<String>) -> FormError {
    FormError {
        field,
        problem: problem.into(),
    }
}

/// A whole number in `range`, with thousands separators allowed.
fn whole(field: &'static str, text: &str, range: RangeInclusive<u32>) -> Result<u32, FormError> {
    let cleaned: String = text.trim().chars().filter(|c| *c != ',').collect();
    let accepts = format!("a whole number from {} to {}", range.start(), range.end());
    let value: u32 = cleaned
        .parse()
        .map_err(|_| refuse(field, format!("“{}” is not {accepts}", text.trim())))?;
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(refuse(field, format!("{value} is not {accepts}")))
    }
}

/// A decimal number in `range`; a trailing `%` is allowed.
fn decimal(field: &'static str, text: &str, range: RangeInclusive<f64>) -> Result<f64, FormError> {
    let cleaned = text.trim().trim_end_matches('%').trim();
    let accepts = format!("a number from {} to {}", range.start(), range.end());
    match cleaned.parse::<f64>() {
        Ok(value) if value.is_finite() && range.contains(&value) => Ok(value),
        Ok(value) if value.is_finite() => Err(refuse(field, format!("{value} is not {accepts}"))),
        _ => Err(refuse(field, format!("“{}” is not {accepts}", text.trim()))),
    }
}

/// A price per seat per year, in cents: `1200`, `1,200.50` or `$1200` are all accepted.
fn price_cents(field: &'static str, text: &str) -> Result<i64, FormError> {
    const MAX_DOLLARS: f64 = 1_000_000.0;
    let cleaned: String = text
        .trim()
        .trim_start_matches(['$', '€', '£'])
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let accepts = "an amount such as 1200 or 1,200.50, at most 1,000,000";
    match cleaned.parse::<f64>() {
        Ok(value) if value.is_finite() && (0.0..=MAX_DOLLARS).contains(&value) => {
            if (value * 100.0).fract().abs() > 1e-6 {
                return Err(refuse(field, "has more than two decimals"));
            }
            Ok((value * 100.0).round() as i64)
        }
        _ => Err(refuse(field, format!("“{}” is not {accepts}", text.trim()))),
    }
}

/// A calendar day as `YYYY-MM-DD`; empty is none.
pub fn day(field: &'static str, text: &str) -> Result<Option<NaiveDate>, FormError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| refuse(field, format!("“{text}” is not a date as YYYY-MM-DD")))
}

pub fn policy(form: &PolicyForm) -> Result<Policy, FormError> {
    let lookback_days = whole("Look-back", &form.lookback_days, 30..=730)?;
    let inactivity_days = whole("Inactivity threshold", &form.inactivity_days, 7..=730)?;
    if inactivity_days > lookback_days {
        return Err(refuse(
            "Inactivity threshold",
            format!(
                "{inactivity_days} days is longer than the look-back of {lookback_days} days, \
                 so nobody could be found inactive"
            ),
        ));
    }
    let grace_days = whole("Grace period", &form.grace_days, 0..=365)?;
    // Empty leaves the zone to Gong (UTC where the stats are not allowed).
    let time_zone = form.time_zone.trim();
    if !time_zone.is_empty() && time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(refuse(
            "Company time zone",
            format!("“{time_zone}” is not an IANA time zone name such as Europe/Berlin or UTC"),
        ));
    }
    let quota_pct = decimal(
        "Share of Gong's daily quota",
        &form.quota_share_pct,
        1.0..=100.0,
    )?;
    Ok(Policy {
        inactivity_days,
        grace_days,
        lookback_days,
        time_zone: time_zone.to_owned(),
        quota_share: quota_pct / 100.0,
    })
}

pub fn seat_types(form: &SeatTypesForm) -> Result<Vec<SeatTypeSetting>, FormError> {
    let fields = [
        (
            SeatType::Gong,
            ("Gong seats purchased", &form.gong_purchased),
            ("Gong price per seat per year", &form.gong_price),
        ),
        (
            SeatType::Forecast,
            ("Forecast seats purchased", &form.forecast_purchased),
            ("Forecast price per seat per year", &form.forecast_price),
        ),
        (
            SeatType::Engage,
            ("Engage seats purchased", &form.engage_purchased),
            ("Engage price per seat per year", &form.engage_price),
        ),
    ];
    fields
        .into_iter()
        .map(|(seat_type, (count_field, count), (price_field, price))| {
            Ok(SeatTypeSetting {
                seat_type,
                purchased: whole(count_field, count, 0..=1_000_000)?,
                price_per_year_cents: price_cents(price_field, price)?,
            })
        })
        .collect()
}

pub fn contract(form: &ContractForm) -> Result<ContractTerms, FormError> {
    let currency = form.currency.trim().to_ascii_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(refuse(
            "Currency",
            format!(
                "“{}” is not a three-letter code such as USD",
                form.currency.trim()
            ),
        ));
    }
    Ok(ContractTerms {
        renewal_date: day("Renewal date", &form.renewal_date)?,
        notice_days: whole("Notice period", &form.notice_days, 0..=365)?,
        uplift_pct: decimal("Typical uplift", &form.uplift_pct, -50.0..=100.0)?,
        headroom_pct: decimal("Headroom", &form.headroom_pct, 0.0..=100.0)?,
        currency,
    })
}

/// A plausible email address, trimmed; the Gong user it names is looked up by the caller.
pub fn email(text: &str) -> Result<String, FormError> {
    let email = text.trim();
    match email.split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') => Ok(email.to_owned()),
        _ => Err(refuse(
            "Email",
            format!("“{email}” is not an email address"),
        )),
    }
}

/// Why a user is protected: required, so the list explains itself.
pub fn note(text: &str) -> Result<String, FormError> {
    let note = text.trim();
    match note.chars().count() {
        0 => Err(refuse("Reason", "say why, e.g. “CEO” or “parental leave”")),
        1..=200 => Ok(note.to_owned()),
        n => Err(refuse("Reason", format!("{n} characters; at most 200"))),
    }
}

/// A snooze's end: none for good, otherwise a day after `today`.
pub fn snooze_end(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, FormError> {
    match day("Snoozed until", text)? {
        Some(until) if until <= today => Err(refuse(
            "Snoozed until",
            format!("{until} is not after today ({today}); leave it empty to protect for good"),
        )),
        until => Ok(until),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy_form() -> PolicyForm {
        PolicyForm {
            inactivity_days: "90".into(),
            grace_days: "30".into(),
            lookback_days: "365".into(),
            time_zone: "Europe/Berlin".into(),
            quota_share_pct: "50".into(),
        }
    }

    #[test]
    fn a_good_policy_form_becomes_the_policy() {
        let policy = policy(&policy_form()).unwrap();
        assert_eq!(policy.inactivity_days, 90);
        assert_eq!(policy.grace_days, 30);
        assert_eq!(policy.lookback_days, 365);
        assert_eq!(policy.time_zone, "Europe/Berlin");
        assert!((policy.quota_share - 0.5).abs() < 1e-9);
    }

    #[test]
    fn each_bad_policy_field_is_named_with_what_it_accepts() {
        type Spoil = fn(&mut PolicyForm);
        let cases: [(Spoil, &str); 6] = [
            (|f| f.inactivity_days = "ninety".into(), "Inactivity threshold: “ninety” is not a whole number from 7 to 730"),
            (|f| f.inactivity_days = "400".into(), "Inactivity threshold: 400 days is longer than the look-back of 365 days, so nobody could be found inactive"),
            (|f| f.lookback_days = "10".into(), "Look-back: 10 is not a whole number from 30 to 730"),
            (|f| f.grace_days = "-1".into(), "Grace period: “-1” is not a whole number from 0 to 365"),
            (|f| f.time_zone = "Mars/Olympus".into(), "Company time zone: “Mars/Olympus” is not an IANA time zone name such as Europe/Berlin or UTC"),
            (|f| f.quota_share_pct = "0".into(), "Share of Gong's daily quota: 0 is not a number from 1 to 100"),
        ];
        for (spoil, message) in cases {
            let mut form = policy_form();
            spoil(&mut form);
            assert_eq!(policy(&form).unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn prices_accept_what_people_type_and_keep_cents_exact() {
        assert_eq!(price_cents("p", "1200"), Ok(120_000));
        assert_eq!(price_cents("p", " $1,200.50 "), Ok(120_050));
        assert_eq!(price_cents("p", "0.1"), Ok(10));
        assert!(price_cents("p", "12.345").is_err());
        assert!(price_cents("p", "-5").is_err());
        assert!(price_cents("p", "free").is_err());
    }

    #[test]
    fn seat_types_come_in_the_product_order_and_a_bad_count_is_named() {
        let mut form = SeatTypesForm {
            gong_purchased: "1,000".into(),
            gong_price: "1600".into(),
            forecast_purchased: "50".into(),
            forecast_price: "900".into(),
            engage_purchased: "0".into(),
            engage_price: "0".into(),
        };
        let types = seat_types(&form).unwrap();
        assert_eq!(types[0].seat_type, SeatType::Gong);
        assert_eq!(types[0].purchased, 1000);
        assert_eq!(types[1].price_per_year_cents, 90_000);
        form.engage_purchased = "2.5".into();
        assert_eq!(
            seat_types(&form).unwrap_err().field,
            "Engage seats purchased"
        );
    }

    #[test]
    fn contract_terms_are_checked_and_the_currency_upper_cased() {
        let form = ContractForm {
            renewal_date: "2027-03-31".into(),
            notice_days: "90".into(),
            uplift_pct: "7%".into(),
            headroom_pct: "10".into(),
            currency: "eur".into(),
        };
        let terms = contract(&form).unwrap();
        assert_eq!(terms.renewal_date, "2027-03-31".parse().ok());
        assert_eq!(terms.currency, "EUR");
        assert!((terms.uplift_pct - 7.0).abs() < 1e-9);
        let bad_date = ContractForm {
            renewal_date: "31/03/2027".into(),
            ..form.clone()
        };
        assert_eq!(
            contract(&bad_date).unwrap_err().to_string(),
            "Renewal date: “31/03/2027” is not a date as YYYY-MM-DD"
        );
        let no_date = ContractForm {
            renewal_date: " ".into(),
            ..form
        };
        assert_eq!(contract(&no_date).unwrap().renewal_date, None);
    }

    #[test]
    fn a_snooze_must_end_after_today_and_a_reason_is_required() {
        let today: NaiveDate = "2026-11-26".parse().unwrap();
        assert_eq!(snooze_end("", today), Ok(None));
        assert_eq!(
            snooze_end("2027-01-04", today),
            Ok("2027-01-04".parse().ok())
        );
        assert!(snooze_end("2026-11-26", today).is_err());
        assert!(note("  ").is_err());
        assert_eq!(note(" CFO "), Ok("CFO".into()));
        assert!(email("not-an-email").is_err());
        assert_eq!(email(" a@b.com "), Ok("a@b.com".into()));
    }
}
