//! Opaque cursors bound to the request's other inputs, signed with a per-simulator key and valid
//! for a TTL. Gong documents neither lifetime nor error (docs/gong-api.md: ours); expired, foreign
//! or reused-with-different-inputs cursors answer 400.

use std::hash::{DefaultHasher, Hash, Hasher};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{DateTime, Duration, Utc};

fn digest(parts: &[&dyn Fn(&mut DefaultHasher)]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in parts {
        part(&mut hasher);
    }
    hasher.finish()
}

/// A fingerprint of the inputs a cursor must be repeated with.
pub fn fingerprint(inputs: &str) -> u64 {
    digest(&[&|h| inputs.hash(h)])
}

pub fn issue(key: u64, inputs: u64, offset: usize, now: DateTime<Utc>) -> String {
    let issued = now.timestamp();
    let mac = digest(&[
        &|h| key.hash(h),
        &|h| inputs.hash(h),
        &|h| offset.hash(h),
        &|h| issued.hash(h),
    ]);
    URL_SAFE_NO_PAD.encode(format!("{offset}.{issued}.{inputs:x}.{mac:x}"))
}

/// The offset a cursor points at, or the error text for the 400.
pub fn redeem(
    key: u64,
    inputs: u64,
    cursor: &str,
    now: DateTime<Utc>,
    ttl: Duration,
) -> Result<usize, &'static str> {
    let foreign = "Invalid cursor: it was not issued for this company";
    let text = URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or(foreign)?;
    let parts: Vec<&str> = text.split('.').collect();
    let [offset, issued, bound, mac] = parts[..] else {
        return Err(foreign);
    };
    let offset: usize = offset.parse().map_err(|_| foreign)?;
    let issued: i64 = issued.parse().map_err(|_| foreign)?;
    let bound = u64::from_str_radix(bound, 16).map_err(|_| foreign)?;
    let expected = digest(&[
        &|h| key.hash(h),
        &|h| bound.hash(h),
        &|h| offset.hash(h),
        &|h| issued.hash(h),
    ]);
    if u64::from_str_radix(mac, 16).ok() != Some(expected) {
        return Err(foreign);
    }
    if bound != inputs {
        return Err(
            "Invalid cursor: the request's other parameters changed since the cursor was issued",
        );
    }
    if now.timestamp() - issued > ttl.num_seconds() {
        return Err("The cursor has expired; start again from the first page");
    }
    Ok(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_is_redeemed_only_with_the_same_inputs_key_and_within_its_ttl() {
        let now = Utc::now();
        let ttl = Duration::minutes(5);
        let inputs = fingerprint("GET /v2/calls from=a to=b");
        let cursor = issue(1, inputs, 200, now);
        assert_eq!(redeem(1, inputs, &cursor, now, ttl), Ok(200));
        assert!(redeem(2, inputs, &cursor, now, ttl)
            .unwrap_err()
            .contains("not issued"));
        assert!(redeem(1, fingerprint("other"), &cursor, now, ttl)
            .unwrap_err()
            .contains("changed"));
        assert!(redeem(1, inputs, &cursor, now + Duration::minutes(6), ttl)
            .unwrap_err()
            .contains("expired"));
        assert!(redeem(1, inputs, "garbage", now, ttl).is_err());
    }
}
