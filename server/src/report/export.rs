//! `report --format json|csv`: the fields of docs/product.md's public interface, in its order. CSV cells
//! that a spreadsheet would run as a formula are neutralised.

use chrono::SecondsFormat;
use serde_json::{json, Value};

use super::{Report, ReportRow};

/// The columns, in the order of the public interface.
pub const FIELDS: [&str; 13] = [
    "id",
    "email",
    "name",
    "manager_id",
    "active",
    "status",
    "last_active",
    "last_active_signal",
    "last_hosted_call",
    "calls_30d",
    "calls_90d",
    "calls_365d",
    "reason",
];

fn cells(row: &ReportRow) -> [Value; 13] {
    [
        json!(row.id),
        json!(row.email),
        json!(row.name),
        json!(row.manager_id),
        json!(row.active),
        json!(row.status.as_str()),
        json!(row.last_active.map(|d| d.to_string())),
        json!(row.last_active_signal.map(|s| s.as_str())),
        json!(row
            .last_hosted_call
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))),
        json!(row.calls_30d),
        json!(row.calls_90d),
        json!(row.calls_365d),
        json!(row.reason),
    ]
}

pub fn to_json(report: &Report) -> String {
    let users: Vec<Value> = report
        .rows
        .iter()
        .map(|row| {
            let object: serde_json::Map<String, Value> = FIELDS
                .iter()
                .map(|f| f.to_string())
                .zip(cells(row))
                .collect();
            Value::Object(object)
        })
        .collect();
    let mut document = serde_json::Map::new();
    document.insert(
        "as_of".into(),
        json!(report.as_of.to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    document.insert("lookback_days".into(), json!(report.lookback_days));
    document.insert(
        "signals".into(),
        json!(report
            .signals
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()),
    );
    document.insert("users".into(), Value::Array(users));
    serde_json::to_string_pretty(&Value::Object(document)).expect("JSON values serialise")
}

pub fn to_csv(report: &Report) -> String {
    let mut out = FIELDS.join(",");
    out.push_str("\r\n");
    for row in &report.rows {
        let line: Vec<String> = cells(row)
            .iter()
            .map(|cell| match cell {
                Value::Null => String::new(),
                Value::String(text) => quote(&neutralise(text)),
                other => other.to_string(),
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`,
/// so a spreadsheet shows it as text instead of running it (docs/product.md, "Pages"; OWASP's
/// CSV injection list: a spreadsheet may drop the leading tab or CR and read what follows).
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// RFC 4180 quoting, only where needed.
pub fn quote(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::report::{Signal, Status};

    fn report() -> Report {
        Report {
            as_of: "2026-11-23T10:00:00Z".parse::<DateTime<Utc>>().unwrap(),
            lookback_days: 365,
            signals: vec![Signal::Hosted],
            rows: vec![
                ReportRow {
                    id: "18446744073709551615".into(),
                    email: "zoe@example.com".into(),
                    name: "=HYPERLINK(\"x\"), Zoë".into(),
                    manager_id: None,
                    active: true,
                    status: Status::Inactive,
                    last_active: Some("2026-03-02".parse().unwrap()),
                    last_active_signal: Some(Signal::Hosted),
                    last_hosted_call: Some("2026-03-02T12:00:00.250Z".parse().unwrap()),
                    calls_30d: Some(0),
                    calls_90d: Some(0),
                    calls_365d: Some(4),
                    reason: Some("no hosted call since 2026-03-02, 266 days".into()),
                },
                ReportRow {
                    id: "2".into(),
                    email: "x@example.com".into(),
                    name: "<script>alert(1)</script>".into(),
                    manager_id: Some("18446744073709551615".into()),
                    active: false,
                    status: Status::Deactivated,
                    last_active: None,
                    last_active_signal: None,
                    last_hosted_call: None,
                    calls_30d: None,
                    calls_90d: None,
                    calls_365d: None,
                    reason: None,
                },
            ],
        }
    }

    #[test]
    fn json_has_the_public_fields_in_order_and_ids_as_strings() {
        let text = to_json(&report());
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["as_of"], "2026-11-23T10:00:00Z");
        assert_eq!(value["signals"], json!(["hosted"]));
        let first = &value["users"][0];
        assert_eq!(first["id"], "18446744073709551615");
        assert_eq!(first["last_hosted_call"], "2026-03-02T12:00:00Z");
        assert_eq!(first["status"], "inactive");
        assert!(value["users"][1]["calls_30d"].is_null());
        let keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = FIELDS.to_vec();
        sorted.sort();
        let mut got = keys.clone();
        got.sort();
        assert_eq!(got, sorted);
        let positions: Vec<usize> = FIELDS
            .iter()
            .map(|f| text.find(&format!("\"{f}\"")).unwrap())
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "fields out of order"
        );
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes_commas_and_quotes() {
        let text = to_csv(&report());
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next().unwrap(), FIELDS.join(","));
        let first = lines.next().unwrap();
        assert!(
            first.starts_with(
                "18446744073709551615,zoe@example.com,\"'=HYPERLINK(\"\"x\"\"), Zoë\","
            ),
            "{first}"
        );
        assert!(
            first.ends_with(",0,0,4,\"no hosted call since 2026-03-02, 266 days\""),
            "{first}"
        );
        let second = lines.next().unwrap();
        assert_eq!(
            second,
            "2,x@example.com,<script>alert(1)</script>,18446744073709551615,false,deactivated,,,,,,,"
        );
    }

    #[test]
    fn every_formula_prefix_is_neutralised() {
        for text in ["=1+1", "+1", "-1", "@SUM(A1)"] {
            assert_eq!(neutralise(text), format!("'{text}"));
        }
        assert_eq!(neutralise("Ana"), "Ana");
    }
}
