//! Gong's envelope as the simulator's endpoints and its gate share it: the `requestId`, error bodies,
//! pages of 100 with `records` and cursors, timestamps with offsets and date-time range checks.

use std::{ops::Range, sync::Arc};

use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use rand::Rng;
use serde_json::{json, Value};

use super::{cursor, state::Shared};

const PAGE: usize = 100;

pub type SimState = State<Arc<Shared>>;

/// 19 lowercase letters and digits, like Gong's (docs/gong-api.md).
pub fn request_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..19)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A request refused with a Gong error body; small, unlike a whole `Response`.
pub struct Refusal(StatusCode, String);

impl Refusal {
    pub fn new(status: StatusCode, message: &str) -> Self {
        Refusal(status, message.to_owned())
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.0, &self.1)
    }
}

pub fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({ "requestId": request_id(), "errors": [message] })),
    )
        .into_response()
}

pub fn ok(mut body: Value) -> Response {
    body["requestId"] = json!(request_id());
    (StatusCode::OK, Json(body)).into_response()
}

/// ISO-8601 with the call's offset, sometimes with milliseconds.
pub fn timestamp(epoch: i64, offset_hours: i8, millis: u16) -> String {
    let offset = FixedOffset::east_opt(i32::from(offset_hours) * 3600).expect("a valid offset");
    let at = offset
        .timestamp_opt(epoch, u32::from(millis) * 1_000_000)
        .single()
        .expect("a valid instant");
    if millis > 0 {
        at.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.to_utc())
}

/// The page of `total` items a cursor points at, and the `records` object describing it.
pub fn paginate(
    shared: &Shared,
    inputs: &str,
    cursor: Option<&str>,
    total: usize,
    reported_total: usize,
) -> Result<(Range<usize>, Value), Refusal> {
    let fingerprint = cursor::fingerprint(inputs);
    let now = shared.clock.now();
    let ttl = Duration::from_std(shared.config.cursor_ttl).unwrap_or(Duration::minutes(5));
    let offset = match cursor.filter(|c| !c.is_empty()) {
        None => 0,
        Some(cursor) => cursor::redeem(shared.cursor_key, fingerprint, cursor, now, ttl)
            .map_err(|message| Refusal::new(StatusCode::BAD_REQUEST, message))?,
    };
    let end = (offset + PAGE).min(total);
    let mut records = json!({
        "totalRecords": reported_total,
        "currentPageSize": end.saturating_sub(offset),
        "currentPageNumber": offset / PAGE,
    });
    if end < total {
        records["cursor"] = json!(cursor::issue(shared.cursor_key, fingerprint, end, now));
    }
    Ok((offset.min(total)..end, records))
}

/// Checks a date-time range the way Gong does; `Err` is the 400.
pub fn checked_range(
    shared: &Shared,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), Refusal> {
    let from = from.and_then(parse_instant).ok_or_else(|| {
        Refusal::new(
            StatusCode::BAD_REQUEST,
            "fromDateTime is required and must be ISO-8601",
        )
    })?;
    let to = match to {
        Some(text) => parse_instant(text)
            .ok_or_else(|| Refusal::new(StatusCode::BAD_REQUEST, "toDateTime must be ISO-8601"))?,
        None if shared.config.strict_to_date => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                "toDateTime is required",
            ));
        }
        None => shared.clock.now(),
    };
    if from >= to {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            "fromDateTime must be before toDateTime",
        ));
    }
    if to - from > Duration::days(i64::from(shared.config.max_range_days)) {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            &format!(
                "The date range may not exceed {} days",
                shared.config.max_range_days
            ),
        ));
    }
    Ok((from, to))
}
